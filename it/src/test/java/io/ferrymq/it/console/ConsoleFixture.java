package io.ferrymq.it.console;

import io.ferrymq.client.Message;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.console.ConsoleConfig;
import io.ferrymq.console.ConsoleServer;
import io.ferrymq.console.auth.PasswordHashes;
import io.ferrymq.it.ha.ProcessCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real cluster for the console tests (2 name servers; broker groups broker-a and broker-b, each a master and a
 * slave, in child JVMs) and a console in this JVM watching it (set "local") and a set whose name server is down
 * (set "down"), with users admin, operator and viewer. Traffic to a topic keeps the TPS figures moving.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String TRAFFIC_TOPIC = "ConsoleTraffic";
    static final String PASSWORD = "console-test-password";

    final ProcessCluster cluster;
    /** The broker children: broker-a and broker-b, each a master and a slave. */
    final ProcessCluster.TwoGroups groups;
    final ConsoleServer console;
    final Path dataDir;
    final Producer producer;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    final AtomicLong sent = new AtomicLong();
    private final Thread traffic;

    ConsoleFixture() throws Exception {
        this(Map.of());
    }

    /** The same, with extra console configuration lines (e.g. alert.* settings). */
    ConsoleFixture(Map<String, String> extraConf) throws Exception {
        cluster = ProcessCluster.start("console", 2);
        ProcessCluster.TwoGroups started = null;
        try {
            started = cluster.startTwoGroupsWithTopic("ASYNC_MASTER", TRAFFIC_TOPIC);
            dataDir = Files.createTempDirectory("ferrymq-console-it-");
            Map<String, String> conf = new HashMap<>();
            conf.put("listenPort", "0");
            conf.put("dataDir", dataDir.toString());
            conf.put("nameServers.local", cluster.namesrvAddr());
            conf.put("nameServers.down", "127.0.0.1:" + freePort());
            conf.put("snapshotIntervalMillis", "1000");
            conf.put("brokerDeadlineMillis", "3000");
            String hash = PasswordHashes.hash(PASSWORD);
            conf.put("user.admin", "admin:" + hash);
            conf.put("user.operator", "operator:" + hash);
            conf.put("user.viewer", "viewer:" + hash);
            conf.putAll(extraConf);
            console = new ConsoleServer(new ConsoleConfig().apply(conf, null), Clock.systemUTC()).start();
            producer = new Producer(new ProducerConfig().nameServers(cluster.namesrvAddr()).group("console-it-producer")
                    .instanceName("console-it-" + System.nanoTime())).start();
            traffic = new Thread(this::sendTraffic, "console-it-traffic");
            traffic.setDaemon(true);
            traffic.start();
        } catch (Exception | Error e) {
            close();
            throw e;
        } finally {
            groups = started;
        }
    }

    private void sendTraffic() {
        long i = 0;
        while (sending.get()) {
            try {
                producer.send(new Message(TRAFFIC_TOPIC, "t", "traffic-" + i, ("traffic " + i++)
                        .getBytes(StandardCharsets.UTF_8)));
                sent.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // ~50 msg/s: steady load, not a wait
            } catch (RuntimeException e) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    String url() {
        return console.url();
    }

    ConsoleApi login(String user) throws IOException, InterruptedException {
        return new ConsoleApi(url()).login(user, PASSWORD);
    }

    static int freePort() throws IOException {
        return io.ferrymq.it.FreePorts.next();
    }

    @Override
    public void close() {
        sending.set(false);
        if (traffic != null) {
            try {
                traffic.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (console != null) {
            console.close();
        }
        cluster.close();
    }
}
