package io.ferrymq.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The store's safe point, written atomically ({@link AtomicFileStore}) by the housekeeping thread after the
 * consume queues are forced, and at clean shutdown. The RocksDB index keeps its own resume point (the progress
 * key in {@link MessageIndex}), because it is written without a WAL.
 *
 * @param commitLogFlushed commit-log bytes below this offset were forced
 * @param dispatched       consume queues are complete below this commit-log offset
 * @param clean            written by a clean shutdown (the store was not running after it)
 */
record Checkpoint(long commitLogFlushed, long dispatched, boolean clean) {

    static Optional<Checkpoint> read(Path file) throws IOException {
        Optional<String> s = new AtomicFileStore(file).readString();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new java.io.StringReader(s.get()));
        try {
            return Optional.of(new Checkpoint(Long.parseLong(p.getProperty("commitLogFlushed")),
                Long.parseLong(p.getProperty("dispatched")), Boolean.parseBoolean(p.getProperty("clean"))));
        } catch (RuntimeException e) {
            throw new IOException("unreadable checkpoint " + file + ": " + s.get(), e);
        }
    }

    void write(Path file) throws IOException {
        new AtomicFileStore(file).writeString("commitLogFlushed=" + commitLogFlushed + "\ndispatched=" + dispatched
            + "\nclean=" + clean + "\n");
    }
}
