package io.ferrymq.console;

import io.ferrymq.console.auth.PasswordHashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the console: {@code ferry-console -c conf/console.conf}; {@code --hash-password} reads a password from
 * standard input and prints its bcrypt hash for a {@code user.<name>=role:hash} line.
 */
public final class ConsoleMain {
    private static final Logger log = LoggerFactory.getLogger(ConsoleMain.class);

    private ConsoleMain() {
    }

    public static void main(String[] args) throws Exception {
        Path conf = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c", "--config" -> {
                    if (i + 1 >= args.length) {
                        fail("-c needs a file");
                    }
                    conf = Path.of(args[++i]);
                }
                case "--hash-password" -> {
                    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    String pw = r.readLine();
                    System.out.println(PasswordHashes.hash(pw == null ? "" : pw.strip()));
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println("usage: ferry-console -c conf/console.conf | --hash-password < password");
                    return;
                }
                default -> fail("unknown option '" + args[i] + "' (try --help)");
            }
        }
        if (conf == null) {
            fail("give the configuration file: -c conf/console.conf");
        }
        ConsoleConfig config;
        try {
            config = ConsoleConfig.load(conf);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        ConsoleServer server = new ConsoleServer(config, Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the console");
            server.close();
            stopped.countDown();
        }, "console-shutdown"));
        stopped.await();
    }

    private static void fail(String message) {
        System.err.println("ferry-console: " + message);
        System.exit(2);
    }
}
