package io.ferrymq.it.durability;

import io.ferrymq.it.TestCluster;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A broker of group {@code broker-a} in a child JVM ({@code BrokerMain -c broker.properties}) with the store's
 * forced-offset hook on ({@code -Dferrymq.test.forcedOffsetFile}), so a power-loss test can SIGKILL it and cut its
 * commit log where a power cut would have. Stopped by pid ({@link #close()}).
 */
final class ChildBroker implements AutoCloseable {
    private final Path dir;
    private final Path configFile;
    private final int port;
    private Process process;

    ChildBroker(Path dir, String namesrvAddr, Map<String, String> extra) throws IOException {
        this.dir = dir;
        this.port = freePort();
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("brokerClusterName", TestCluster.CLUSTER);
        p.setProperty("brokerName", "broker-a");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("storePathRootDir", storeDir().toString());
        p.setProperty("registerNameServerPeriod", "1000");
        p.setProperty("flushConsumerOffsetInterval", "200");
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(SEGMENT));
        p.setProperty("mappedFileSizeConsumeQueue", Integer.toString(20 * 30_000));
        p.putAll(TestCluster.MACHINE_DISK_NOT_UNDER_TEST);
        p.putAll(extra);
        configFile = dir.resolve("broker.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            p.store(w, "ferrymq durability test broker");
        }
    }

    /** Commit-log segment size of every child broker. */
    static final int SEGMENT = 16 * 1024 * 1024; // room for maxMessageSize (4 MiB) plus headroom

    static int freePort() throws IOException {
        return io.ferrymq.it.FreePorts.next();
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    Path storeDir() {
        return dir.resolve("store");
    }

    Path forcedOffsetFile() {
        return dir.resolve("forced-offset");
    }

    /** Starts the child JVM and waits until the name server routes it. */
    void start(TestCluster names) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m",
            "-Dferrymq.test.forcedOffsetFile=" + forcedOffsetFile(), "-cp", System.getProperty("java.class.path"),
            "io.ferrymq.broker.BrokerMain", "-c", configFile.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
        process = pb.start();
        TestCluster.awaitTrue("child broker routed", Duration.ofSeconds(30),
            () -> !process.isAlive() || names.brokerRoutedAt(address()));
        if (!process.isAlive()) {
            throw new IllegalStateException("child broker exited with " + process.exitValue() + "; see "
                + dir.resolve("broker.log"));
        }
    }

    /** SIGKILL, by pid. */
    void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** The last commit-log offset this broker forced, as its hook recorded it (-1 when none). */
    long lastForcedOffset() throws IOException {
        Path f = forcedOffsetFile();
        if (!Files.exists(f)) {
            return -1;
        }
        String s = Files.readString(f, StandardCharsets.US_ASCII).trim();
        return s.isEmpty() ? -1 : Long.parseLong(s);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
