package io.ferrymq.broker;

import io.ferrymq.broker.config.BrokerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code BrokerMain -c broker.properties [-n namesrvAddr]}. A bad config stops start-up with a
 * message naming the key (exit code 2). The broker shuts down cleanly (unregistering from the name servers) on
 * SIGTERM / Ctrl-C.
 */
public final class BrokerMain {
    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        BrokerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            // Start-up errors go to stderr as well as the log: the log may be a file the operator is not watching.
            String msg = "ferrymq broker: " + e.getMessage()
                    + " (usage: BrokerMain -c broker.properties [-n host:port;host:port])";
            System.err.println(msg);
            log.error(msg);
            System.exit(2);
            return;
        }
        Broker broker = new Broker(config);
        try {
            start(broker);
        } catch (Exception e) {
            System.err.println("ferrymq broker: failed to start: " + e);
            log.error("broker failed to start", e);
            broker.shutdown();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.shutdown();
            stopped.countDown();
        }, "broker-shutdown-hook"));
        log.info("FERRYMQ_BROKER_STARTED {}", broker.address());
        stopped.await();
    }

    /**
     * Starts {@code broker}, first logging one WARN line per Apache RocketMQ key of its file that has no effect
     * in FerryMQ, so a migrated broker.conf hides nothing.
     */
    public static Broker start(Broker broker) throws IOException {
        broker.config().ignoredKeys().forEach(k -> log.warn(k.warning()));
        return broker.start();
    }

    /** Reads the command line and the properties file into a validated config. */
    public static BrokerConfig parse(String[] args) throws IOException {
        Properties props = new Properties();
        String namesrv = null;
        boolean configured = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-c") || a.equals("--config")) && i + 1 < args.length) {
                Path file = Path.of(args[++i]);
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(r);
                } catch (IOException e) {
                    throw new IOException("cannot read config file " + file.toAbsolutePath() + ": " + e, e);
                }
                configured = true;
            } else if ((a.equals("-n") || a.equals("--namesrvAddr")) && i + 1 < args.length) {
                namesrv = args[++i];
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (!configured) {
            throw new IllegalArgumentException("-c FILE is required");
        }
        if (namesrv != null) {
            props.setProperty("namesrvAddr", namesrv);
        }
        BrokerConfig config = BrokerConfig.fromProperties(props);
        if (config.namesrvAddrList().isEmpty()) {
            // A broker that registers nowhere can never be found by a client: refuse rather than run uselessly.
            throw new IllegalArgumentException("broker config 'namesrvAddr' is required (the name servers to "
                    + "register with, host:port separated by ';'), in the file or with -n");
        }
        return config;
    }
}
