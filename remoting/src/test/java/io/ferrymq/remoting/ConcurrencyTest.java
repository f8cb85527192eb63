package io.ferrymq.remoting;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/** Many callers, many requests: every future completes exactly once, none leak, timeouts and permits hold. */
class ConcurrencyTest {
    private static final int ECHO = 1;
    private static final int NEVER_ANSWER = 2;
    private static final int BLOCK = 3;

    private final ExecutorService serverExecutor = Executors.newFixedThreadPool(4);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        serverExecutor.shutdownNow();
    }

    private RemotingServer server() {
        RemotingServer s = new RemotingServer(new RemotingServerConfig().name("concurrency").bindAddress("127.0.0.1"));
        s.registerProcessor(ECHO, (ch, req) -> RemotingCommand.response(0, null).body(req.body()), serverExecutor);
        s.registerProcessor(NEVER_ANSWER, (ch, req) -> null, serverExecutor);
        s.start();
        toClose.add(s::shutdown);
        return s;
    }

    private RemotingClient client(RemotingClientConfig cfg) {
        RemotingClient c = new RemotingClient(cfg);
        toClose.add(c::shutdown);
        return c;
    }

    @Test
    void fortyThousandAsyncRequestsFromEightThreadsEachCompleteExactlyOnce() throws Exception {
        RemotingServer server = server();
        RemotingClient client = client(new RemotingClientConfig().name("concurrency-client"));
        String addr = "127.0.0.1:" + server.port();
        int threads = 8;
        int perThread = 5000;
        AtomicIntegerArray completions = new AtomicIntegerArray(threads * perThread);
        AtomicIntegerArray wrongBody = new AtomicIntegerArray(1);
        List<CompletableFuture<RemotingCommand>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    byte[] body = java.nio.ByteBuffer.allocate(4).putInt(id).array();
                    // the deadline is not what this test is about: 40,000 requests in flight on a loaded 2-core
                    // machine (a CI run beside other builds) once took longer than 10 s to be answered
                    CompletableFuture<RemotingCommand> f = client.invokeAsync(addr,
                            RemotingCommand.request(ECHO).body(body), 90_000);
                    f.whenComplete((r, e) -> {
                        completions.incrementAndGet(id);
                        if (e != null || java.nio.ByteBuffer.wrap(r.body()).getInt() != id) {
                            wrongBody.incrementAndGet(0);
                        }
                    });
                    all.add(f);
                }
                done.countDown();
            }, "caller-" + t);
            th.start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && countCompleted(completions) < completions.length()) {
            Thread.sleep(10);
        }
        for (int i = 0; i < completions.length(); i++) {
            assertEquals(1, completions.get(i), "request " + i + " completed exactly once");
        }
        assertEquals(0, wrongBody.get(0), "every response matched its own request");
        assertEquals(0, client.pendingRequests(), "no pending request leaked");
    }

    private static int countCompleted(AtomicIntegerArray a) {
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            n += a.get(i) > 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void unansweredRequestsTimeOutNearTheirDeadline() throws Exception {
        RemotingServer server = server();
        RemotingClient client = client(new RemotingClientConfig().name("timeout-client"));
        String addr = "127.0.0.1:" + server.port();
        client.invokeSync(addr, RemotingCommand.request(ECHO), 3000); // connect first
        long start = System.nanoTime();
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(client.invokeAsync(addr, RemotingCommand.request(NEVER_ANSWER), 300));
        }
        for (CompletableFuture<RemotingCommand> f : futures) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertInstanceOf(RemotingTimeoutException.class, e.getCause());
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 300 && elapsedMs < 2000, "timed out after " + elapsedMs + " ms");
        assertEquals(0, client.pendingRequests());

        long s2 = System.nanoTime();
        assertThrows(RemotingTimeoutException.class,
                () -> client.invokeSync(addr, RemotingCommand.request(NEVER_ANSWER), 200));
        long syncMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s2);
        assertTrue(syncMs >= 200 && syncMs < 1500, "sync timeout after " + syncMs + " ms");
        assertEquals(0, client.pendingRequests());
    }

    @Test
    void asyncPermitsBoundRequestsInFlight() throws Exception {
        RemotingServer server = server();
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor(BLOCK, (ch, req) -> {
            release.await(10, TimeUnit.SECONDS);
            return RemotingCommand.response(0, null);
        }, Executors.newCachedThreadPool());
        RemotingClient client = client(new RemotingClientConfig().name("permit-client").asyncPermits(10));
        String addr = "127.0.0.1:" + server.port();
        List<CompletableFuture<RemotingCommand>> inFlight = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inFlight.add(client.invokeAsync(addr, RemotingCommand.request(BLOCK), 10_000));
        }
        CompletableFuture<RemotingCommand> rejected = client.invokeAsync(addr, RemotingCommand.request(BLOCK), 100);
        ExecutionException e = assertThrows(ExecutionException.class, () -> rejected.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RemotingTooMuchRequestException.class, e.getCause());
        release.countDown();
        for (CompletableFuture<RemotingCommand> f : inFlight) {
            assertEquals(0, f.get(10, TimeUnit.SECONDS).code());
        }
        assertEquals(0, client.invokeAsync(addr, RemotingCommand.request(ECHO), 3000).get(5, TimeUnit.SECONDS).code(),
                "permits are returned when responses arrive");
    }

    @Test
    void pendingRequestsFailAtOnceWhenTheConnectionCloses() throws Exception {
        RemotingServer server = server();
        RemotingClient client = client(new RemotingClientConfig().name("close-client"));
        String addr = "127.0.0.1:" + server.port();
        CompletableFuture<RemotingCommand> f = client.invokeAsync(addr, RemotingCommand.request(NEVER_ANSWER), 30_000);
        client.invokeSync(addr, RemotingCommand.request(ECHO), 3000);
        long start = System.nanoTime();
        server.shutdown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemotingConnectException.class, e.getCause());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
    }

    @Test
    void connectingToAClosedPortFailsWithAConnectException() {
        RemotingClient client = client(new RemotingClientConfig().name("refused-client"));
        int port = FreePort.pick();
        RemotingConnectException e = assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("127.0.0.1:" + port, RemotingCommand.request(ECHO), 2000));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port));
        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("no-port-here", RemotingCommand.request(ECHO), 2000));
    }
}
