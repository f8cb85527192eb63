package io.ferrymq.benchmark.profile;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records a real flight recording in this JVM: this thread spins in {@link #spinForTheProfiler} for one second
 * while another waits in {@code ServerSocket.accept}, which JFR samples as jdk.NativeMethodSample. One
 * recording serves every test.
 */
class FlameGraphJfrTest {

    private static volatile long sink;

    @TempDir
    static Path dir;
    private static ServerSocket server;
    private static Thread acceptor;
    private static Path recording;

    @BeforeAll
    static void record() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                server.accept().close();
            } catch (IOException closed) {
                // the test closes the socket to end this thread
            }
        }, "idle-acceptor");
        acceptor.start();
        recording = dir.resolve("test.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
            r.start();
            spinForTheProfiler(System.nanoTime() + Duration.ofSeconds(1).toNanos());
            r.stop();
            r.dump(recording);
        }
    }

    @AfterAll
    static void stopAcceptor() throws Exception {
        server.close();
        acceptor.join(5_000);
        assertFalse(acceptor.isAlive(), "idle-acceptor still running");
    }

    @Test
    void cpuGraphHoldsTheSpinningMethodAndNotTheThreadIdleInNativeCode() throws IOException {
        assertTrue(RecordingFile.readAllEvents(recording).stream()
                        .filter(e -> e.getEventType().getName().equals("jdk.NativeMethodSample"))
                        .anyMatch(e -> JfrStacks.stackOf(e.getStackTrace()).contains("java.net.ServerSocket.accept")),
                "the recording should hold the idle acceptor's native samples");

        JfrStacks.Profile p = JfrStacks.read(recording, ProfileEvent.CPU, null);
        assertEquals(p.events(), p.root().weight(), "one CPU sample weighs one");
        assertTrue(anyFrame(p.root(), f -> f.endsWith("FlameGraphJfrTest.spinForTheProfiler")));
        assertFalse(anyFrame(p.root(), f -> f.equals("java.net.ServerSocket.accept")),
                "the acceptor's native samples are not CPU samples");
    }

    @Test
    void includeKeepsOnlyStacksThroughAMatchingFrame() throws IOException {
        JfrStacks.Profile p = JfrStacks.read(recording, ProfileEvent.CPU, Pattern.compile("spinForTheProfiler"));
        assertTrue(p.events() > 0);
        for (FrameNode outermost : p.root().children()) {
            assertTrue(anyFrame(outermost, f -> f.contains("spinForTheProfiler")), outermost.name());
        }
    }

    @Test
    void theToolWritesAnSvgOfTheRecording() throws Exception {
        Path svg = dir.resolve("cpu.svg");
        String summary = FlameGraphTool.run(recording.toString(), svg.toString(), "--title", "test CPU");
        assertTrue(summary.matches("wrote .*cpu\\.svg: \\d+ samples from \\d+ jdk\\.ExecutionSample events"),
                summary);
        assertTrue(FlameGraphSvgTest.frames(Files.readString(svg)).keySet().stream()
                .anyMatch(t -> t.startsWith("io.ferrymq.benchmark.profile.FlameGraphJfrTest.spinForTheProfiler (")));
    }

    @Test
    void aRecordingWithoutTheEventIsAnErrorNotAnEmptyGraph() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FlameGraphTool.run(
                recording.toString(), dir.resolve("lock.svg").toString(), "--event", "lock"));
        assertTrue(e.getMessage().endsWith(": 0 jdk.JavaMonitorEnter events"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("lock.svg")));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FlameGraphTool.run(recording.toString(),
                "x.svg", "--event", "wall")).getMessage().contains("expected cpu, alloc or lock"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FlameGraphTool.run(recording.toString(),
                "x.svg", "--include", "(")).getMessage().startsWith("--include '(' is not a regular expression"));
    }

    private static void spinForTheProfiler(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            for (int i = 0; i < 1000; i++) {
                sink += Integer.toString(i).hashCode();
            }
        }
    }

    private static boolean anyFrame(FrameNode node, Predicate<String> test) {
        return test.test(node.name()) || node.children().stream().anyMatch(c -> anyFrame(c, test));
    }
}
