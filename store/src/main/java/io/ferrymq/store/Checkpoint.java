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
 * @param queueEntries     the sum of every consume queue's next offset when {@code dispatched} was read (0 when
 *                         unknown): a start-up that loads fewer knows consume-queue files were lost
 */
record Checkpoint(long commitLogFlushed, long dispatched, boolean clean, long queueEntries) {

    /**
     * The checkpoint on disk, empty when there is none.
     *
     * @throws IOException when it exists but cannot be read or parsed (e.g. truncated)
     */
    static Optional<Checkpoint> read(Path file) throws IOException {
        Optional<String> s = new AtomicFileStore(file).readString();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new java.io.StringReader(s.get()));
        try {
            String entries = p.getProperty("queueEntries");
            String clean = p.getProperty("clean");
            if (clean == null || !(clean.equals("true") || clean.equals("false"))) {
                throw new IllegalArgumentException("no clean=true|false line");
            }
            return Optional.of(new Checkpoint(Long.parseLong(p.getProperty("commitLogFlushed")),
                Long.parseLong(p.getProperty("dispatched")), Boolean.parseBoolean(clean),
                entries == null ? 0 : Long.parseLong(entries)));
        } catch (RuntimeException e) {
            throw new IOException("unreadable checkpoint " + file + ": " + s.get(), e);
        }
    }

    void write(Path file) throws IOException {
        // clean last: a file cut short anywhere lacks it and is refused as unreadable, never half-trusted
        new AtomicFileStore(file).writeString("commitLogFlushed=" + commitLogFlushed + "\ndispatched=" + dispatched
            + "\nqueueEntries=" + queueEntries + "\nclean=" + clean + "\n");
    }
}
