package io.ferrymq.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every consume queue of the store, by topic and queue id: loaded from {@code consumequeue/<topic>/<queueId>} at
 * start-up, created by the dispatcher on a queue's first message, removed when a topic is deleted.
 *
 * <p>Threads: lookups from any thread; creation and removal from the dispatch thread (or start-up).
 */
final class ConsumeQueueTable {
    private final MessageStoreConfig config;
    private final SegmentReclaimer reclaimer;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues =
        new ConcurrentHashMap<>();

    ConsumeQueueTable(MessageStoreConfig config, SegmentReclaimer reclaimer) {
        this.config = config;
        this.reclaimer = reclaimer;
    }

    /** The map itself, for retention's per-queue cleanup. */
    ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> asMap() {
        return queues;
    }

    /** The queue, or null when it has never had a message. */
    ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> m = queues.get(topic);
        return m == null ? null : m.get(queueId);
    }

    /** The queue, created (empty, under {@code consumequeue/}) when absent; dispatch thread. */
    ConsumeQueue getOrCreate(String topic, int queueId) {
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(queueId,
            q -> new ConsumeQueue(topic, q, config.consumeQueueDir().resolve(topic).resolve(Integer.toString(q)),
                config.mappedFileSizeConsumeQueue(), reclaimer));
    }

    /** Removes the topic's queues from the table and returns them (null when it had none). */
    Map<Integer, ConsumeQueue> remove(String topic) {
        return queues.remove(topic);
    }

    /**
     * The sum of every queue's next offset. It never shrinks while the store runs except by topic deletion or a
     * slave's truncation (both followed by a checkpoint), so a start-up that loads less than the checkpoint
     * recorded has lost consume-queue files.
     */
    long entrySum() {
        long n = 0;
        for (Map<Integer, ConsumeQueue> m : queues.values()) {
            for (ConsumeQueue cq : m.values()) {
                n += cq.maxOffset();
            }
        }
        return n;
    }

    /** True when a queue found a gap between its segment files at load (a file was lost). */
    boolean anyGapAtLoad() {
        for (Map<Integer, ConsumeQueue> m : queues.values()) {
            for (ConsumeQueue cq : m.values()) {
                if (cq.gapAtLoad()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Deletes every queue and its files (start-up, before a rebuild from the commit log). */
    void destroyAll() throws IOException {
        for (Map<Integer, ConsumeQueue> m : queues.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.destroy();
            }
        }
        queues.clear();
    }

    int count() {
        return queues.values().stream().mapToInt(Map::size).sum();
    }

    void forEach(Consumer<ConsumeQueue> action) {
        queues.values().forEach(m -> m.values().forEach(action));
    }

    /** Next queue offset of every queue, as the appender keys them. */
    void forEachMaxOffset(QueueOffsetSink sink) {
        queues.forEach((t, m) -> m.forEach((q, cq) -> sink.accept(t, q, cq.maxOffset())));
    }

    interface QueueOffsetSink {
        void accept(String topic, int queueId, long maxOffset);
    }

    /** Cuts every queue's entries that point at or past {@code commitLogOffset}. */
    void truncateByCommitLog(long commitLogOffset) throws IOException {
        for (Map<Integer, ConsumeQueue> m : queues.values()) {
            for (ConsumeQueue cq : m.values()) {
                cq.truncateByCommitLog(commitLogOffset);
            }
        }
    }

    /**
     * Start-up: opens every queue directory, cutting entries past the recovered commit-log end and before its
     * minimum. Returns the sum of the queues' next offsets as found on disk, before those cuts (compare with
     * {@link Checkpoint#queueEntries()}).
     */
    long load(long commitLogEnd, long commitLogMin) throws IOException {
        Path root = config.consumeQueueDir();
        long found = 0;
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> topics = Files.list(root)) {
            for (Path td : (Iterable<Path>) topics::iterator) {
                if (!Files.isDirectory(td)) {
                    continue;
                }
                String topic = td.getFileName().toString();
                try (Stream<Path> qs = Files.list(td)) {
                    for (Path qd : (Iterable<Path>) qs::iterator) {
                        int qid;
                        try {
                            qid = Integer.parseInt(qd.getFileName().toString());
                        } catch (NumberFormatException e) {
                            continue;
                        }
                        ConsumeQueue cq = new ConsumeQueue(topic, qid, qd, config.mappedFileSizeConsumeQueue(),
                            reclaimer);
                        cq.load();
                        found += cq.maxOffset();
                        cq.truncateByCommitLog(commitLogEnd);
                        cq.deleteBefore(commitLogMin);
                        queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(qid, cq);
                    }
                }
            }
        }
        return found;
    }
}
