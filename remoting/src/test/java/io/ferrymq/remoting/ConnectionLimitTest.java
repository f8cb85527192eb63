package io.ferrymq.remoting;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.management.UnixOperatingSystemMXBean;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxConnections} bounds the connections a server keeps: thousands of idle connections beyond it are closed
 * as soon as they are accepted, counted and logged once a second naming the limit; the connection already admitted
 * is served, and once the idle ones go, new clients are served again. The figure it prints is in
 * docs/security.md ("Figures").
 */
@Timeout(60)
class ConnectionLimitTest {
    private static final int LIMIT = 2_000;
    private static final int ATTEMPTS = 3_000;
    /** Descriptors the test needs: its own end of every attempt, the server's end of the admitted ones, slack. */
    private static final long FDS_NEEDED = ATTEMPTS + LIMIT + 500;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<SocketChannel> idle = new ArrayList<>();
    private RemotingServer server;
    private RemotingClient client;

    @BeforeEach
    void start() {
        server = new RemotingServer(new RemotingServerConfig().name("limit-test").bindAddress("127.0.0.1")
                .maxConnections(LIMIT));
        server.registerProcessor(1, (ch, req) -> RemotingCommand.response(0, "pong"), executor);
        server.start();
        client = new RemotingClient(new RemotingClientConfig().name("limit-test-client"));
    }

    @AfterEach
    void stop() throws IOException {
        for (SocketChannel s : idle) {
            s.close();
        }
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private String addr() {
        return "127.0.0.1:" + server.port();
    }

    /** True when the server closed {@code s}: a non-blocking read sees the end of the stream or a reset. */
    private static boolean closedByServer(SocketChannel s) {
        try {
            return s.read(ByteBuffer.allocate(1)) == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Polls the idle connections until {@code expected} of them are closed by the server (10 s at most). */
    private int awaitClosedByServer(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int closed;
        do {
            closed = 0;
            for (SocketChannel s : idle) {
                closed += closedByServer(s) ? 1 : 0;
            }
        } while (closed < expected && System.nanoTime() < deadline && sleepBriefly());
        return closed;
    }

    private static boolean sleepBriefly() throws InterruptedException {
        Thread.sleep(50); // polling socket state, which has no completion to wait on
        return true;
    }

    @Test
    void thousandsOfIdleConnectionsBeyondTheLimitAreClosedLoggedAndTheAdmittedClientStillServed() throws Exception {
        long maxFds = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        if (maxFds < FDS_NEEDED) {
            String why = "skipped: " + ATTEMPTS + " idle connections against maxConnections=" + LIMIT + " need about "
                    + FDS_NEEDED + " file descriptors, ulimit -n is " + maxFds + " (raise it with ulimit -n)";
            System.out.println(why);
            Assumptions.assumeTrue(false, why);
        }
        assertEquals("pong", client.invokeSync(addr(), RemotingCommand.request(1), 3000).remark());
        long started = System.nanoTime();
        try (LogCapture log = new LogCapture(ConnectionLimit.class)) {
            for (int i = 0; i < ATTEMPTS; i++) {
                SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                s.configureBlocking(false);
                idle.add(s);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.refusedConnections() < ATTEMPTS - LIMIT + 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(ATTEMPTS - LIMIT + 1, server.refusedConnections(),
                    "the client's connection plus " + (LIMIT - 1) + " idle ones fill the limit; every later one "
                            + "(the " + (LIMIT + 1) + "th on) is refused");
            while (server.connectionCount() < LIMIT && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // an admitted connection joins the server's group just after its admission
            }
            assertEquals(LIMIT, server.connectionCount(), "open on the server");
            assertTrue(log.warnings().stream().anyMatch(w -> w.contains("maxConnections=" + LIMIT)
                    && w.contains("refusing connection from 127.0.0.1:")), "got " + log.warnings());
        }
        assertEquals(ATTEMPTS - LIMIT + 1, awaitClosedByServer(ATTEMPTS - LIMIT + 1),
                "each refused connection is closed by the server, and only those");
        assertEquals("pong", client.invokeSync(addr(), RemotingCommand.request(1), 3000).remark(),
                "the connection admitted before the flood is still served");
        System.out.printf("FIGURE: %d idle connections against maxConnections=%d: %d refused and closed, %d kept, "
                        + "the admitted client served; %d ms%n", ATTEMPTS, LIMIT, server.refusedConnections(),
                server.connectionCount(), (System.nanoTime() - started) / 1_000_000);
        for (SocketChannel s : idle) {
            s.close();
        }
        idle.clear();
        client.closeChannel(addr());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("pong", client.invokeSync(addr(), RemotingCommand.request(1), 3000).remark(),
                "once the idle connections are gone, a new connection is served");
    }
}
