package io.ferrymq.it;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.nameserver.NameServer;
import io.ferrymq.nameserver.NameServerConfig;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.ClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One name server and one broker group (a master) in this JVM, on free loopback ports, in a temp directory,
 * with short intervals so the official client converges quickly. Everything is stopped by {@link #close()}.
 */
public final class TestCluster implements AutoCloseable {
    public static final String CLUSTER = "FerryCluster";
    /**
     * Disk-usage limits for the test brokers, whose 16 MiB segments would otherwise let the test machine's disk
     * start retention mid-test: FerryMQ counts the space a file system holds back as used, which on the CI VM (252 GB,
     * about 65 GB usable) is 74-75% on its own, the default diskMaxUsedSpaceRatio. A timer test then lost its
     * waiting timers to pressure retention. Tests of disk pressure set their own limits after these.
     */
    public static final Map<String, String> MACHINE_DISK_NOT_UNDER_TEST = Map.of(
        "diskMaxUsedSpaceRatio", "95", "diskSpaceWarningLevelRatio", "99");
    private static final AtomicInteger INSTANCE = new AtomicInteger();

    private final Path dir;
    private final NameServer nameServer;
    private final Consumer<BrokerConfig> customizer;
    private final RemotingClient admin;
    private Broker broker;
    private int brokerPort;

    private TestCluster(Path dir, Consumer<BrokerConfig> customizer) {
        this(dir, ns -> { }, customizer, null, null);
    }

    private TestCluster(Path dir, Consumer<NameServerConfig> nsCustomizer, Consumer<BrokerConfig> customizer,
                        io.ferrymq.remoting.acl.Credentials adminCredentials, io.ferrymq.remoting.TlsConfig adminTls) {
        this.dir = dir;
        this.customizer = customizer;
        this.admin = new RemotingClient(new RemotingClientConfig().name("it-admin").tls(adminTls));
        if (adminCredentials != null) {
            admin.setRequestHook(new io.ferrymq.remoting.acl.SigningHook(adminCredentials));
        }
        NameServerConfig ns = new NameServerConfig().bindAddress("127.0.0.1").listenPort(0);
        nsCustomizer.accept(ns);
        this.nameServer = new NameServer(ns).start();
    }

    public static TestCluster start(Consumer<BrokerConfig> customizer) throws IOException {
        return start(Files.createTempDirectory("ferrymq-it-"), ns -> { }, customizer, null);
    }

    /** Like {@link #start(Consumer)}, with the name server's config adjusted too (e.g. its metrics port). */
    public static TestCluster start(Consumer<BrokerConfig> customizer, Consumer<NameServerConfig> nsCustomizer)
            throws IOException {
        return start(Files.createTempDirectory("ferrymq-it-"), nsCustomizer, customizer, null);
    }

    /**
     * A cluster in {@code dir} (removed by {@link #close()}) with customized name server and broker configs; the
     * cluster's own admin calls are signed with {@code adminCredentials} when given (ACL on).
     */
    public static TestCluster start(Path dir, Consumer<NameServerConfig> nsCustomizer,
                                    Consumer<BrokerConfig> customizer,
                                    io.ferrymq.remoting.acl.Credentials adminCredentials) throws IOException {
        return start(dir, nsCustomizer, customizer, adminCredentials, null);
    }

    /** As {@link #start(Path, Consumer, Consumer, io.ferrymq.remoting.acl.Credentials)}, the cluster's own calls
     * made over TLS with {@code adminTls} (servers in tlsMode ENFORCING). */
    public static TestCluster start(Path dir, Consumer<NameServerConfig> nsCustomizer,
                                    Consumer<BrokerConfig> customizer,
                                    io.ferrymq.remoting.acl.Credentials adminCredentials,
                                    io.ferrymq.remoting.TlsConfig adminTls) throws IOException {
        TestCluster c = new TestCluster(dir, nsCustomizer, customizer, adminCredentials, adminTls);
        try {
            c.startBroker();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A name server only; brokers are started by the test (e.g. {@link BrokerProcess}). */
    public static TestCluster nameServerOnly() throws IOException {
        return new TestCluster(Files.createTempDirectory("ferrymq-it-"), c -> { });
    }

    public static TestCluster start() throws IOException {
        return start(c -> { });
    }

    /** The broker config the tests use (a fresh object per start). */
    public BrokerConfig brokerConfig(int port) {
        BrokerConfig cfg = new BrokerConfig()
                .brokerClusterName(CLUSTER)
                .brokerName("broker-a")
                .brokerIP1("127.0.0.1")
                .listenPort(port)
                .namesrvAddr(namesrvAddr())
                .storePathRootDir(dir.resolve("broker-a").toString())
                .registerNameServerPeriod(1000)
                .flushConsumerOffsetInterval(200)
                .haListenPort(0); // replication port: any free one (issue 6)
        cfg.storeValues().setText("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        cfg.storeValues().setText("mappedFileSizeConsumeQueue", Integer.toString(20 * 30_000));
        MACHINE_DISK_NOT_UNDER_TEST.forEach(cfg.storeValues()::setText);
        customizer.accept(cfg);
        return cfg;
    }

    public synchronized Broker startBroker() throws IOException {
        broker = new Broker(brokerConfig(brokerPort)).start();
        brokerPort = broker.port();
        awaitTrue("broker registered", Duration.ofSeconds(10), () -> routeExists(CLUSTER + "_REPLY_TOPIC"));
        return broker;
    }

    public synchronized void stopBroker() {
        if (broker != null) {
            broker.shutdown();
            broker = null;
        }
    }

    public Broker broker() {
        return broker;
    }

    public NameServer nameServer() {
        return nameServer;
    }

    public Path dir() {
        return dir;
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + nameServer.port();
    }

    public String brokerAddr() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Creates (or updates) a topic on the in-process broker and waits until the name server routes it. */
    public void createTopic(String topic, int queues) {
        createTopic(brokerAddr(), topic, queues);
    }

    /** Creates (or updates) a topic on the broker at {@code addr} and waits until the name server routes it. */
    public void createTopic(String addr, String topic, int queues) {
        RemotingCommand req = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .putExt("topic", topic).putExt("defaultTopic", "TBW102")
                .putExt("readQueueNums", Integer.toString(queues)).putExt("writeQueueNums", Integer.toString(queues))
                .putExt("perm", "6").putExt("topicFilterType", "SINGLE_TAG").putExt("topicSysFlag", "0")
                .putExt("order", "false");
        try {
            RemotingCommand resp = admin.invokeSync(addr, req, 5000);
            if (resp.code() != ResponseCode.SUCCESS) {
                throw new IllegalStateException("create topic " + topic + " failed: " + resp.remark());
            }
        } catch (Exception e) {
            throw new IllegalStateException("create topic " + topic + " failed", e);
        }
        awaitTrue("route of " + topic, Duration.ofSeconds(10), () -> routeExists(topic));
    }

    /** Whether the name server lists a broker at {@code addr}. */
    public boolean brokerRoutedAt(String addr) {
        try {
            RemotingCommand resp = admin.invokeSync(namesrvAddr(),
                    RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 3000);
            return resp.code() == ResponseCode.SUCCESS && resp.body() != null
                    && new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8).contains(addr);
        } catch (Exception e) {
            return false;
        }
    }

    /** The committed offset the broker at {@code addr} holds (QUERY_CONSUMER_OFFSET), or -1. */
    public long committedOffset(String addr, String group, String topic, int queueId) {
        try {
            RemotingCommand resp = admin.invokeSync(addr, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                    .putExt("consumerGroup", group).putExt("topic", topic).putExt("queueId", Integer.toString(queueId))
                    .putExt("setZeroIfNotFound", "false"), 3000);
            return resp.code() == ResponseCode.SUCCESS ? Long.parseLong(resp.extFields().get("offset")) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** The next queue offset of a queue on the broker at {@code addr} (GET_MAX_OFFSET), or -1. */
    public long maxOffset(String addr, String topic, int queueId) {
        try {
            RemotingCommand resp = admin.invokeSync(addr, RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                    .putExt("topic", topic).putExt("queueId", Integer.toString(queueId)), 3000);
            return resp.code() == ResponseCode.SUCCESS ? Long.parseLong(resp.extFields().get("offset")) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    public boolean routeExists(String topic) {
        try {
            RemotingCommand resp = admin.invokeSync(namesrvAddr(),
                    RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic), 3000);
            return resp.code() == ResponseCode.SUCCESS;
        } catch (Exception e) {
            return false;
        }
    }

    /** Applies the fast test timings to an official client and gives it a unique instance name. */
    public <T extends ClientConfig> T configure(T client) {
        client.setNamesrvAddr(namesrvAddr());
        client.setPollNameServerInterval(1000);
        client.setHeartbeatBrokerInterval(1000);
        client.setPersistConsumerOffsetInterval(1000);
        client.setInstanceName("it-" + INSTANCE.incrementAndGet() + "-" + System.nanoTime());
        return client;
    }

    public static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        stopBroker();
        nameServer.stop();
        admin.shutdown();
        deleteRecursively(dir);
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort clean-up of a temp dir
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
