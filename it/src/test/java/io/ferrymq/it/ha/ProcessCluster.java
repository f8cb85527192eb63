package io.ferrymq.it.ha;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.ClientConfig;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A cross-process cluster for the replication tests: name servers ({@code NameServerMain}) and brokers
 * ({@code BrokerMain}) each in its own child JVM on 127.0.0.1 (or another local address given to
 * {@link #start(String, int, String)}; a broker may run elsewhere, e.g. in a network namespace, with its own
 * {@code brokerIP1} and a launcher prefix) with free ports and generated properties files,
 * seconds-scale timings (registration every 1 s, broker expiry 3 s, metadata sync 1 s), all under one temp
 * directory. {@link #close()} stops every child by pid (SIGTERM, bounded, then SIGKILL) and deletes the directory
 * (kept when {@code -Dferrymq.keepTestDirs=true}).
 */
public final class ProcessCluster implements AutoCloseable {
    public static final String CLUSTER = "HaCluster";
    /** The name servers' broker expiry ({@code brokerExpiredMillis}; the product's default is 10 s). */
    public static final long BROKER_EXPIRED_MILLIS = 3000;
    /** How often brokers register ({@code registerNameServerPeriod}; the product's default is 5 s). */
    public static final long REGISTER_PERIOD_MILLIS = 1000;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** A name server child. */
    public static final class NameServerNode {
        public final String host;
        public final int port;
        public final ChildJvm jvm;

        NameServerNode(String host, int port, ChildJvm jvm) {
            this.host = host;
            this.port = port;
            this.jvm = jvm;
        }

        public String address() {
            return host + ":" + port;
        }
    }

    /** A broker child; keeps its ports and store directory across restarts. */
    public static final class BrokerNode {
        public final String brokerName;
        public final long brokerId;
        public final String host;
        public final int port;
        public final int haPort;
        public final Path dir;
        public final ChildJvm jvm;

        BrokerNode(String brokerName, long brokerId, String host, int port, int haPort, Path dir, ChildJvm jvm) {
            this.brokerName = brokerName;
            this.brokerId = brokerId;
            this.host = host;
            this.port = port;
            this.haPort = haPort;
            this.dir = dir;
            this.jvm = jvm;
        }

        public String address() {
            return host + ":" + port;
        }

        public Path storeDir() {
            return dir.resolve("store");
        }

        @Override
        public String toString() {
            return brokerName + "/" + brokerId + "@" + address();
        }
    }

    public final Path dir;
    /** Address the name servers bind and brokers advertise (brokerIP1) unless overridden. */
    final String host;
    public final List<NameServerNode> nameServers = new ArrayList<>();
    public final List<BrokerNode> brokers = new ArrayList<>();
    public final RemotingClient admin = new RemotingClient(new RemotingClientConfig().name("ha-it-admin"));

    private ProcessCluster(Path dir, String host) {
        this.dir = dir;
        this.host = host;
    }

    public static ProcessCluster start(String name, int nameServerCount) throws IOException {
        return start(name, nameServerCount, "127.0.0.1");
    }

    /** Name servers bound to {@code host} (a local address), brokers advertising it by default. */
    public static ProcessCluster start(String name, int nameServerCount, String host) throws IOException {
        return start(name, nameServerCount, host, Map.of(), null);
    }

    /**
     * As {@link #start(String, int, String)}, with {@code nameServerExtra} added to every name server's file (e.g.
     * ACL keys) and the cluster's own calls signed with {@code adminCredentials} when given.
     */
    static ProcessCluster start(String name, int nameServerCount, String host, Map<String, String> nameServerExtra,
                                io.ferrymq.remoting.acl.Credentials adminCredentials) throws IOException {
        ProcessCluster c = new ProcessCluster(Files.createTempDirectory("ferrymq-ha-" + name + "-"), host);
        if (adminCredentials != null) {
            c.admin.setRequestHook(new io.ferrymq.remoting.acl.SigningHook(adminCredentials));
        }
        try {
            for (int i = 0; i < nameServerCount; i++) {
                c.startNameServer(i, nameServerExtra);
            }
            for (NameServerNode ns : c.nameServers) {
                TestCluster.awaitTrue("name server " + ns.address() + " listening", Duration.ofSeconds(30),
                        () -> listening(ns.host, ns.port) || !ns.jvm.isAlive());
                if (!ns.jvm.isAlive()) {
                    throw new IllegalStateException("name server exited; see " + ns.jvm.log() + "; its last lines:\n"
                            + ns.jvm.logTail(30));
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void startNameServer(int i, Map<String, String> extra) throws IOException {
        int port = freePort();
        Path d = dir.resolve("namesrv-" + i);
        Files.createDirectories(d);
        Properties p = new Properties();
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("bindAddress", host);
        p.setProperty("brokerExpiredMillis", Long.toString(BROKER_EXPIRED_MILLIS));
        p.setProperty("scanIntervalMillis", "500");
        p.putAll(extra);
        Path file = write(d.resolve("namesrv.properties"), p);
        ChildJvm jvm = new ChildJvm("namesrv-" + i, "io.ferrymq.nameserver.NameServerMain",
                List.of("-c", file.toString()), d.resolve("namesrv.log"), "96m");
        jvm.start();
        nameServers.add(new NameServerNode(host, port, jvm));
    }

    public String namesrvAddr() {
        StringBuilder sb = new StringBuilder();
        for (NameServerNode ns : nameServers) {
            sb.append(sb.isEmpty() ? "" : ";").append(ns.address());
        }
        return sb.toString();
    }

    /** Defines a broker (not started): role ASYNC_MASTER, SYNC_MASTER or SLAVE; extra keys override defaults. */
    public BrokerNode broker(String brokerName, long brokerId, String role, Map<String, String> extra) throws IOException {
        return broker(brokerName, brokerId, role, extra, List.of());
    }

    /**
     * As {@link #broker(String, long, String, Map)}, the JVM started through {@code launcher} (e.g.
     * {@code ip netns exec <ns>}); {@code brokerIP1} in {@code extra} is the address it is reached at.
     */
    public BrokerNode broker(String brokerName, long brokerId, String role, Map<String, String> extra, List<String> launcher)
            throws IOException {
        int port = freePort();
        int haPort = freePort();
        Path d = dir.resolve(brokerName + "-" + brokerId);
        Files.createDirectories(d);
        Properties p = new Properties();
        p.setProperty("brokerClusterName", CLUSTER);
        p.setProperty("brokerName", brokerName);
        p.setProperty("brokerId", Long.toString(brokerId));
        p.setProperty("brokerRole", role);
        p.setProperty("brokerIP1", host);
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("haListenPort", Integer.toString(haPort));
        p.setProperty("namesrvAddr", namesrvAddr());
        p.setProperty("storePathRootDir", d.resolve("store").toString());
        p.setProperty("registerNameServerPeriod", Long.toString(REGISTER_PERIOD_MILLIS));
        p.setProperty("flushConsumerOffsetInterval", "200");
        p.setProperty("haMetadataSyncIntervalMillis", "1000");
        p.setProperty("slaveAckTimeoutMillis", "1500");
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        p.setProperty("mappedFileSizeConsumeQueue", Integer.toString(20 * 30_000));
        p.putAll(TestCluster.MACHINE_DISK_NOT_UNDER_TEST);
        p.putAll(extra);
        Path file = write(d.resolve("broker.properties"), p);
        ChildJvm jvm = new ChildJvm(brokerName + "-" + brokerId, "io.ferrymq.broker.BrokerMain",
                List.of("-c", file.toString()), d.resolve("broker.log"), "200m", launcher);
        BrokerNode b = new BrokerNode(brokerName, brokerId, p.getProperty("brokerIP1"), port, haPort, d, jvm);
        brokers.add(b);
        return b;
    }

    /** Starts (or restarts) a broker child and waits until a name server lists it. */
    public void start(BrokerNode b) throws IOException {
        b.jvm.start();
        try {
            // 60 s: four brokers starting at once beside other builds (load 18 on 2 cores) once took over 40 s
            TestCluster.awaitTrue(b + " registered", Duration.ofSeconds(60),
                    () -> !b.jvm.isAlive() || brokerListed(b.address()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + b + "'s log ends:\n" + b.jvm.logTail(30), e);
        }
        if (!b.jvm.isAlive()) {
            throw new IllegalStateException(b + " exited; see " + b.jvm.log() + "; its last lines:\n" + b.jvm.logTail(30));
        }
    }

    /** Starts several broker children at once, then waits until each is listed. */
    public void startAll(BrokerNode... bs) throws IOException {
        for (BrokerNode b : bs) {
            b.jvm.start();
        }
        for (BrokerNode b : bs) {
            start(b);
        }
    }

    /** Whether any live name server lists a broker at {@code addr}. */
    public boolean brokerListed(String addr) {
        for (NameServerNode ns : nameServers) {
            if (!ns.jvm.isAlive()) {
                continue;
            }
            try {
                RemotingCommand r = admin.invokeSync(ns.address(),
                        RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 2000);
                if (r.code() == ResponseCode.SUCCESS && r.body() != null
                        && new String(r.body(), StandardCharsets.UTF_8).contains("\"" + addr + "\"")) {
                    return true;
                }
            } catch (Exception e) {
                // try the next one
            }
        }
        return false;
    }

    /** Creates a topic on each master and waits until a name server routes it on all their groups. */
    public void createTopic(String topic, int queues, BrokerNode... masters) {
        for (BrokerNode m : masters) {
            RemotingCommand req = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .putExt("topic", topic).putExt("defaultTopic", "TBW102")
                    .putExt("readQueueNums", Integer.toString(queues))
                    .putExt("writeQueueNums", Integer.toString(queues)).putExt("perm", "6")
                    .putExt("topicFilterType", "SINGLE_TAG").putExt("topicSysFlag", "0").putExt("order", "false");
            try {
                RemotingCommand resp = admin.invokeSync(m.address(), req, 5000);
                if (resp.code() != ResponseCode.SUCCESS) {
                    throw new IllegalStateException("create topic " + topic + " on " + m + ": " + resp.remark());
                }
            } catch (Exception e) {
                throw new IllegalStateException("create topic " + topic + " on " + m, e);
            }
        }
        TestCluster.awaitTrue("route of " + topic, Duration.ofSeconds(15), () -> {
            String route = route(topic);
            for (BrokerNode m : masters) {
                if (route == null || !route.contains("\"" + m.brokerName + "\"")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The route JSON of a topic from the first live name server that has it, or null. */
    public String route(String topic) {
        for (NameServerNode ns : nameServers) {
            if (!ns.jvm.isAlive()) {
                continue;
            }
            try {
                RemotingCommand r = admin.invokeSync(ns.address(),
                        RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic), 2000);
                if (r.code() == ResponseCode.SUCCESS && r.body() != null) {
                    return new String(r.body(), StandardCharsets.UTF_8);
                }
            } catch (Exception e) {
                // next
            }
        }
        return null;
    }

    /** GET_BROKER_RUNTIME_INFO of a broker (empty map when unreachable). */
    public Map<String, String> runtimeInfo(BrokerNode b) {
        try {
            RemotingCommand r = admin.invokeSync(b.address(),
                    RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
            if (r.code() != ResponseCode.SUCCESS || r.body() == null) {
                return Map.of();
            }
            JSONObject t = JSON.parseObject(new String(r.body(), StandardCharsets.UTF_8)).getJSONObject("table");
            Map<String, String> m = new HashMap<>();
            t.forEach((k, v) -> m.put(k, String.valueOf(v)));
            return m;
        } catch (Exception e) {
            return Map.of();
        }
    }

    public long commitLogMaxOffset(BrokerNode b) {
        String v = runtimeInfo(b).get("commitLogMaxOffset");
        return v == null ? -1 : Long.parseLong(v);
    }

    /** Waits until the slave's commit log ends where the master's does (and the master stopped growing). */
    public void awaitCaughtUp(BrokerNode master, BrokerNode slave, Duration timeout) {
        TestCluster.awaitTrue(slave + " caught up with " + master, timeout, () -> {
            long m = commitLogMaxOffset(master);
            return m > 0 && m == commitLogMaxOffset(slave);
        });
    }

    /** The next queue offset of a queue on a broker (GET_MAX_OFFSET), or -1 when unreachable or refused. */
    long maxOffset(BrokerNode b, String topic, int queueId) {
        try {
            RemotingCommand r = admin.invokeSync(b.address(), RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                    .putExt("topic", topic).putExt("queueId", Integer.toString(queueId)), 3000);
            return r.code() == ResponseCode.SUCCESS ? Long.parseLong(r.extFields().get("offset")) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * An operator's manual failover (FerryMQ has no automatic election): stops the slave, rewrites its
     * broker.properties as brokerId 0 with {@code masterRole}, and starts it again on the same store and ports.
     */
    void promote(BrokerNode slave, String masterRole) throws IOException {
        slave.jvm.stop();
        Path file = slave.dir.resolve("broker.properties");
        Properties p = new Properties();
        try (java.io.Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        p.setProperty("brokerId", "0");
        p.setProperty("brokerRole", masterRole);
        write(file, p);
        start(slave);
    }

    /** Whether the broker holds the topic's config (e.g. a slave after metadata sync). */
    public boolean hasTopic(BrokerNode b, String topic) {
        try {
            RemotingCommand r = admin.invokeSync(b.address(),
                    RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).putExt("topic", topic), 2000);
            return r.code() == ResponseCode.SUCCESS;
        } catch (Exception e) {
            return false;
        }
    }

    /** Committed offset of a group on a queue held by the broker, or -1. */
    public long committedOffset(BrokerNode b, String group, String topic, int queueId) {
        try {
            RemotingCommand resp = admin.invokeSync(b.address(), RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                    .putExt("consumerGroup", group).putExt("topic", topic).putExt("queueId", Integer.toString(queueId))
                    .putExt("setZeroIfNotFound", "false"), 3000);
            return resp.code() == ResponseCode.SUCCESS ? Long.parseLong(resp.extFields().get("offset")) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Official-client settings: all name servers, 1 s route refresh and heartbeats, unique instance. */
    public <T extends ClientConfig> T configure(T client) {
        client.setNamesrvAddr(namesrvAddr());
        client.setPollNameServerInterval(1000);
        client.setHeartbeatBrokerInterval(1000);
        client.setPersistConsumerOffsetInterval(1000);
        client.setInstanceName("ha-it-" + CLIENTS.incrementAndGet() + "-" + System.nanoTime());
        return client;
    }

    /** Dumps the tail of every child's log (on failure). */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        List<ChildJvm> all = new ArrayList<>();
        nameServers.forEach(n -> all.add(n.jvm));
        brokers.forEach(b -> all.add(b.jvm));
        for (ChildJvm j : all) {
            try {
                List<String> l = Files.readAllLines(j.log());
                sb.append("---- ").append(j.name()).append('\n');
                l.subList(Math.max(0, l.size() - lines), l.size()).forEach(s -> sb.append(s).append('\n'));
            } catch (IOException e) {
                sb.append("---- ").append(j.name()).append(": no log\n");
            }
        }
        return sb.toString();
    }

    /** CRC32 of the first {@code length} bytes of a broker's commit log on disk (segments in offset order). */
    static long commitLogCrc32(BrokerNode b, long length) throws IOException {
        Path commitLogDir = b.storeDir().resolve("commitlog");
        List<Path> segments;
        try (Stream<Path> s = Files.list(commitLogDir)) {
            segments = s.filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
        }
        CRC32 crc = new CRC32();
        long pos = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (Path seg : segments) {
            long start = Long.parseLong(seg.getFileName().toString());
            if (start >= length) {
                break;
            }
            if (pos != start) {
                throw new AssertionError("segments are not contiguous: expected " + pos + ", found " + start);
            }
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
                long segEnd = Math.min(length, start + ch.size());
                long off = 0;
                while (start + off < segEnd) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), segEnd - start - off));
                    int n = ch.read(buf, off);
                    if (n <= 0) {
                        break;
                    }
                    buf.flip();
                    crc.update(buf);
                    off += n;
                }
                pos = start + off;
            }
        }
        if (pos != length) {
            throw new AssertionError("read " + pos + " of " + length + " commit-log bytes in " + commitLogDir);
        }
        return crc.getValue();
    }

    public static int freePort() throws IOException {
        return io.ferrymq.it.FreePorts.next();
    }

    public static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path write(Path file, Properties p) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "ferrymq replication it");
        }
        return file;
    }

    /** SIGKILLs a broker child (it stays defined; {@link #close()} skips it). For tests in other packages. */
    public void kill(BrokerNode b) {
        b.jvm.kill9();
    }

    /** The address "ip:port" a broker child listens on. */
    public static String address(BrokerNode b) {
        return b.address();
    }

    @Override
    public void close() {
        List<BrokerNode> bs = new ArrayList<>(brokers);
        java.util.Collections.reverse(bs);
        for (BrokerNode b : bs) {
            b.jvm.stop();
        }
        for (NameServerNode ns : nameServers) {
            ns.jvm.stop();
        }
        admin.shutdown();
        if (!Boolean.getBoolean("ferrymq.keepTestDirs")) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /** Groups broker-a and broker-b, each a master and a slave (as started by {@link #startTwoGroupsWithTopic}). */
    public record TwoGroups(BrokerNode aMaster, BrokerNode aSlave, BrokerNode bMaster, BrokerNode bSlave) {
    }

    /**
     * Starts broker groups broker-a and broker-b, each a master of {@code masterRole} and a slave, creates
     * {@code topic} with 4 queues on both masters and waits until both slaves have copied it.
     */
    public TwoGroups startTwoGroupsWithTopic(String masterRole, String topic) throws Exception {
        TwoGroups g = new TwoGroups(broker("broker-a", 0, masterRole, Map.of()), broker("broker-a", 1, "SLAVE", Map.of()),
                broker("broker-b", 0, masterRole, Map.of()), broker("broker-b", 1, "SLAVE", Map.of()));
        startAll(g.aMaster(), g.aSlave(), g.bMaster(), g.bSlave());
        createTopic(topic, 4, g.aMaster(), g.bMaster());
        io.ferrymq.it.TestCluster.awaitTrue("slaves copied the topic", java.time.Duration.ofSeconds(20),
                () -> hasTopic(g.aSlave(), topic) && hasTopic(g.bSlave(), topic));
        return g;
    }

    public static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
