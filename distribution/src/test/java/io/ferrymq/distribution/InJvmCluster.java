package io.ferrymq.distribution;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.nameserver.NameServer;
import io.ferrymq.nameserver.NameServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A name server and one master broker in the test's JVM on free loopback ports, with a 16 MiB commit-log segment
 * in a temp folder; {@link #close} stops both and deletes the folder. For the tools' tests.
 */
final class InJvmCluster implements AutoCloseable {
    private final Path dir;
    private final NameServer nameServer;
    private final Broker broker;

    private InJvmCluster(Path dir, NameServer nameServer, Broker broker) {
        this.dir = dir;
        this.nameServer = nameServer;
        this.broker = broker;
    }

    /** @param tweak further broker settings (applied after the cluster, name, address and store are set) */
    static InJvmCluster start(String cluster, String brokerName, Consumer<BrokerConfig> tweak) throws Exception {
        Path dir = Files.createTempDirectory("ferry-tools-it");
        NameServer ns = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)).start();
        try {
            BrokerConfig cfg = new BrokerConfig().brokerClusterName(cluster).brokerName(brokerName)
                    .brokerIP1("127.0.0.1").listenPort(0).namesrvAddr("127.0.0.1:" + ns.port())
                    .storePathRootDir(dir.resolve("store").toString()).registerNameServerPeriod(1000);
            cfg.storeValues().setText("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
            tweak.accept(cfg);
            return new InJvmCluster(dir, ns, new Broker(cfg).start());
        } catch (Exception | Error e) {
            ns.stop();
            deleteTree(dir);
            throw e;
        }
    }

    String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    Broker broker() {
        return broker;
    }

    @Override
    public void close() throws IOException {
        try {
            broker.shutdown();
        } finally {
            nameServer.stop();
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
