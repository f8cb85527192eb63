package io.ferrymq.remoting;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** TLS, channel events with idle close, server-to-client calls, default processor. */
class ServerFeaturesTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() {
        cleanup.forEach(Runnable::run);
        executor.shutdownNow();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void tlsServerServesTlsClientsAndRejectsPlaintext() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        cleanup.add(cert::delete);
        io.ferrymq.remoting.tls.ServerTls policy = new io.ferrymq.remoting.tls.ServerTls("tls",
                io.ferrymq.remoting.tls.TlsMode.ENFORCING, cert.certificate().toPath(), cert.privateKey().toPath(),
                null, 1000, io.ferrymq.common.Clock.SYSTEM, new io.ferrymq.common.fault.FaultRegistry(
                        io.ferrymq.common.Clock.SYSTEM)).open();
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("tls").bindAddress("127.0.0.1")
                .tls(policy));
        server.registerProcessor(1, (ch, req) -> RemotingCommand.response(0, "secure"), executor);
        server.start();
        cleanup.add(server::shutdown);
        String addr = "127.0.0.1:" + server.port();

        RemotingClient tls = new RemotingClient(new RemotingClientConfig().name("tls-client")
                .tls(TlsConfig.clientTrusting(cert.certificate()).verifyHostname(false)));
        cleanup.add(tls::shutdown);
        assertEquals("secure", tls.invokeSync(addr, RemotingCommand.request(1), 5000).remark());

        RemotingClient plain = new RemotingClient(new RemotingClientConfig().name("plain-client"));
        cleanup.add(plain::shutdown);
        assertThrows(RemotingException.class, () -> plain.invokeSync(addr, RemotingCommand.request(1), 1500));
    }

    @Test
    void channelEventsAreDeliveredAndIdleConnectionsClosed() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("events").bindAddress("127.0.0.1")
                .channelMaxIdleSeconds(1));
        server.setChannelEventListener(new ChannelEventListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                events.add("connect");
            }

            @Override
            public void onIdle(RemotingChannel channel) {
                events.add("idle");
            }

            @Override
            public void onClose(RemotingChannel channel) {
                events.add("close");
            }
        });
        server.registerProcessor(1, (ch, req) -> RemotingCommand.response(0, ch.remoteAddress()), executor);
        server.start();
        cleanup.add(server::shutdown);
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("events-client"));
        cleanup.add(client::shutdown);
        String addr = "127.0.0.1:" + server.port();
        RemotingCommand r = client.invokeSync(addr, RemotingCommand.request(1), 3000);
        assertTrue(r.remark().startsWith("127.0.0.1:"), "processor sees the peer address");
        await(() -> events.contains("close"), "idle close");
        assertEquals(List.of("connect", "idle", "close"), events);
        await(() -> !client.isConnected(addr), "the client to see the close"); // its own I/O thread notices later
        assertEquals("" + r.remark().isEmpty(), "false");
        assertNotNull(client.invokeSync(addr, RemotingCommand.request(1), 3000), "client reconnects after close");
    }

    @Test
    void serverCallsItsClientOverTheSameConnection() throws Exception {
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("callback").bindAddress("127.0.0.1"));
        List<RemotingChannel> channels = new CopyOnWriteArrayList<>();
        server.registerProcessor(1, (ch, req) -> {
            channels.add(ch);
            return RemotingCommand.response(0, null);
        }, executor);
        server.start();
        cleanup.add(server::shutdown);
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("callback-client"));
        cleanup.add(client::shutdown);
        List<String> notified = new CopyOnWriteArrayList<>();
        client.registerProcessor(40, (ch, req) -> {
            notified.add(req.extFields().get("consumerGroup"));
            return RemotingCommand.response(0, "got it");
        }, executor);
        client.invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(1), 3000);
        RemotingChannel ch = channels.get(0);
        RemotingCommand answer = server.invokeSync(ch, RemotingCommand.request(40).putExt("consumerGroup", "CG"), 3000);
        assertEquals("got it", answer.remark());
        server.invokeOneway(ch, RemotingCommand.request(40).putExt("consumerGroup", "CG2"), 3000);
        await(() -> notified.size() == 2, "oneway notification");
        assertEquals(List.of("CG", "CG2"), notified);
    }

    @Test
    void defaultProcessorHandlesUnregisteredCodes() throws Exception {
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("default").bindAddress("127.0.0.1"));
        server.registerDefaultProcessor((ch, req) -> RemotingCommand.response(0, "default " + req.code()), executor);
        server.start();
        cleanup.add(server::shutdown);
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("default-client"));
        cleanup.add(client::shutdown);
        assertEquals("default 777", client.invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(777),
                3000).remark());
    }

    @Test
    void invalidConfigurationNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RemotingServer(new RemotingServerConfig().listenPort(70000)));
        assertTrue(e.getMessage().contains("listenPort"));
    }
}
