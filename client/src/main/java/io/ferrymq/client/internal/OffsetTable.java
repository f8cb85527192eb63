package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory side of an {@link OffsetStore}: next offset to consume per queue. Thread-safe. */
final class OffsetTable {
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();

    /** Sets the offset of {@code q}; with {@code increaseOnly} never moves it backwards. Negative offsets are ignored. */
    void update(MessageQueue q, long offset, boolean increaseOnly) {
        if (offset < 0) {
            return;
        }
        if (increaseOnly) {
            offsets.merge(q, offset, Math::max);
        } else {
            offsets.put(q, offset);
        }
    }

    /** Offset of {@code q}, or -1. */
    long read(MessageQueue q) {
        return offsets.getOrDefault(q, -1L);
    }

    /** Offset of {@code q}, or null. */
    Long get(MessageQueue q) {
        return offsets.get(q);
    }

    void put(MessageQueue q, long offset) {
        offsets.put(q, offset);
    }

    void remove(MessageQueue q) {
        offsets.remove(q);
    }

    void clear() {
        offsets.clear();
    }

    /** A copy, for callers that may change it. */
    Map<MessageQueue, Long> snapshot() {
        return new HashMap<>(offsets);
    }

    /** A copy ordered by queue. */
    TreeMap<MessageQueue, Long> sorted() {
        return new TreeMap<>(offsets);
    }
}
