package io.ferrymq.it.ha;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM on the test classpath ({@code java.class.path}), output appended to a log file, optionally started
 * through a launcher prefix (e.g. {@code ip netns exec <ns>}). Stopped by its own pid only, together with the
 * pids descending from it (a launcher that forks leaves the JVM as its child): {@link #kill9()} is SIGKILL (no
 * shutdown hook, no flush, no unregistration), {@link #stop()} is SIGTERM with a bounded wait, then SIGKILL.
 */
public final class ChildJvm {
    private final String name;
    private final String mainClass;
    private final List<String> args;
    private final Path log;
    private final String heap;
    private final List<String> launcher;
    private Process process;

    public ChildJvm(String name, String mainClass, List<String> args, Path log, String heap) {
        this(name, mainClass, args, log, heap, List.of());
    }

    /** {@code launcher}: command words put before {@code java} (empty: none). */
    ChildJvm(String name, String mainClass, List<String> args, Path log, String heap, List<String> launcher) {
        this.launcher = List.copyOf(launcher);
        this.name = name;
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
        this.log = log;
        this.heap = heap;
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for a failure message (a child's log dies with a CI machine). */
    public String logTail(int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }

    /** SIGKILL by pid and wait (bounded) until it is gone. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        await(process, 20);
        awaitGone(tree, 10);
        process = null;
    }

    /** SIGTERM (clean shutdown hook), SIGKILL after 15 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        boolean gone = await(process, 15);
        gone = awaitGone(tree, gone ? 5 : 1) && gone;
        if (!gone) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            await(process, 10);
            awaitGone(tree, 10);
        }
        process = null;
    }

    /** Waits (bounded) until every handle has exited; true if all did. */
    private static boolean awaitGone(List<ProcessHandle> handles, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle h : handles) {
            try {
                long left = deadline - System.nanoTime();
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
        return true;
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
