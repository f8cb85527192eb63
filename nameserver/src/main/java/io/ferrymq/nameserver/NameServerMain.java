package io.ferrymq.nameserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line entry point: {@code NameServerMain [-c name-server.properties] [-p PORT]}. The port flag overrides
 * {@code listenPort} from the file. Stops cleanly on SIGTERM/SIGINT. Exit code 2 for bad arguments or
 * configuration, 1 when the server cannot start.
 */
public final class NameServerMain {
    private static final Logger log = LoggerFactory.getLogger(NameServerMain.class);
    private static final String USAGE = "usage: NameServerMain [-c name-server.properties] [-p PORT]";

    private NameServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        NameServerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            // Start-up errors go to stderr as well as the log: the log may be a file the operator is not watching.
            System.err.println("ferrymq name server: " + e.getMessage() + " (" + USAGE + ")");
            log.error("{}\n{}", e.getMessage(), USAGE);
            System.exit(2);
            return;
        }
        // One line per RocketMQ key that FerryMQ accepts without effect, so a migrated namesrv.conf hides nothing.
        config.ignoredKeys().forEach(k -> log.warn(k.warning()));
        NameServer ns = new NameServer(config);
        try {
            ns.start();
        } catch (RuntimeException e) {
            System.err.println("ferrymq name server: failed to start: " + e.getMessage());
            log.error("FerryMQ name server failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ns::stop, "namesrv-shutdown"));
        ns.awaitStop();
    }

    /** Parses the arguments into a config; package-private for tests. */
    static NameServerConfig parse(String[] args) throws IOException {
        Path file = null;
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "--config" -> file = Path.of(value(args, ++i, a));
                case "-p", "--port" -> {
                    String v = value(args, ++i, a);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("port '" + v + "' is not a number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        NameServerConfig config;
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("config file " + file + " does not exist or is not readable");
            }
            config = NameServerConfig.load(file);
        } else {
            config = new NameServerConfig();
        }
        if (port != null) {
            config.listenPort(port);
        }
        return config.validate();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + flag + " needs a value");
        }
        return args[i];
    }
}
