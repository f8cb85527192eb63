package io.ferrymq.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test hook for power-loss tests (issue 15, fault 4). With the system property {@value #PROPERTY} naming a file,
 * every commit-log force writes the offset now forced there (20 decimal digits, one write at position 0, so a
 * reader never sees half a number), and a test that SIGKILLs the process can cut the log where a power cut would
 * have: nothing past that offset was on the disk. Without the property it does nothing.
 *
 * <p>Threads: called by the flush thread only (the one caller of {@link CommitLog#flush()}).
 */
final class ForcedOffsetRecorder {
    /** System property: the file to record the last forced commit-log offset in (tests only). */
    static final String PROPERTY = "ferrymq.test.forcedOffsetFile";
    static final ForcedOffsetRecorder NONE = new ForcedOffsetRecorder(null);

    private final Path file;

    private ForcedOffsetRecorder(Path file) {
        this.file = file;
    }

    /** The recorder the system property asks for, or {@link #NONE}. */
    static ForcedOffsetRecorder fromSystemProperty() {
        String p = System.getProperty(PROPERTY);
        return p == null || p.isBlank() ? NONE : new ForcedOffsetRecorder(Path.of(p));
    }

    /** Records that every commit-log byte below {@code offset} is forced. */
    void forced(long offset) {
        if (file == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(String.format("%020d", offset).getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("test hook " + PROPERTY + " cannot write " + file, e);
        }
    }

    /** Reads a recorded offset (for the test that cuts the log), -1 when nothing was recorded. */
    static long read(Path file) throws IOException {
        if (!java.nio.file.Files.exists(file)) {
            return -1;
        }
        String s = java.nio.file.Files.readString(file, StandardCharsets.US_ASCII).trim();
        return s.isEmpty() ? -1 : Long.parseLong(s);
    }
}
