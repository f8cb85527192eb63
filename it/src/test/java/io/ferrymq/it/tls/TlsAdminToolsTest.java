package io.ferrymq.it.tls;

import com.alibaba.fastjson2.JSONArray;
import io.ferrymq.console.ConsoleConfig;
import io.ferrymq.console.ConsoleServer;
import io.ferrymq.console.auth.PasswordHashes;
import io.ferrymq.distribution.admin.AdminMain;
import io.ferrymq.it.TestCluster;
import io.ferrymq.it.console.ConsoleApi;
import io.ferrymq.remoting.TlsConfig;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.remoting.tls.TlsMode;
import io.ferrymq.remoting.tls.TlsSettings;
import io.ferrymq.testkit.TestCa;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The admin tools against a cluster whose name server and broker run tlsMode ENFORCING and require client
 * certificates (tlsServerNeedClientAuth REQUIRE): {@code ferry-admin} with its TLS options and with RocketMQ's
 * client system properties, and the web console with its {@code clusterTls.*} keys, each reading and changing the
 * cluster; without TLS, or with TLS but no client certificate, they are refused and the servers count why.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TlsAdminToolsTest {
    private static final String PASSWORD = "tls-console-password";
    @TempDir
    Path dir;
    private Path caFile;
    private Path clientCert;
    private Path clientKey;
    private TestCluster cluster;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startEnforcingMutualTlsCluster() throws Exception {
        TestCa ca = TestCa.create("FerryMQ tools CA");
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        Path serverCert = ca.issue("ferrymq-tools-server").writeTo(dir, "server");
        Path serverKey = dir.resolve("server.key");
        clientCert = ca.issue("ferry-admin-operator").writeTo(dir, "operator");
        clientKey = dir.resolve("operator.key");
        java.util.function.Consumer<TlsSettings> enforcing = s -> s.mode(TlsMode.ENFORCING)
                .serverCertificate(serverCert.toString(), serverKey.toString())
                .serverClientAuth(ClientAuth.REQUIRE, caFile.toString());
        cluster = TestCluster.start(Files.createDirectory(dir.resolve("cluster")), ns -> enforcing.accept(ns.tls()),
                b -> {
                    enforcing.accept(b.tls());
                    // the broker registers with the name server as a TLS client: it shows its own certificate
                    b.tls().enable(true).clientTrustCertPath(caFile.toString())
                            .clientCertificate(serverCert.toString(), serverKey.toString());
                }, null, TlsConfig.clientTrusting(caFile.toFile())
                        .clientCertificate(clientCert.toFile(), clientKey.toFile(), null));
        open.add(cluster);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    record Run(int code, String out, String err) {
    }

    private static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String[] withTls(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-n", cluster.namesrvAddr(), "--tlsTrustCertPath", caFile.toString(),
                "--tlsCertPath", clientCert.toString(), "--tlsKeyPath", clientKey.toString()));
        return all.toArray(String[]::new);
    }

    private static Run ok(String... args) {
        Run r = admin(args);
        assertEquals(0, r.code(), () -> "ferry-admin " + String.join(" ", args) + ": " + r.err() + r.out());
        return r;
    }

    @Test
    void ferryAdminWorksWithItsTlsOptionsAndIsRefusedWithoutThem() throws Exception {
        String brokerName = cluster.broker().config().brokerName();
        assertTrue(ok(withTls("clusterList")).out().contains(brokerName));
        ok(withTls("updateTopic", "-c", cluster.broker().config().brokerClusterName(), "-t", "TlsAdminTopic",
                "-r", "2", "-w", "2"));
        TestCluster.awaitTrue("the topic routed", Duration.ofSeconds(30),
                () -> admin(withTls("topicRoute", "-t", "TlsAdminTopic")).code() == 0);
        assertTrue(ok(withTls("sendMessage", "-t", "TlsAdminTopic", "-p", "over mutual TLS")).out()
                .contains("SEND_OK"));
        // a direct broker call (not through the admin client) goes over TLS too
        assertTrue(ok(withTls("getBrokerConfig", "-b", cluster.brokerAddr())).out().contains("tlsMode"));

        long refusedBefore = cluster.nameServer().tls().refusedConnections();
        Run plain = admin("clusterList", "-n", cluster.namesrvAddr(), "--timeout", "3000");
        assertEquals(1, plain.code(), plain.out());
        assertTrue(cluster.nameServer().tls().refusedConnections() > refusedBefore,
                "the name server refused the plaintext connection");
        assertTrue(cluster.nameServer().faults().count(ServerTls.FAULT_PLAINTEXT_REFUSED) > 0);

        Run noCertificate = admin("clusterList", "-n", cluster.namesrvAddr(), "--timeout", "3000",
                "--tlsTrustCertPath", caFile.toString());
        assertEquals(1, noCertificate.code(), noCertificate.out());
        TestCluster.awaitTrue("the failed handshake counted", Duration.ofSeconds(10),
                () -> cluster.nameServer().faults().count(ServerTls.FAULT_HANDSHAKE_FAILED) > 0);

        Run halfPair = admin("clusterList", "-n", cluster.namesrvAddr(), "--tlsCertPath", clientCert.toString());
        assertEquals(1, halfPair.code());
        assertTrue(halfPair.err().contains("--tlsCertPath/--tlsKeyPath") && halfPair.err().contains("without its key"),
                halfPair.err());
    }

    @Test
    void ferryAdminTakesRocketMqsClientTlsSystemProperties() {
        Map<String, String> properties = Map.of("tls.enable", "true", "tls.client.trustCertPath", caFile.toString(),
                "tls.client.certPath", clientCert.toString(), "tls.client.keyPath", clientKey.toString());
        properties.forEach(System::setProperty);
        try {
            assertTrue(ok("clusterList", "-n", cluster.namesrvAddr()).out()
                    .contains(cluster.broker().config().brokerName()));
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void theConsoleReadsAndChangesTheClusterOverMutualTls() throws Exception {
        ConsoleServer console = console(Map.of("clusterTls.enable", "true",
                "clusterTls.trustCertPath", caFile.toString(), "clusterTls.certPath", clientCert.toString(),
                "clusterTls.keyPath", clientKey.toString()));
        ConsoleApi api = new ConsoleApi(console.url()).login("admin", PASSWORD);
        TestCluster.awaitTrue("the broker listed by the console", Duration.ofSeconds(30), () -> {
            try {
                JSONArray brokers = api.get("/api/sets/tls/brokers").json().getJSONArray("brokers");
                return brokers != null && brokers.size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        ConsoleApi.Res created = api.post("/api/sets/tls/topics", Map.of("topic", "TlsConsoleTopic", "queues", 2));
        assertEquals(201, created.status(), created.body());
        TestCluster.awaitTrue("the topic routed", Duration.ofSeconds(30), () -> cluster.routeExists("TlsConsoleTopic"));
        ConsoleApi.Res sent = api.post("/api/sets/tls/messages", Map.of("topic", "TlsConsoleTopic", "tags", "t",
                "keys", "k", "body", "from the console over TLS"));
        assertEquals(200, sent.status(), sent.body());
        assertTrue(cluster.broker().tls().tlsConnections() > 0);

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new ConsoleConfig().apply(
                Map.of("nameServers.tls", cluster.namesrvAddr(), "clusterTls.enable", "true",
                        "clusterTls.keyPath", clientKey.toString()), null));
        assertTrue(bad.getMessage().contains("clusterTls.certPath") && bad.getMessage().contains("without a certificate"),
                bad.getMessage());
    }

    @Test
    void aConsoleWithoutClusterTlsSeesTheSetAsFailingAndSaysWhy() throws Exception {
        ConsoleServer console = console(Map.of());
        ConsoleApi api = new ConsoleApi(console.url()).login("admin", PASSWORD);
        TestCluster.awaitTrue("the set marked partial with an error", Duration.ofSeconds(30), () -> {
            try {
                var o = api.get("/api/sets/tls/overview").json();
                return o.getBooleanValue("partial") && !o.getJSONArray("errors").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(cluster.nameServer().tls().refusedConnections() > 0, "refused in plaintext by the name server");
    }

    private ConsoleServer console(Map<String, String> extra) throws Exception {
        Map<String, String> conf = new HashMap<>(extra);
        conf.put("listenPort", "0");
        conf.put("dataDir", dir.resolve("console-" + open.size()).toString());
        conf.put("nameServers.tls", cluster.namesrvAddr());
        conf.put("snapshotIntervalMillis", "500");
        conf.put("user.admin", "admin:" + PasswordHashes.hash(PASSWORD));
        ConsoleServer console = new ConsoleServer(new ConsoleConfig().apply(conf, null), Clock.systemUTC()).start();
        open.add(console::close);
        return console;
    }
}
