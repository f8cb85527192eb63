package io.ferrymq.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test (needs root and mount(8)); {@link #tryMount} answers why not when it cannot,
 * so the test can skip with that reason. {@link #fill()} takes every free byte with a filler file;
 * {@link #close()} unmounts.
 */
public final class TmpfsMount implements AutoCloseable {
    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    /** The mount, or a string saying why a tmpfs cannot be mounted here. */
    public static Object tryMount(Path dir, long bytes) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "mounting a tmpfs needs root (running as " + System.getProperty("user.name") + ")";
        }
        Files.createDirectories(dir);
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()));
        if (out != null) {
            return "mount -t tmpfs failed: " + out;
        }
        return new TmpfsMount(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes zeros into {@code filler} until the file system is full; returns the bytes taken. */
    public long fill(Path filler) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        long n = 0;
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                zeros.clear();
                n += ch.write(zeros, n);
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
                throw e;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run(List.of("umount", "-l", dir.toString()));
        if (out != null) {
            throw new IOException("umount " + dir + " failed: " + out);
        }
    }

    /** Runs a command; null on exit 0, else its output. */
    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + " did not finish in 20 s";
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
