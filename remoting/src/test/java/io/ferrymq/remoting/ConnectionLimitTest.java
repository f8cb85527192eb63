package io.ferrymq.remoting;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxConnections} bounds the connections a server keeps: idle connections beyond it are closed as soon as
 * they are accepted, counted and logged once a second naming the limit; the connections already admitted are
 * served, and once the idle ones go, new clients are served again.
 */
@Timeout(60)
class ConnectionLimitTest {
    private static final int LIMIT = 50;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<Socket> idle = new ArrayList<>();
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
        for (Socket s : idle) {
            s.close();
        }
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private String addr() {
        return "127.0.0.1:" + server.port();
    }

    /** True when the server closed {@code s} (read sees the end of the stream) within the socket timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedLoggedAndTheAdmittedOnesStillServed() throws Exception {
        assertEquals("pong", client.invokeSync(addr(), RemotingCommand.request(1), 3000).remark());
        int attempts = LIMIT * 4;
        try (LogCapture log = new LogCapture(ConnectionLimit.class)) {
            for (int i = 0; i < attempts; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 3000);
                idle.add(s);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.refusedConnections() < attempts - LIMIT + 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(attempts - LIMIT + 1, server.refusedConnections(),
                    "the client's connection plus " + (LIMIT - 1) + " idle ones fill the limit");
            assertTrue(server.connectionCount() <= LIMIT, "open: " + server.connectionCount());
            assertTrue(log.warnings().stream().anyMatch(w -> w.contains("maxConnections=" + LIMIT)
                    && w.contains("refusing connection from 127.0.0.1:")), "got " + log.warnings());
        }
        int closed = 0;
        for (Socket s : idle) {
            s.setSoTimeout(100); // refusals were counted above, so their FIN is already on its way
            if (closedByServer(s)) {
                closed++;
            }
        }
        assertEquals(attempts - LIMIT + 1, closed, "each refused connection is closed by the server");
        assertEquals("pong", client.invokeSync(addr(), RemotingCommand.request(1), 3000).remark(),
                "the connection admitted before the flood is still served");
        for (Socket s : idle) {
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
