package io.ferrymq.remoting;

import io.ferrymq.testkit.TestCa;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.tls.ClientCertificates;
import io.ferrymq.remoting.tls.ServerTls;
import io.netty.handler.ssl.ClientAuth;
import io.ferrymq.remoting.tls.TlsMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The TLS modes of a server port (disabled, permissive, enforcing), certificate reload and the client's host
 * name check, against a throwaway CA.
 */
class TlsModesTest {
    @TempDir
    Path dir;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Runnable> cleanup = new ArrayList<>();
    private final FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);
    private TestCa ca;
    private Path caFile;
    private Path certFile;
    private Path keyFile;

    @BeforeEach
    void certificates() throws Exception {
        ca = TestCa.create("FerryMQ test CA");
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        certFile = ca.issue("first-server").writeTo(dir, "server");
        keyFile = dir.resolve("server.key");
    }

    @AfterEach
    void stop() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
        executor.shutdownNow();
    }

    private ServerTls policy(TlsMode mode) {
        return policy(mode, ClientCertificates.NONE);
    }

    private ServerTls policy(TlsMode mode, ClientCertificates clients) {
        ServerTls tls = new ServerTls("test-server", mode, certFile, keyFile, null, 1000, Clock.SYSTEM, faults)
                .clientCertificates(clients).open();
        cleanup.add(tls::close);
        return tls;
    }

    private String serve(ServerTls tls) {
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("tls-" + tls.mode())
                .bindAddress("127.0.0.1").tls(tls));
        server.registerProcessor(1, (ch, req) -> RemotingCommand.response(0, "served"), executor);
        server.start();
        cleanup.add(server::shutdown);
        return "127.0.0.1:" + server.port();
    }

    private RemotingClient client(TlsConfig tls) {
        RemotingClient c = new RemotingClient(new RemotingClientConfig().name("client").tls(tls));
        cleanup.add(c::shutdown);
        return c;
    }

    private String call(RemotingClient c, String addr) throws Exception {
        return c.invokeSync(addr, RemotingCommand.request(1), 30_000).remark();
    }

    /** Polls {@code condition} for up to 30 s (the machine may be loaded; nothing here is about speed). */
    private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void enforcingServesTlsClientsAndRefusesPlaintextWithALogLine() throws Exception {
        ServerTls tls = policy(TlsMode.ENFORCING);
        String addr = serve(tls);
        assertEquals("served", call(client(TlsConfig.clientTrusting(caFile.toFile())), addr));

        try (LogCapture log = new LogCapture(ServerTls.class)) {
            assertThrows(RemotingException.class, () -> client(null).invokeSync(addr, RemotingCommand.request(1),
                    30_000));
            await(() -> log.warnings().stream().anyMatch(w -> w.contains("refused a plaintext connection from "
                    + "127.0.0.1") && w.contains("tlsMode ENFORCING")), () -> "log: " + log.warnings());
        }
        // (the client may reconnect once after the close, so one or two refusals)
        assertTrue(tls.refusedConnections() >= 1);
        assertEquals(tls.refusedConnections(), faults.count(ServerTls.FAULT_PLAINTEXT_REFUSED));
        assertEquals(1, tls.tlsConnections());
    }

    @Test
    void permissiveServesBothOnOnePort() throws Exception {
        ServerTls tls = policy(TlsMode.PERMISSIVE);
        String addr = serve(tls);
        assertEquals("served", call(client(TlsConfig.clientTrusting(caFile.toFile())), addr));
        assertEquals("served", call(client(null), addr));
        assertEquals(1, tls.tlsConnections());
        assertEquals(1, tls.plaintextConnections());
        assertEquals(0, tls.refusedConnections());
    }

    @Test
    void mutualTlsServesOnlyClientsPresentingACertificateOfTheTrustedCa() throws Exception {
        ServerTls tls = policy(TlsMode.ENFORCING, new ClientCertificates(ClientAuth.REQUIRE, caFile));
        String addr = serve(tls);
        ca.issue("app-client").writeTo(dir, "client");
        TlsConfig withCertificate = TlsConfig.clientTrusting(caFile.toFile())
                .clientCertificate(dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile(), null);
        assertEquals("served", call(client(withCertificate), addr));

        TestCa.create("stranger CA").issue("stranger").writeTo(dir, "stranger");
        TlsConfig strangersCertificate = TlsConfig.clientTrusting(caFile.toFile())
                .clientCertificate(dir.resolve("stranger.crt").toFile(), dir.resolve("stranger.key").toFile(), null);
        try (LogCapture log = new LogCapture(ServerTls.class)) {
            assertThrows(RemotingException.class, () -> client(TlsConfig.clientTrusting(caFile.toFile()))
                    .invokeSync(addr, RemotingCommand.request(1), 10_000), "no client certificate");
            assertThrows(RemotingException.class, () -> client(strangersCertificate)
                    .invokeSync(addr, RemotingCommand.request(1), 10_000), "a certificate of another CA");
            await(() -> log.warnings().stream().anyMatch(w -> w.contains("TLS handshake with 127.0.0.1")
                    && w.contains("requires a client certificate signed by a CA of " + caFile)),
                    () -> "log: " + log.warnings());
        }
        await(() -> faults.count(ServerTls.FAULT_HANDSHAKE_FAILED) >= 2, () -> "failed handshakes counted: "
                + faults.count(ServerTls.FAULT_HANDSHAKE_FAILED));
        assertEquals(1, tls.tlsConnections(), "only the client with a trusted certificate got through");
        assertEquals("REQUIRE", tls.figures().get("tlsClientAuth"));
    }

    @Test
    void optionalClientAuthServesClientsWithoutACertificate() throws Exception {
        ServerTls tls = policy(TlsMode.ENFORCING, new ClientCertificates(ClientAuth.OPTIONAL, caFile));
        String addr = serve(tls);
        assertEquals("served", call(client(TlsConfig.clientTrusting(caFile.toFile())), addr));
        IllegalArgumentException noCa = assertThrows(IllegalArgumentException.class,
                () -> new ClientCertificates(ClientAuth.REQUIRE, null));
        assertTrue(noCa.getMessage().contains("tlsServerTrustCertPath"), noCa.getMessage());
    }

    @Test
    void disabledServesPlaintextAndRefusesTlsWithALogLine() throws Exception {
        ServerTls tls = ServerTls.disabled("test-server", faults);
        String addr = serve(tls);
        assertEquals("served", call(client(null), addr));
        try (LogCapture log = new LogCapture(ServerTls.class)) {
            assertThrows(RemotingException.class, () -> client(TlsConfig.clientTrusting(caFile.toFile()))
                    .invokeSync(addr, RemotingCommand.request(1), 30_000));
            await(() -> log.warnings().stream().anyMatch(w -> w.contains("refused a TLS handshake")),
                    () -> "log: " + log.warnings());
        }
        assertTrue(faults.count(ServerTls.FAULT_TLS_REFUSED) >= 1);
        assertEquals(0, tls.tlsConnections());
    }

    @Test
    void aReplacedCertificateIsPresentedToNewConnectionsWithoutRestart() throws Exception {
        ServerTls tls = policy(TlsMode.ENFORCING);
        String addr = serve(tls);
        int port = Integer.parseInt(addr.substring(addr.indexOf(':') + 1));
        assertEquals("CN=first-server", presentedSubject(port));

        ca.issue("second-server").writeTo(certFile, keyFile);
        tls.checkNow();
        assertEquals("CN=second-server", presentedSubject(port));
        assertEquals(1, tls.reloads());
        assertEquals("served", call(client(TlsConfig.clientTrusting(caFile.toFile())), addr));

        // a broken replacement is reported and the last good certificate stays in use
        Files.writeString(keyFile, "not a key");
        tls.checkNow();
        assertTrue(faults.failingConditions().stream().anyMatch(f -> f.name().equals(ServerTls.FAULT_CERTIFICATE_INVALID)
                && f.lastMessage().contains(keyFile.toString())), () -> "failing: " + faults.failingConditions());
        assertEquals("CN=second-server", presentedSubject(port));

        // so does a half-replaced pair (new certificate, old key): the key must belong to the certificate
        TestCa.Issued third = ca.issue("third-server");
        third.writeTo(certFile, dir.resolve("third.key"));
        ca.issue("second-server-again").writeTo(dir.resolve("unused.crt"), keyFile);
        tls.checkNow();
        assertTrue(faults.failingConditions().stream().anyMatch(f -> f.lastMessage().contains("does not belong")),
                () -> "failing: " + faults.failingConditions());
        assertEquals("CN=second-server", presentedSubject(port));

        Files.copy(dir.resolve("third.key"), keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        tls.checkNow();
        assertEquals("CN=third-server", presentedSubject(port));
        assertTrue(faults.healthy(), () -> "failing: " + faults.failingConditions());
    }

    @Test
    void reloadRunsByItselfWhenStarted() throws Exception {
        ServerTls tls = new ServerTls("test-server", TlsMode.ENFORCING, certFile, keyFile, null, 100, Clock.SYSTEM,
                faults).start();
        cleanup.add(tls::close);
        int port = Integer.parseInt(serve(tls).split(":")[1]);
        ca.issue("renewed-server").writeTo(certFile, keyFile);
        await(() -> {
            try {
                return "CN=renewed-server".equals(presentedSubject(port));
            } catch (Exception e) {
                return false;
            }
        }, () -> "the renewed certificate was not picked up");
    }

    @Test
    void theClientChecksThatTheCertificateNamesTheAddressDialled() throws Exception {
        ca.issue("elsewhere", "broker.example.org").writeTo(certFile, keyFile);
        String addr = serve(policy(TlsMode.ENFORCING));
        assertThrows(RemotingException.class, () -> client(TlsConfig.clientTrusting(caFile.toFile()))
                .invokeSync(addr, RemotingCommand.request(1), 30_000));
        assertEquals("served", call(client(TlsConfig.clientTrusting(caFile.toFile()).verifyHostname(false)), addr));
        // and a certificate from another CA is not trusted at all
        Path otherCa = TestCa.create("other CA").writeCertificate(dir.resolve("other-ca.crt"));
        assertThrows(RemotingException.class, () -> client(TlsConfig.clientTrusting(otherCa.toFile())
                .verifyHostname(false)).invokeSync(addr, RemotingCommand.request(1), 30_000));
    }

    @Test
    void badFilesFailTheStartNamingTheFile() throws Exception {
        Files.writeString(keyFile, "garbage");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policy(TlsMode.ENFORCING));
        assertTrue(e.getMessage().contains(keyFile.toString()), e.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new ServerTls("s", TlsMode.PERMISSIVE, dir.resolve("nope.crt"), keyFile, null, 1000,
                        Clock.SYSTEM, faults).open());
        assertTrue(missing.getMessage().contains("nope.crt"), missing.getMessage());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new ServerTls("s", TlsMode.ENFORCING, null, null, null, 1000, Clock.SYSTEM, faults));
        assertTrue(none.getMessage().contains("tlsServerCertPath"), none.getMessage());
    }

    /** The subject of the certificate the server presents to a new connection (raw JDK socket, trusting all). */
    private static String presentedSubject(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
