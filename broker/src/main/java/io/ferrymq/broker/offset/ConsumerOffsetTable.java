package io.ferrymq.broker.offset;

import com.alibaba.fastjson2.TypeReference;
import io.ferrymq.broker.persist.JsonFile;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.store.ConsumedOffsetsView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed consumer offsets (next offset to consume) per group, topic and queue, plus the last pull position
 * (for consume stats). Updates are lock-free map writes from request threads; the {@code offset-flusher}
 * {@link DutyCycleWorker} thread writes a snapshot to {@code config/consumerOffsets.json} atomically whenever
 * something changed, every {@code flushConsumerOffsetInterval} ms and on shutdown. After a crash at most the
 * last interval of commits is lost (the client re-commits them every 5 s anyway). A failed write marks
 * {@value #FAULT_PERSIST} failing (the broker reports itself unhealthy) until a later write succeeds.
 */
public final class ConsumerOffsetTable implements ConsumedOffsetsView {
    private static final Logger log = LoggerFactory.getLogger(ConsumerOffsetTable.class);
    private static final String SEP = "@";
    /** Failing condition: the offsets file cannot be written. */
    public static final String FAULT_PERSIST = "offsets.persist_failed";

    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> pullOffsets = new ConcurrentHashMap<>();
    private final JsonFile file;
    private final long flushIntervalMillis;
    private final AtomicLong version = new AtomicLong();
    private long flushedVersion;
    private final FaultRegistry faults;
    private final DutyCycleWorker flusher;

    public ConsumerOffsetTable(Path file, long flushIntervalMillis, Clock clock, FaultRegistry faults) {
        this.file = new JsonFile(file);
        this.flushIntervalMillis = flushIntervalMillis;
        this.faults = faults;
        this.flusher = DutyCycleWorker.periodic("offset-flusher", clock, flushIntervalMillis, this::flushCounted,
                faults);
    }

    public void load() {
        file.<Map<String, Map<Integer, Long>>>read(new TypeReference<Map<String, Map<Integer, Long>>>() { }.getType())
                .ifPresent(m -> m.forEach((k, v) -> offsets.put(k, new ConcurrentHashMap<>(v))));
        log.info("loaded committed offsets of {} group/topic pairs from {}", offsets.size(), file.path());
    }

    public void start() {
        flusher.start();
    }

    /** Stops the flusher and writes the final state. Idempotent. */
    public void shutdown() {
        flusher.close();
        flushCounted();
    }

    private static String key(String topic, String group) {
        return topic + SEP + group;
    }

    public void commit(String group, String topic, int queueId, long offset) {
        offsets.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        version.incrementAndGet();
    }

    /** Committed offset or -1. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> m = offsets.get(key(topic, group));
        if (m == null) {
            return -1;
        }
        Long v = m.get(queueId);
        return v == null ? -1 : v;
    }

    /** Remembers where the group's last pull of the queue ends (not persisted). */
    public void recordPull(String group, String topic, int queueId, long nextBeginOffset) {
        pullOffsets.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, nextBeginOffset);
    }

    /** Last pull's next offset, or -1. */
    public long pullOffset(String group, String topic, int queueId) {
        Map<Integer, Long> m = pullOffsets.get(key(topic, group));
        Long v = m == null ? null : m.get(queueId);
        return v == null ? -1 : v;
    }

    /** queueId → committed offset of the group on the topic (copy; empty when none). */
    public Map<Integer, Long> offsetsOf(String group, String topic) {
        Map<Integer, Long> m = offsets.get(key(topic, group));
        return m == null ? new HashMap<>() : new TreeMap<>(m);
    }

    /** Topics the group has committed offsets on. */
    public Set<String> topicsOf(String group) {
        Set<String> out = new HashSet<>();
        for (String k : offsets.keySet()) {
            int i = k.lastIndexOf(SEP);
            if (k.substring(i + 1).equals(group)) {
                out.add(k.substring(0, i));
            }
        }
        return out;
    }

    /** Every group with committed offsets, with its topics: one pass, for callers that need all groups. */
    public Map<String, Set<String>> topicsByGroup() {
        Map<String, Set<String>> out = new HashMap<>();
        for (String k : offsets.keySet()) {
            int i = k.lastIndexOf(SEP);
            out.computeIfAbsent(k.substring(i + 1), g -> new HashSet<>()).add(k.substring(0, i));
        }
        return out;
    }

    /** Groups with committed offsets on the topic. */
    public Set<String> groupsOf(String topic) {
        Set<String> out = new HashSet<>();
        for (String k : offsets.keySet()) {
            int i = k.lastIndexOf(SEP);
            if (k.substring(0, i).equals(topic)) {
                out.add(k.substring(i + 1));
            }
        }
        return out;
    }

    /** Replaces the group's offsets on the topic (reset by time). */
    public void reset(String group, String topic, Map<Integer, Long> queueOffsets) {
        offsets.put(key(topic, group), new ConcurrentHashMap<>(queueOffsets));
        pullOffsets.remove(key(topic, group));
        version.incrementAndGet();
    }

    public void removeGroup(String group) {
        offsets.keySet().removeIf(k -> k.substring(k.lastIndexOf(SEP) + 1).equals(group));
        pullOffsets.keySet().removeIf(k -> k.substring(k.lastIndexOf(SEP) + 1).equals(group));
        version.incrementAndGet();
    }

    public void removeTopic(String topic) {
        offsets.keySet().removeIf(k -> k.substring(0, k.lastIndexOf(SEP)).equals(topic));
        pullOffsets.keySet().removeIf(k -> k.substring(0, k.lastIndexOf(SEP)).equals(topic));
        version.incrementAndGet();
    }

    /** "topic@group" → queueId → offset, for GET_ALL_CONSUMER_OFFSET. */
    public Map<String, Map<Integer, Long>> snapshot() {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        offsets.forEach((k, v) -> out.put(k, new TreeMap<>(v)));
        return out;
    }

    @Override
    public Collection<CommittedOffset> committedOffsets() {
        List<CommittedOffset> out = new ArrayList<>();
        offsets.forEach((k, m) -> {
            int i = k.lastIndexOf(SEP);
            String topic = k.substring(0, i);
            String group = k.substring(i + 1);
            m.forEach((q, o) -> out.add(new CommittedOffset(group, topic, q, o)));
        });
        return out;
    }

    /** Writes the table now if it changed since the last write. Thread-safe. */
    public synchronized void flush() throws IOException {
        long v = version.get();
        if (v == flushedVersion) {
            return;
        }
        file.write(snapshot());
        flushedVersion = v;
    }

    /** {@link #flush()}, with a failure kept as a failing condition (and logged) instead of thrown. */
    void flushCounted() {
        try {
            flush();
            faults.recovered(FAULT_PERSIST);
        } catch (IOException | RuntimeException e) {
            faults.failing(FAULT_PERSIST, "cannot write " + file.path() + ": " + FaultRegistry.describe(e));
            log.error("cannot persist consumer offsets to {}; will retry in {} ms", file.path(), flushIntervalMillis,
                    e);
        }
    }
}
