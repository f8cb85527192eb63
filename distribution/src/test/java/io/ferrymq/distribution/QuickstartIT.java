package io.ferrymq.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged distribution: {@code ferry-quickstart --detach} brings up 2 name servers and 2 broker groups of
 * master + slave in their own JVMs, the demo passes, {@code ferry-admin clusterList} shows them, and
 * {@code ferry-stop} leaves no process behind. Also: servers refuse bad configuration naming the key.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class QuickstartIT {
    private static final String[] ROLES = {"namesrv-1", "namesrv-2", "broker-a-0", "broker-a-1", "broker-b-0",
        "broker-b-1"};
    private final Path home = Path.of(System.getProperty("ferrymq.dist.dir", "target/ferrymq")).toAbsolutePath();
    private Path dir;

    record Result(int code, String output) {
    }

    @BeforeEach
    void makeDir() throws IOException {
        assertTrue(Files.isExecutable(home.resolve("bin/ferry-quickstart")), "distribution built at " + home);
        dir = Files.createTempDirectory("ferry-quickstart-it");
    }

    @AfterEach
    void stopEverything() throws Exception {
        // Whatever happened, stop what the test started (by pid file), then delete the directory.
        run(120, home.resolve("bin/ferry-stop").toString(), "--dir", dir.toString());
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Result run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("FERRYMQ_PID_DIR", dir.resolve("pids").toString());
        pb.environment().put("FERRYMQ_LOG_DIR", dir.resolve("logs").toString());
        Path log = Files.createTempFile(dir, "cmd", ".out");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeBasePort() {
        Random r = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + r.nextInt(30000);
            int[] offsets = {0, 1, 1035, 1036, 1037, 1045, 1046, 1047, 1055, 1056, 1057, 1065, 1066, 1067, 1075, 1076, 1100};
            boolean ok = true;
            for (int o : offsets) {
                ok &= free(base + o);
            }
            if (ok) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String role : ROLES) {
            Path f = dir.resolve("pids/" + role + ".pid");
            assertTrue(Files.exists(f), "pid file " + f);
            pids.add(Long.parseLong(Files.readString(f).trim()));
        }
        return pids;
    }

    /** The printed console URL and admin password log in, and the console sees both broker groups. */
    private void consoleLogsInWithWhatTheQuickstartPrinted(String output, int base) throws Exception {
        String url = "http://127.0.0.1:" + (base + 1100) + "/";
        assertTrue(output.contains("Web console:     " + url), output);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("user admin, password (\\S+)").matcher(output);
        assertTrue(m.find(), output);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> login = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url + "api/login")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\""
                        + m.group(1) + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String brokers = "";
        while (System.nanoTime() < deadline) {
            brokers = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url
                    + "api/sets/quickstart/brokers")).header("Cookie", cookie).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (brokers.contains("broker-a") && brokers.contains("broker-b")) {
                return;
            }
            Thread.sleep(500); // poll interval of a bounded wait for the console's first snapshot
        }
        fail("the console never listed both broker groups: " + brokers);
    }

    @Test
    void quickstartBringsUpTheClusterRunsTheDemoAndStopsCleanly() throws Exception {
        int base = freeBasePort();
        Result start = run(240, home.resolve("bin/ferry-quickstart").toString(), "--detach", "--dir", dir.toString(),
                "--base-port", Integer.toString(base));
        assertEquals(0, start.code, start.output);
        assertTrue(start.output.contains("demo: OK"), start.output);
        assertFalse(start.output.contains("ch.qos.logback") || start.output.contains("Exception"),
                "the scripts and tools start without logging-configuration noise or stack traces:\n" + start.output);
        assertTrue(start.output.contains("consumed 1000 of 1000"), start.output);

        List<Long> pids = pids();
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " runs");
        }
        String ns = "127.0.0.1:" + base + ";127.0.0.1:" + (base + 1);
        Result cluster = run(60, home.resolve("bin/ferry-admin").toString(), "clusterList", "-n", ns);
        assertEquals(0, cluster.code, cluster.output);
        assertFalse(cluster.output.contains("ch.qos.logback"), cluster.output);
        for (String expected : new String[]{"broker-a", "broker-b", "MASTER", "SLAVE",
            "127.0.0.1:" + (base + 1035), "127.0.0.1:" + (base + 1045), "127.0.0.1:" + (base + 1055),
            "127.0.0.1:" + (base + 1065)}) {
            assertTrue(cluster.output.contains(expected), "clusterList shows " + expected + ":\n" + cluster.output);
        }
        assertEquals(2, cluster.output.lines().filter(l -> l.contains("SLAVE")).count(), cluster.output);
        consoleLogsInWithWhatTheQuickstartPrinted(start.output, base);

        // Every command the quickstart printed ("  $ ..."), copied from its output and run exactly as printed.
        List<String> printed = start.output.lines().filter(l -> l.startsWith("  $ ")).map(l -> l.substring(4))
                .toList();
        assertEquals(12, printed.size(), "5 admin/bench commands, 6 metrics URLs and the stop command:\n"
                + start.output);
        String stopCommand = printed.get(printed.size() - 1);
        assertTrue(stopCommand.contains("ferry-stop --dir"), stopCommand);
        for (String command : printed.subList(0, printed.size() - 1)) {
            Result r = run(120, "bash", "-c", command);
            assertEquals(0, r.code, "printed command failed: " + command + "\n" + r.output);
            assertFalse(r.output.contains("Missing required option") || r.output.contains("Exception"),
                    command + "\n" + r.output);
            if (command.contains(" sendMessage ")) {
                assertTrue(r.output.contains("SEND_OK"), command + "\n" + r.output);
            } else if (command.contains(" consumeMessage ")) {
                assertTrue(r.output.contains("hello"), command + "\n" + r.output);
            } else if (command.startsWith("curl ")) {
                assertTrue(r.output.lines().anyMatch(l -> l.startsWith("ferrymq_")), "Prometheus series from "
                        + command + "\n" + r.output.lines().limit(20).toList());
                assertTrue(r.output.contains("jvm_memory_used_bytes"), command);
            }
        }

        Result stop = run(120, "bash", "-c", stopCommand);
        assertEquals(0, stop.code, stop.output);
        for (long pid : pids) {
            ProcessHandle h = ProcessHandle.of(pid).orElse(null);
            assertTrue(h == null || !h.isAlive(), "process " + pid + " is gone after ferry-stop");
        }
        try (Stream<Path> left = Files.list(dir.resolve("pids"))) {
            assertEquals(0, left.count(), "ferry-stop removed the pid files");
        }
    }

    @Test
    void serversRefuseBadConfigurationNamingTheKey() throws Exception {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "brokerName=broker-x\nnamesrvAddr=127.0.0.1:1\nlistenPorrt=10911\n");
        Result unknown = runForeground("io.ferrymq.broker.BrokerMain", "-c", conf.toString());
        assertNotEquals(0, unknown.code);
        assertTrue(unknown.output.contains("listenPorrt"), unknown.output);

        Files.writeString(conf, "brokerName=broker-x\nnamesrvAddr=127.0.0.1:1\nlistenPort=eleven\n");
        Result bad = runForeground("io.ferrymq.broker.BrokerMain", "-c", conf.toString());
        assertNotEquals(0, bad.code);
        assertTrue(bad.output.contains("listenPort") && bad.output.contains("eleven"), bad.output);

        Files.writeString(conf, "listenPort=10911\n");
        Result missing = runForeground("io.ferrymq.broker.BrokerMain", "-c", conf.toString());
        assertNotEquals(0, missing.code);
        assertTrue(missing.output.contains("namesrvAddr") || missing.output.contains("brokerName"), missing.output);

        Files.writeString(conf, "listenPort=98765\n");
        Result ns = runForeground("io.ferrymq.nameserver.NameServerMain", "-c", conf.toString());
        assertNotEquals(0, ns.code);
        assertTrue(ns.output.contains("listenPort") && ns.output.contains("98765"), ns.output);

        Result noFile = runForeground("io.ferrymq.broker.BrokerMain", "-c", dir.resolve("absent.properties").toString());
        assertNotEquals(0, noFile.code);
        assertTrue(noFile.output.contains("absent.properties"), noFile.output);
    }

    private Result runForeground(String main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-cp", home.resolve("conf") + ":" + home.resolve("lib") + "/*", main));
        cmd.addAll(List.of(args));
        return run(60, cmd.toArray(new String[0]));
    }
}
