package io.ferrymq.it.ha;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM on the test classpath ({@code java.class.path}), output appended to a log file. Stopped by its
 * own pid only: {@link #kill9()} is SIGKILL (no shutdown hook, no flush, no unregistration), {@link #stop()} is
 * SIGTERM with a bounded wait, then SIGKILL.
 */
final class ChildJvm {
    private final String name;
    private final String mainClass;
    private final List<String> args;
    private final Path log;
    private final String heap;
    private Process process;

    ChildJvm(String name, String mainClass, List<String> args, Path log, String heap) {
        this.name = name;
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
        this.log = log;
        this.heap = heap;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** SIGKILL by pid and wait (bounded) until it is gone. */
    synchronized void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await(process, 20);
        process = null;
    }

    /** SIGTERM (clean shutdown hook), SIGKILL after 15 s. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!await(process, 15)) {
            process.destroyForcibly();
            await(process, 10);
        }
        process = null;
    }

    private static boolean await(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
