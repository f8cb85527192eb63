package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;

import java.util.Map;
import java.util.Set;

/**
 * Consumer offsets ("next offset to consume") per queue: kept in memory, read from and persisted to the brokers
 * (clustering) or a local file (broadcasting).
 */
public interface OffsetStore {
    /** Loads persisted state (local file); no-op for broker-backed stores. */
    void load();

    /** Sets the in-memory offset; with {@code increaseOnly} never moves it backwards. */
    void update(MessageQueue q, long offset, boolean increaseOnly);

    /** In-memory offset, or -1. */
    long readMemory(MessageQueue q);

    /**
     * Offset from the persistent side (broker or file), cached in memory; -1 when none is committed.
     *
     * @throws io.ferrymq.client.ClientException when the broker cannot be asked
     */
    long readStore(MessageQueue q);

    /** The committed offset on the persistent side without touching the in-memory one; -1 when none. */
    long fetchCommitted(MessageQueue q);

    /** Persists the offsets of {@code queues} (periodic; best effort, asynchronous where possible). */
    void persistAll(Set<MessageQueue> queues);

    /** Persists one queue's offset synchronously (before giving the queue away, on shutdown, commitSync). */
    void persist(MessageQueue q);

    /** Forgets a queue. */
    void remove(MessageQueue q);

    /** Snapshot of in-memory offsets. */
    Map<MessageQueue, Long> snapshot();
}
