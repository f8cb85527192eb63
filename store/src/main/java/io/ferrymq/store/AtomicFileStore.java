package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A small file replaced atomically: write a temp file beside it, fsync it, rename it over the target, fsync the
 * directory. After a crash (even kill -9 or power loss) a reader sees either the old or the new content, never
 * a mix. For the broker's consumer offsets, topic configs and delay progress (e.g. JSON), and for the store's
 * checkpoint. Writers of the same path must be serialised by the caller; different paths are independent.
 */
public final class AtomicFileStore {
    private final Path file;
    private final Path temp;

    public AtomicFileStore(Path file) {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path path() {
        return file;
    }

    /** Replaces the content; returns once it is durable. */
    public void write(byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(content);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.getParent());
    }

    public void writeString(String content) throws IOException {
        write(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The current content, or empty when the file was never written. */
    public Optional<byte[]> read() throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public Optional<String> readString() throws IOException {
        return read().map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(temp);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; the rename is still atomic there
            if (!(e instanceof java.nio.file.AccessDeniedException)) {
                throw e;
            }
        }
    }
}
