package io.ferrymq.it.rocketmq;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The real Apache RocketMQ {@value #VERSION}: one name server and one master broker ({@value #CLUSTER} /
 * {@value #BROKER_NAME}), each in its own JVM, on free loopback ports, in a temp directory.
 *
 * <p>Their jars never touch the test classpath (rocksdbjni, netty, fastjson... clash with ours): they are fetched
 * from Maven Central once per build into {@code it/target/rocketmq-5.3.3/lib} by running {@code mvn
 * dependency:copy-dependencies} on a generated throw-away pom (the way {@code shared/bench/rocketmq-baseline.sh}
 * does), and the two servers run with {@code java -cp 'lib/*'}. When no {@code mvn} can be found the calling test
 * is skipped (JUnit assumption) with the reason printed; any other problem fails it.
 *
 * <p>Real-broker timings tests must live with: the broker registers with the name server ~10 s after it booted
 * ({@link #start()} waits for that), then every {@code registerNameServerPeriod} (set to the minimum, 10 s, here;
 * default 30 s) and right after a topic (also {@code %RETRY%} or auto-created) is created or updated, so poll for a
 * new topic's route (see {@link #await}) rather than assuming it.
 *
 * <p>Master only, on purpose: the official 5.3.3 slave refuses pulls unless {@code slaveReadEnable=true} and copies
 * topic and group configs from its master only once a minute (docs/protocol.md, pitfall 24), which would make
 * slave tests slow and say little about our client.
 *
 * <p>{@link #close()} stops both JVMs by pid (SIGTERM, bounded wait, SIGKILL) and deletes the temp directory; a
 * JVM shutdown hook does the same if the test JVM exits first.
 */
public final class RealRocketMQ implements AutoCloseable {
    public static final String VERSION = "5.3.3";
    public static final String CLUSTER = "DefaultCluster";
    public static final String BROKER_NAME = "broker-a";

    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String BOOT_MARK = "boot success";
    /** {@code -Dferrymq.it.keepRealRocketMQ=true} keeps the temp directory (logs, store) after the test. */
    public static final String KEEP_PROPERTY = "ferrymq.it.keepRealRocketMQ";

    private final Path dir;
    private final int namesrvPort;
    private final int brokerPort;
    private final Thread shutdownHook = new Thread(this::close, "real-rocketmq-stopper");
    private Process namesrv;
    private Process broker;
    private boolean closed;

    private RealRocketMQ(Path dir, int namesrvPort, int brokerPort) {
        this.dir = dir;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
    }

    /**
     * Fetches RocketMQ if needed, starts the name server, then the broker, and returns once both printed "boot
     * success" and the name server lists the broker.
     */
    public static RealRocketMQ start() throws IOException, InterruptedException {
        Path lib = ensureDistribution();
        Path dir = Files.createTempDirectory("ferry-real-rocketmq-");
        int namesrvPort = freePorts(0);
        int brokerPort;
        do {
            brokerPort = freePorts(-2, 1); // the broker also binds listenPort-2 (fast) and listenPort+1 (HA)
        } while (Math.abs(brokerPort - namesrvPort) <= 2);
        RealRocketMQ rmq = new RealRocketMQ(dir, namesrvPort, brokerPort);
        Runtime.getRuntime().addShutdownHook(rmq.shutdownHook);
        try {
            rmq.boot(lib);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            rmq.close();
            throw e;
        }
        return rmq;
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + namesrvPort;
    }

    public String brokerAddr() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The temp directory: {@code namesrv.out}, {@code broker.out}, {@code store/}, {@code home/logs/}. */
    public Path dir() {
        return dir;
    }

    public long brokerPid() {
        return broker.pid();
    }

    public long namesrvPid() {
        return namesrv.pid();
    }

    private void boot(Path lib) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path store = Files.createDirectories(dir.resolve("store"));
        Map<String, String> ns = new LinkedHashMap<>();
        ns.put("listenPort", Integer.toString(namesrvPort));
        ns.put("bindAddress", "127.0.0.1");
        Path nsConf = writeConf("namesrv.conf", ns);

        Map<String, String> b = new LinkedHashMap<>();
        b.put("brokerClusterName", CLUSTER);
        b.put("brokerName", BROKER_NAME);
        b.put("brokerId", "0");
        b.put("brokerRole", "ASYNC_MASTER");
        b.put("flushDiskType", "ASYNC_FLUSH");
        b.put("listenPort", Integer.toString(brokerPort));
        b.put("bindAddress", "127.0.0.1");
        b.put("brokerIP1", "127.0.0.1");
        b.put("namesrvAddr", namesrvAddr());
        b.put("autoCreateTopicEnable", "true");
        b.put("autoCreateSubscriptionGroup", "true");
        b.put("registerNameServerPeriod", "10000"); // the broker clamps it to [10 s, 60 s]; default 30 s
        b.put("storePathRootDir", store.toString());
        b.put("storePathCommitLog", store.resolve("commitlog").toString());
        b.put("mappedFileSizeCommitLog", Integer.toString(64 * 1024 * 1024));
        b.put("mappedFileSizeConsumeQueue", Integer.toString(30_000 * 20));
        b.put("maxHashSlotNum", "50000"); // index files: ~20 MB instead of ~420 MB
        b.put("maxIndexNum", "200000");
        Path brokerConf = writeConf("broker.conf", b);

        namesrv = launch(lib, home, "namesrv", "-Xms128m -Xmx256m",
            "org.apache.rocketmq.namesrv.NamesrvStartup", nsConf);
        awaitBoot(namesrv, "name server");
        broker = launch(lib, home, "broker", "-Xms256m -Xmx512m -XX:MaxDirectMemorySize=256m",
            "org.apache.rocketmq.broker.BrokerStartup", brokerConf);
        awaitBoot(broker, "broker");
        awaitRegistration();
        System.err.println("real RocketMQ " + VERSION + " up in " + dir + ": name server pid " + namesrv.pid()
            + " at " + namesrvAddr() + ", broker pid " + broker.pid() + " at " + brokerAddr());
    }

    /**
     * The 5.3.3 broker's first registration comes from its periodic task, ~10 s after "boot success" (observed);
     * until then the name server knows no cluster. Checked over the plain remoting protocol, not with the client
     * under test.
     */
    private void awaitRegistration() {
        RemotingClient probe = new RemotingClient(new RemotingClientConfig().name("real-rocketmq-probe"));
        try {
            await("broker " + BROKER_NAME + " at " + brokerAddr() + " registered with the name server",
                REGISTRATION_TIMEOUT, () -> {
                    if (!broker.isAlive()) {
                        // an Error, not a RuntimeException: await() stops at once instead of retrying
                        throw new AssertionError("real RocketMQ broker exited with " + broker.exitValue() + ":\n"
                            + tail("broker.out"));
                    }
                    try {
                        RemotingCommand resp = probe.invokeSync(namesrvAddr(),
                            RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 3000);
                        return resp.code() == ResponseCode.SUCCESS && resp.body() != null
                            && new String(resp.body(), StandardCharsets.UTF_8).contains(brokerAddr());
                    } catch (Exception e) {
                        return false;
                    }
                });
        } finally {
            probe.shutdown();
        }
    }

    private Path writeConf(String name, Map<String, String> kv) throws IOException {
        StringBuilder sb = new StringBuilder();
        kv.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
    }

    private Process launch(Path lib, Path home, String name, String heap, String mainClass, Path conf)
        throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(heap.split(" ")));
        // small and quick to boot on a shared 2-core machine: no pre-touch, serial GC, C1 only
        cmd.addAll(List.of("-XX:-AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-OmitStackTraceInFastThrow", "-XX:-UseLargePages",
            "-Duser.home=" + home, "-Drocketmq.home.dir=" + dir,
            "-cp", lib.toAbsolutePath() + File.separator + "*", mainClass, "-c", conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile());
        pb.environment().put("ROCKETMQ_HOME", dir.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb.start();
    }

    private void awaitBoot(Process p, String what) throws InterruptedException {
        String file = p == namesrv ? "namesrv.out" : "broker.out";
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (!read(dir.resolve(file)).contains(BOOT_MARK)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("real RocketMQ " + what + " (pid " + p.pid() + ") exited with "
                    + p.exitValue() + " before booting:\n" + tail(file));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("real RocketMQ " + what + " (pid " + p.pid() + ") printed no '"
                    + BOOT_MARK + "' within " + BOOT_TIMEOUT.toSeconds() + " s:\n" + tail(file));
            }
            Thread.sleep(100);
        }
    }

    /** The last lines of {@code file} in the temp directory plus the broker's own log, for failure messages. */
    public String tail(String file) {
        StringBuilder sb = new StringBuilder("--- ").append(file).append(" ---\n").append(lastLines(dir.resolve(file),
            40));
        Path log = dir.resolve("home/logs/rocketmqlogs/" + (file.startsWith("namesrv") ? "namesrv.log"
            : "broker.log"));
        if (Files.exists(log)) {
            sb.append("--- ").append(log).append(" ---\n").append(lastLines(log, 40));
        }
        return sb.toString();
    }

    private static String lastLines(Path f, int n) {
        List<String> lines = read(f).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size())) + "\n";
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the broker, then the name server (SIGTERM, bounded wait, SIGKILL), and deletes the temp directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: we are (or run beside) the hook
        }
        stop(broker);
        stop(namesrv);
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            System.err.println("real RocketMQ stopped; kept " + dir + " (-D" + KEEP_PROPERTY + ")");
        } else {
            deleteTree(dir);
        }
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(p.pid());
        h.ifPresent(ProcessHandle::destroy); // SIGTERM: the servers' shutdown hooks unregister and flush
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("real RocketMQ pid " + p.pid() + " ignored SIGTERM for "
                    + STOP_TIMEOUT.toSeconds() + " s; SIGKILL");
                h.ifPresent(ProcessHandle::destroyForcibly);
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            h.ifPresent(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    // ------------------------------------------------------------------ polling

    /**
     * Polls {@code condition} every 100 ms until it holds or {@code timeout} passes (then fails naming
     * {@code what}). An exception thrown by the condition counts as "not yet" and is reported on timeout.
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError err = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                    + what + (last == null ? "" : "; last error: " + last));
                if (last != null) {
                    err.initCause(last);
                }
                throw err;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    // ------------------------------------------------------------------ ports

    /**
     * A loopback port p, in a range below the usual ephemeral ports, such that p + each of {@code offsets} (and p
     * itself) can be bound both on 127.0.0.1 and on the wildcard address (the broker's HA service binds 0.0.0.0).
     */
    private static int freePorts(int... offsets) throws IOException {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = 20_000 + rnd.nextInt(10_000);
            boolean ok = bindable(p);
            for (int o : offsets) {
                ok &= bindable(p + o);
            }
            if (ok) {
                return p;
            }
        }
        throw new IOException("no free port triple found in 20000-30000");
    }

    private static boolean bindable(int port) {
        for (InetAddress a : new InetAddress[] {InetAddress.getLoopbackAddress(), null}) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(a == null ? new InetSocketAddress(port) : new InetSocketAddress(a, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ fetch

    /**
     * {@code it/target/rocketmq-5.3.3/lib} with the name server's and broker's jars, fetched with {@code mvn} on
     * first use (offline first, from the local repository; then online). Skips the calling test when no
     * {@code mvn} exists.
     */
    static Path ensureDistribution() throws IOException, InterruptedException {
        Path home = itModuleDir().resolve("target").resolve("rocketmq-" + VERSION);
        Path lib = home.resolve("lib");
        if (isComplete(lib)) {
            return lib;
        }
        Files.createDirectories(home);
        // one fetch per build even if test JVMs run in parallel
        try (FileChannel ch = FileChannel.open(home.resolve("fetch.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
            FileLock lock = ch.lock();
            try {
                return isComplete(lib) ? lib : fetch(home, lib);
            } finally {
                lock.release();
            }
        }
    }

    private static Path fetch(Path home, Path lib) throws IOException, InterruptedException {
        Optional<Path> mvn = findMaven();
        if (mvn.isEmpty()) {
            String reason = "SKIPPED: cannot test against the real Apache RocketMQ " + VERSION
                + ": no mvn found (looked at system property maven.home, $M2_HOME, $MAVEN_HOME and $PATH) to "
                + "fetch it from Maven Central into " + lib;
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        Path pom = home.resolve("fetch-pom.xml");
        Files.writeString(pom, """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>io.ferrymq.it</groupId><artifactId>real-rocketmq-fetch</artifactId><version>1</version>
              <packaging>pom</packaging>
              <dependencies>
                <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-namesrv</artifactId>
                  <version>%1$s</version></dependency>
                <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-broker</artifactId>
                  <version>%1$s</version></dependency>
              </dependencies>
            </project>
            """.formatted(VERSION), StandardCharsets.UTF_8);
        Path partial = home.resolve("lib.partial");
        Path log = home.resolve("fetch.log");
        deleteTree(partial);
        boolean ok = runMaven(mvn.get(), pom, partial, log, true) || runMaven(mvn.get(), pom, partial, log, false);
        if (!ok) {
            throw new IllegalStateException("fetching RocketMQ " + VERSION + " with " + mvn.get() + " failed; "
                + "see " + log + ":\n" + lastLines(log, 30));
        }
        deleteTree(lib);
        Files.move(partial, lib, StandardCopyOption.ATOMIC_MOVE); // lib/ never holds a partial copy
        if (!isComplete(lib)) {
            throw new IllegalStateException("mvn succeeded but " + lib + " lacks the broker or name server jar; "
                + "see " + log);
        }
        return lib;
    }

    private static boolean isComplete(Path lib) {
        return Files.isRegularFile(lib.resolve("rocketmq-broker-" + VERSION + ".jar"))
            && Files.isRegularFile(lib.resolve("rocketmq-namesrv-" + VERSION + ".jar"));
    }

    private static boolean runMaven(Path mvn, Path pom, Path out, Path log, boolean offline)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        cmd.addAll(List.of("-f", pom.toString(), "dependency:copy-dependencies", "-DoutputDirectory=" + out));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Files.writeString(log, "$ " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = pb.start();
        if (!p.waitFor(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("mvn fetching RocketMQ " + VERSION + " did not finish within "
                + FETCH_TIMEOUT.toMinutes() + " min; see " + log);
        }
        return p.exitValue() == 0 && Files.isDirectory(out);
    }

    private static Optional<Path> findMaven() {
        List<Path> candidates = new ArrayList<>();
        for (String home : new String[] {System.getProperty("maven.home"), System.getenv("M2_HOME"),
            System.getenv("MAVEN_HOME")}) {
            if (home != null && !home.isBlank()) {
                candidates.add(Path.of(home, "bin", "mvn"));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    candidates.add(Path.of(d, "mvn"));
                }
            }
        }
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }

    /** The it/ module directory: Surefire's {@code basedir}, or the working directory (or its it/ child). */
    private static Path itModuleDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        if (!Files.exists(base.resolve("src/test/java/io/ferrymq/it")) && Files.isDirectory(base.resolve("it"))) {
            return base.resolve("it");
        }
        return base;
    }
}
