package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a binding admits are processed on the Netty I/O thread that decoded them, with everything the
 * executor path gives (guard, error answers), and with flush consolidation on every answer still leaves promptly:
 * those written during a read burst at its end, those written later from another thread at once.
 */
class IoThreadProcessingTest {
    private static final int CODE = 310;
    /** Requests carrying this ext field are refused by the binding's test, so they go to the executor. */
    private static final String SLOW = "slow";

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> new Thread(r, "test-executor"));
    private final List<Runnable> cleanup = new ArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        cleanup.forEach(Runnable::run);
        executor.shutdownNow();
    }

    private static final Predicate<RemotingCommand> FAST = req -> req.extFields() == null
            || !req.extFields().containsKey(SLOW);

    private RemotingServer server(RequestProcessor processor, Predicate<RemotingCommand> onIoThread) {
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("inline").bindAddress("127.0.0.1")
                .ioThreads(1).flushConsolidation(true));
        server.registerProcessor(processor, executor, onIoThread, CODE);
        server.start();
        cleanup.add(server::shutdown);
        return server;
    }

    private RemotingClient client() {
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("inline-client"));
        cleanup.add(client::shutdown);
        return client;
    }

    private RequestProcessor recordingThread(String remark) {
        return (ch, req) -> {
            threads.add(Thread.currentThread().getName());
            return RemotingCommand.response(ResponseCode.SUCCESS, remark);
        };
    }

    @Test
    void anAdmittedRequestIsProcessedOnTheIoThreadAndARefusedOneOnTheExecutor() throws Exception {
        RemotingServer server = server(recordingThread("done"), FAST);
        String addr = "127.0.0.1:" + server.port();
        RemotingClient client = client();

        assertEquals("done", client.invokeSync(addr, RemotingCommand.request(CODE), 5000).remark());
        assertEquals("done", client.invokeSync(addr, RemotingCommand.request(CODE).putExt(SLOW, "1"), 5000).remark());

        assertTrue(threads.get(0).startsWith("inline-io"), "admitted request ran on " + threads.get(0));
        assertEquals("test-executor", threads.get(1));
    }

    @Test
    void aBusyAnswerOfAProcessorOnTheIoThreadPassesTheResponseObserverLikeAnyOther() throws Exception {
        RemotingServer server = server((ch, req) -> RemotingCommand.response(ResponseCode.SYSTEM_BUSY,
                "[PC_SYNCHRONIZED] broker busy"), FAST);
        List<String> observed = new CopyOnWriteArrayList<>();
        server.setResponseObserver((request, response, nanos) -> observed.add(request + "->" + response));

        RemotingCommand r = client().invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(CODE), 5000);

        assertEquals(ResponseCode.SYSTEM_BUSY, r.code());
        assertEquals(List.of(CODE + "->" + ResponseCode.SYSTEM_BUSY), observed, "counted before it was written");
    }

    @Test
    void aRequestHandedToTheExecutorKeepsTheTimeItArrivedNotTheTimeItStarted() throws Exception {
        CountDownLatch executorFree = new CountDownLatch(1);
        executor.execute(() -> {
            try {
                executorFree.await(10, TimeUnit.SECONDS); // the only executor thread is busy elsewhere
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Long> arrival = new CompletableFuture<>();
        RemotingServer server = server((ch, req) -> {
            arrival.complete(req.arrivalNanos());
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        }, FAST);
        CompletableFuture<RemotingCommand> answer = client().invokeAsync("127.0.0.1:" + server.port(),
                RemotingCommand.request(CODE).putExt(SLOW, "1"), 10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.getQueue().isEmpty()) { // decoded and queued behind the busy thread
            assertTrue(System.nanoTime() < deadline, "the request never reached the executor");
            Thread.onSpinWait();
        }
        long queuedBy = System.nanoTime();
        executorFree.countDown();

        assertEquals(ResponseCode.SUCCESS, answer.get(10, TimeUnit.SECONDS).code());
        long arrived = arrival.get(10, TimeUnit.SECONDS);
        assertTrue(arrived != 0 && arrived - queuedBy <= 0, "stamped on arrival, before it queued: " + arrived
                + " vs " + queuedBy);
    }

    @Test
    void failuresOnTheIoThreadAreAnsweredLikeOnTheExecutor() throws Exception {
        RemotingServer server = server((ch, req) -> {
            if (req.extFields() != null && req.extFields().containsKey("header")) {
                throw new HeaderFieldException("queueId", "is not a number: x");
            }
            throw new IllegalStateException("the store is on fire");
        }, FAST);
        String addr = "127.0.0.1:" + server.port();
        RemotingClient client = client();

        RemotingCommand crash = client.invokeSync(addr, RemotingCommand.request(CODE), 5000);
        assertEquals(ResponseCode.SYSTEM_ERROR, crash.code());
        assertTrue(crash.remark().contains("the store is on fire"), crash.remark());
        RemotingCommand bad = client.invokeSync(addr, RemotingCommand.request(CODE).putExt("header", "1"), 5000);
        assertEquals(ResponseCode.INVALID_PARAMETER, bad.code());
        assertEquals("is not a number: x", bad.remark());
        // the connection survives both and still serves
        assertEquals(ResponseCode.SYSTEM_ERROR, client.invokeSync(addr, RemotingCommand.request(CODE), 5000).code());
    }

    @Test
    void theGuardStillDecidesFirst() throws Exception {
        RemotingServer server = server(recordingThread("processed"), FAST);
        server.setRequestGuard((ch, req) -> RemotingCommand.response(ResponseCode.NO_PERMISSION, "no entry"));
        RemotingCommand r = client().invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(CODE), 5000);
        assertEquals(ResponseCode.NO_PERMISSION, r.code());
        assertEquals("no entry", r.remark());
        assertTrue(threads.isEmpty(), "the processor never ran");
    }

    @Test
    void aTestThatThrowsSendsTheRequestToTheExecutor() throws Exception {
        RemotingServer server = server(recordingThread("done"), req -> {
            throw new IllegalArgumentException("cannot tell");
        });
        assertEquals("done", client().invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(CODE), 5000)
                .remark());
        assertEquals(List.of("test-executor"), threads);
    }

    @Test
    void hundredRequestsWrittenInOneBurstAreAllAnswered() throws Exception {
        RemotingServer server = server((ch, req) -> RemotingCommand.response(ResponseCode.SUCCESS,
                "answer-" + req.opaque()), FAST);
        ByteBuf burst = Unpooled.buffer();
        for (int i = 0; i < 100; i++) {
            RemotingCommand req = RemotingCommand.request(CODE).opaque(1000 + i);
            ByteBuf frame = FrameCodec.encodeHeaderAndArrayBody(req, UnpooledByteBufAllocator.DEFAULT);
            burst.writeBytes(frame);
            frame.release();
        }
        byte[] bytes = new byte[burst.readableBytes()];
        burst.readBytes(bytes);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(10_000); // bounds the wait: a missing flush fails the read instead of hanging
            OutputStream out = s.getOutputStream();
            out.write(bytes); // one write: the server reads them in as few reads as the kernel delivers
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                RemotingCommand resp = FrameCodec.decode(Unpooled.wrappedBuffer(frame));
                assertTrue(resp.isResponse());
                assertEquals("answer-" + resp.opaque(), resp.remark());
                answered.add(resp.opaque());
            }
            assertEquals(100, answered.size(), "every request answered once");
        }
    }

    @Test
    void anAnswerWrittenLaterFromAnotherThreadIsFlushedWithoutFurtherReads() throws Exception {
        CountDownLatch processed = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        RemotingServer server = server((ch, req) -> {
            // like a SYNC_FLUSH put: nothing to answer now, the flush thread answers when the disk is forced
            release.thenRun(() -> ch.reply(req, RemotingCommand.response(ResponseCode.SUCCESS, "later")));
            processed.countDown();
            return null;
        }, FAST);
        RemotingClient client = client();
        CompletableFuture<RemotingCommand> answer = client.invokeAsync("127.0.0.1:" + server.port(),
                RemotingCommand.request(CODE), 10_000);
        assertTrue(processed.await(10, TimeUnit.SECONDS));
        // answered from this (test) thread, after the read burst that carried the request; no more requests come
        release.complete(null);
        assertEquals("later", answer.get(10, TimeUnit.SECONDS).remark());
    }

    @Test
    void whileARequestOfAConnectionWaitsOnTheExecutorItsNextOnesWaitThereToo() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch letSlowFinish = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        RemotingServer server = server((ch, req) -> {
            boolean slow = req.extFields() != null && req.extFields().containsKey(SLOW);
            if (slow) {
                slowStarted.countDown();
                assertTrue(letSlowFinish.await(10, TimeUnit.SECONDS));
            }
            order.add((slow ? "slow@" : "fast@") + Thread.currentThread().getName());
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        }, FAST);
        String addr = "127.0.0.1:" + server.port();
        RemotingClient client = client();
        CompletableFuture<RemotingCommand> slow = client.invokeAsync(addr,
                RemotingCommand.request(CODE).putExt(SLOW, "1"), 10_000);
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<RemotingCommand> fast = client.invokeAsync(addr, RemotingCommand.request(CODE), 10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.getQueue().isEmpty()) { // the admitted request queued behind the slow one
            assertTrue(System.nanoTime() < deadline, "the second request never reached the executor");
            Thread.sleep(5);
        }
        letSlowFinish.countDown();
        slow.get(10, TimeUnit.SECONDS);
        fast.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("slow@test-executor", "fast@test-executor"), order,
                "the admitted request did not overtake the one still on the executor");

        assertEquals(ResponseCode.SUCCESS, client.invokeSync(addr, RemotingCommand.request(CODE), 5000).code());
        assertTrue(order.get(2).startsWith("fast@inline-io"), "with nothing pending it runs inline again: " + order);
    }

    @Test
    void aClientsInvokeOnIoThreadCompletesOnTheConnectionsIoThreadAndNeverConnects() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        RemotingServer server = server((ch, req) -> {
            // answer only once the test has attached its continuation, so it runs where the response completes
            // the future, not on the test thread attaching it to an already completed one
            if (req.extFields() != null && req.extFields().containsKey("wait")) {
                attached.await(5, TimeUnit.SECONDS);
            }
            return RemotingCommand.response(ResponseCode.SUCCESS, "done");
        }, FAST);
        String addr = "127.0.0.1:" + server.port();
        RemotingClient client = client();

        CompletableFuture<RemotingCommand> unconnected = client.invokeOnIoThread(addr,
                RemotingCommand.request(CODE), 3000);
        assertTrue(unconnected.isCompletedExceptionally(), "no live connection: fails at once");
        Throwable why = unconnected.handle((r, e) -> e).join();
        assertTrue(why instanceof RemotingConnectException && why.getMessage().contains(addr), String.valueOf(why));

        client.invokeSync(addr, RemotingCommand.request(CODE), 3000); // connects
        CompletableFuture<String> completedOn = client.invokeOnIoThread(addr,
                        RemotingCommand.request(CODE).putExt("wait", "1"), 3000)
                .thenApply(r -> r.remark() + " on " + Thread.currentThread().getName());
        attached.countDown();
        String got = completedOn.get(3, TimeUnit.SECONDS);
        assertTrue(got.startsWith("done on inline-client-io"), got);
    }
}
