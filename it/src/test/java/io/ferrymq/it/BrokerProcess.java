package io.ferrymq.it;

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
 * A broker in a child JVM ({@code io.ferrymq.broker.BrokerMain -c broker.properties}) on the test classpath, so a
 * test can kill it with SIGKILL and start it again on the same port and directory.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Path dir;
    private final Path configFile;
    private final int port;
    private Process process;

    public BrokerProcess(Path dir, String namesrvAddr, Map<String, String> extra) throws IOException {
        this.dir = dir;
        this.port = freePort();
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("brokerClusterName", TestCluster.CLUSTER);
        p.setProperty("brokerName", "broker-a");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("storePathRootDir", dir.resolve("store").toString());
        p.setProperty("registerNameServerPeriod", "1000");
        p.setProperty("flushConsumerOffsetInterval", "200");
        p.setProperty("haListenPort", "0"); // replication port: any free one (issue 6)
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        p.setProperty("mappedFileSizeConsumeQueue", Integer.toString(20 * 30_000));
        p.putAll(TestCluster.MACHINE_DISK_NOT_UNDER_TEST);
        p.putAll(extra);
        configFile = dir.resolve("broker.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            p.store(w, "ferrymq it broker");
        }
    }

    static int freePort() throws IOException {
        return io.ferrymq.it.FreePorts.next();
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path storeDir() {
        return dir.resolve("store");
    }

    /** Starts the child JVM and waits until the name server routes the broker. */
    public void start(TestCluster names) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
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

    /** SIGKILL: no shutdown hook, no flush, no unregistration. */
    public void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the child with SIGTERM (clean shutdown hook), SIGKILL if it does not exit in time. */
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
