package io.ferrymq.it.tls;

import io.ferrymq.testkit.TestCa;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.client.ClientTls;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.TlsConfig;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.remoting.tls.TlsMode;
import io.ferrymq.remoting.tls.TlsSettings;
import io.netty.handler.ssl.ClientAuth;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TLS between every pair that talks, against a throwaway CA: the official client 5.3.3 (in its own JVM, configured
 * only by its TLS system properties) and the FerryMQ client against name server and broker in ENFORCING mode,
 * plaintext refused there with a log line, PERMISSIVE serving both kinds on one port, and a slave replicating and
 * copying metadata from its master over TLS.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TlsCompatibilityTest {
    @TempDir
    Path dir;
    private TestCa ca;
    private Path caFile;
    private Path certFile;
    private Path keyFile;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ListAppender<ILoggingEvent> tlsLog = new ListAppender<>();

    @BeforeEach
    void certificates() throws Exception {
        ca = TestCa.create("FerryMQ IT CA");
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        certFile = ca.issue("ferrymq-it-server").writeTo(dir, "server");
        keyFile = dir.resolve("server.key");
        tlsLog.start();
        ((Logger) LoggerFactory.getLogger(ServerTls.class)).addAppender(tlsLog);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        ((Logger) LoggerFactory.getLogger(ServerTls.class)).detachAppender(tlsLog);
    }

    /**
     * The TLS keys every server of these tests gets: its mode, the CA-issued certificate, outbound TLS or not; with
     * {@code mutual} clients must show a certificate of the CA, and the server shows its own when it connects out.
     */
    private void tls(TlsSettings s, TlsMode mode, boolean outbound, boolean mutual) {
        s.mode(mode).serverCertificate(certFile.toString(), keyFile.toString());
        if (outbound) {
            s.enable(true).clientTrustCertPath(caFile.toString());
        }
        if (mutual) {
            s.serverClientAuth(ClientAuth.REQUIRE, caFile.toString())
                    .clientCertificate(certFile.toString(), keyFile.toString());
        }
    }

    private TestCluster cluster(TlsMode mode, boolean outbound) throws Exception {
        return cluster(mode, outbound, false);
    }

    private TestCluster cluster(TlsMode mode, boolean outbound, boolean mutual) throws Exception {
        TlsConfig own = TlsConfig.clientTrusting(caFile.toFile());
        if (mutual) {
            own.clientCertificate(certFile.toFile(), keyFile.toFile(), null);
        }
        TestCluster c = TestCluster.start(Files.createDirectory(dir.resolve("cluster")),
                ns -> tls(ns.tls(), mode, false, mutual), b -> tls(b.tls(), mode, outbound, mutual), null,
                mode == TlsMode.ENFORCING ? own : null);
        open.add(c);
        return c;
    }

    private List<String> warnings() {
        synchronized (tlsLog) {
            return tlsLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void enforcingServesTheOfficialClientOverTlsAndRefusesPlaintextWithALogLine() throws Exception {
        TestCluster cluster = cluster(TlsMode.ENFORCING, true);
        cluster.createTopic("TlsTopic", 4);

        ChildResult child = runOfficialClient(cluster.namesrvAddr(), "TlsTopic", 20,
                "-Dtls.enable=true", "-Dtls.test.mode.enable=false", "-Dtls.client.authServer=true",
                "-Dtls.client.trustCertPath=" + caFile, "-Dtls.config.file=" + dir.resolve("absent.properties"));
        assertEquals(0, child.exit(), () -> "official client over TLS:\n" + child.output());
        assertTrue(child.output().contains("SENT 20") && child.output().contains("RECEIVED 20"), child.output());
        assertTrue(cluster.broker().tls().tlsConnections() > 0, "the official client reached the broker over TLS");
        assertTrue(cluster.nameServer().tls().tlsConnections() > 0, "... and the name server");

        // the official client without TLS gets nowhere, and the servers say why
        DefaultMQProducer plain = cluster.configure(new DefaultMQProducer("tls-plain-producer"));
        plain.setSendMsgTimeout(2000);
        plain.start();
        try {
            assertThrows(Exception.class, () -> plain.send(new org.apache.rocketmq.common.message.Message("TlsTopic",
                    "plain".getBytes(StandardCharsets.UTF_8))));
        } finally {
            plain.shutdown();
        }
        assertTrue(cluster.nameServer().tls().refusedConnections() > 0);
        assertTrue(cluster.nameServer().faults().count(ServerTls.FAULT_PLAINTEXT_REFUSED) > 0);
        assertTrue(warnings().stream().anyMatch(w -> w.contains("refused a plaintext connection from 127.0.0.1")
                && w.contains("tlsMode ENFORCING")), () -> "log: " + warnings());
    }

    @Test
    void mutualTlsServesTheOfficialClientPresentingItsCertificate() throws Exception {
        TestCluster cluster = cluster(TlsMode.ENFORCING, true, true);
        cluster.createTopic("TlsMutual", 2);
        Path appCert = ca.issue("official-client-app").writeTo(dir, "app");
        ChildResult child = runOfficialClient(cluster.namesrvAddr(), "TlsMutual", 10,
                "-Dtls.enable=true", "-Dtls.test.mode.enable=false", "-Dtls.client.authServer=true",
                "-Dtls.client.trustCertPath=" + caFile, "-Dtls.client.certPath=" + appCert,
                "-Dtls.client.keyPath=" + dir.resolve("app.key"), "-Dtls.config.file=" + dir.resolve("absent.properties"));
        assertEquals(0, child.exit(), () -> "official client over mutual TLS:\n" + child.output());
        assertTrue(child.output().contains("SENT 10") && child.output().contains("RECEIVED 10"), child.output());
        assertEquals("REQUIRE", cluster.broker().tls().figures().get("tlsClientAuth"));
        assertEquals(0, cluster.broker().tls().refusedConnections());
        assertTrue(cluster.broker().tls().tlsConnections() > 0 && cluster.nameServer().tls().tlsConnections() > 0);
    }

    @Test
    void theFerryMqClientConnectsWithTlsByConfiguration() throws Exception {
        TestCluster cluster = cluster(TlsMode.ENFORCING, true);
        cluster.createTopic("TlsFerry", 2);
        Set<String> got = sendAndReadBack(cluster, "TlsFerry", true, 10, 10);
        assertEquals(10, got.size());
    }

    @Test
    void permissiveServesTlsAndPlaintextClientsOnOnePort() throws Exception {
        TestCluster cluster = cluster(TlsMode.PERMISSIVE, false); // the broker registers in plaintext
        cluster.createTopic("TlsMixed", 2);
        DefaultMQProducer plain = cluster.configure(new DefaultMQProducer("tls-mixed-plain"));
        plain.start();
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(SendStatus.SEND_OK, plain.send(new org.apache.rocketmq.common.message.Message("TlsMixed",
                        ("plain-" + i).getBytes(StandardCharsets.UTF_8))).getSendStatus());
            }
        } finally {
            plain.shutdown();
        }
        Set<String> got = sendAndReadBack(cluster, "TlsMixed", true, 5, 10);
        assertEquals(10, got.size(), "5 sent in plaintext and 5 over TLS, all read back over TLS: " + got);
        assertTrue(cluster.broker().tls().tlsConnections() > 0);
        assertTrue(cluster.broker().tls().plaintextConnections() > 0);
        assertEquals(0, cluster.broker().tls().refusedConnections());
    }

    @Test
    void aSlaveReplicatesAndCopiesMetadataFromItsMasterOverMutualTls() throws Exception {
        TestCluster cluster = cluster(TlsMode.ENFORCING, true, true); // the slave shows its certificate to connect
        BrokerConfig slaveConfig = cluster.brokerConfig(0).brokerId(1).brokerRole(BrokerRole.SLAVE)
                .storePathRootDir(dir.resolve("slave").toString()).haMetadataSyncIntervalMillis(500);
        Broker slave = new Broker(slaveConfig).start();
        open.add(slave::shutdown);
        cluster.createTopic("TlsReplicated", 2);
        assertEquals(10, sendAndReadBack(cluster, "TlsReplicated", true, 10, 10).size());
        Broker master = cluster.broker();
        TestCluster.awaitTrue("the slave to catch up over TLS", Duration.ofSeconds(30),
                () -> slave.store().commitLogMaxOffset() == master.store().commitLogMaxOffset());
        TestCluster.awaitTrue("the slave to index the replicated messages", Duration.ofSeconds(30),
                () -> slave.store().maxOffset("TlsReplicated", 0) + slave.store().maxOffset("TlsReplicated", 1) == 10);
        RemotingClient admin = new RemotingClient(new RemotingClientConfig().name("tls-it-admin")
                .tls(TlsConfig.clientTrusting(caFile.toFile()).clientCertificate(certFile.toFile(), keyFile.toFile(),
                        null)));
        open.add(admin::shutdown);
        TestCluster.awaitTrue("the slave to copy the topic config over TLS (metadata sync)", Duration.ofSeconds(30),
                () -> {
                    try {
                        return admin.invokeSync(slave.address(), RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG)
                                .putExt("topic", "TlsReplicated"), 3000).code() == ResponseCode.SUCCESS;
                    } catch (Exception e) {
                        return false;
                    }
                });
        assertEquals(0, master.faults().count(io.ferrymq.broker.ha.transport.ReplicaAdmission.FAULT_STRANGER));
        assertEquals(0, master.tls().refusedConnections());
        assertTrue(master.tls().tlsConnections() >= 3, "client port and replication port served over TLS");
    }

    /**
     * Sends {@code n} messages with the FerryMQ client, then reads the topic from its start until {@code expected}
     * distinct bodies arrived (30 s at most); returns the bodies.
     */
    private Set<String> sendAndReadBack(TestCluster cluster, String topic, boolean tls, int n, int expected)
            throws Exception {
        ProducerConfig pc = new ProducerConfig().group("tls-ferry-pg-" + topic).nameServers(cluster.namesrvAddr())
                .pollNameServerIntervalMillis(500);
        LitePullConsumerConfig lc = new LitePullConsumerConfig().group("tls-ferry-cg-" + topic)
                .nameServers(cluster.namesrvAddr()).pollNameServerIntervalMillis(500)
                .heartbeatBrokerIntervalMillis(500).rebalanceIntervalMillis(500)
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET);
        if (tls) {
            // a client certificate too: ignored where not asked for, needed where the servers require one
            ClientTls clientTls = ClientTls.trusting(caFile.toString()).withClientCertificate(certFile.toString(),
                    keyFile.toString(), null);
            pc.tls(clientTls);
            lc.tls(clientTls);
        }
        Set<String> got = new HashSet<>();
        try (Producer p = new Producer(pc).start(); LitePullConsumer c = new LitePullConsumer(lc)) {
            for (int i = 0; i < n; i++) {
                p.send(new Message(topic, ("ferry-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            c.subscribe(topic, "*");
            c.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.size() < expected && System.nanoTime() < deadline) {
                for (ReceivedMessage m : c.poll(200)) {
                    got.add(new String(m.body(), StandardCharsets.UTF_8));
                }
            }
        }
        return got;
    }

    record ChildResult(int exit, String output) {
    }

    /** Runs {@link OfficialTlsClientMain} in its own JVM with {@code jvmArgs}; stopped by pid if it hangs. */
    private ChildResult runOfficialClient(String namesrv, String topic, int count, String... jvmArgs)
            throws Exception {
        Path out = dir.resolve("official-client.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Drocketmq.client.logUseSlf4j=true"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OfficialTlsClientMain.class.getName(),
                namesrv, topic, Integer.toString(count)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new ChildResult(-1, "timed out\n" + Files.readString(out));
            }
            return new ChildResult(p.exitValue(), Files.readString(out));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
