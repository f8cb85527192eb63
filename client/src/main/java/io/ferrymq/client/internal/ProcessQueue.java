package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages of one owned queue that were pulled but are not yet consumed, ordered by queue offset, plus the
 * queue's flow-control counters and (for orderly consumption) its broker-lock state and consume lock.
 *
 * <p>The committed offset of a queue is the smallest offset still cached, or one past the largest offset
 * pulled when nothing is cached: messages are never committed past one still being consumed. Guarded by its
 * own monitor; safe to use from the pull, consume and rebalance threads.
 */
public final class ProcessQueue {
    private final MessageQueue queue;
    private final TreeMap<Long, ReceivedMessage> cached = new TreeMap<>();
    private final TreeMap<Long, ReceivedMessage> consuming = new TreeMap<>();
    private final Map<Long, Integer> localRetries = new HashMap<>();
    private long cachedBytes;
    private long highestOffset = -1;
    private volatile boolean dropped;
    private volatile boolean locked;
    private volatile long lastLockMillis;
    private final ReentrantLock consumeLock = new ReentrantLock();
    private final AtomicBoolean orderlyScheduled = new AtomicBoolean();

    public ProcessQueue(MessageQueue queue) {
        this.queue = queue;
    }

    public MessageQueue queue() {
        return queue;
    }

    /** Adds pulled messages; returns true when the queue had nothing cached before. */
    public synchronized boolean put(List<ReceivedMessage> msgs) {
        boolean wasEmpty = cached.isEmpty() && consuming.isEmpty();
        for (ReceivedMessage m : msgs) {
            if (cached.put(m.queueOffset(), m) == null) {
                cachedBytes += m.body() == null ? 0 : m.body().length;
            }
            highestOffset = Math.max(highestOffset, m.queueOffset());
        }
        return wasEmpty;
    }

    /**
     * Removes consumed messages (concurrent mode).
     *
     * @return the offset to commit now, or -1 when nothing was cached
     */
    public synchronized long remove(List<ReceivedMessage> msgs) {
        if (cached.isEmpty() && highestOffset < 0) {
            return -1;
        }
        for (ReceivedMessage m : msgs) {
            ReceivedMessage r = cached.remove(m.queueOffset());
            if (r != null) {
                cachedBytes -= r.body() == null ? 0 : r.body().length;
            }
        }
        return cached.isEmpty() ? highestOffset + 1 : cached.firstKey();
    }

    /** Orderly mode: moves up to {@code n} of the oldest cached messages to "consuming". */
    public synchronized List<ReceivedMessage> take(int n) {
        List<ReceivedMessage> out = new ArrayList<>(n);
        while (out.size() < n && !cached.isEmpty()) {
            Map.Entry<Long, ReceivedMessage> e = cached.pollFirstEntry();
            cachedBytes -= e.getValue().body() == null ? 0 : e.getValue().body().length;
            consuming.put(e.getKey(), e.getValue());
            out.add(e.getValue());
        }
        return out;
    }

    /** Orderly mode: the consuming messages are done; returns the offset to commit (or -1). */
    public synchronized long commit() {
        if (consuming.isEmpty()) {
            return -1;
        }
        long next = consuming.lastKey() + 1;
        for (Long k : consuming.keySet()) {
            localRetries.remove(k);
        }
        consuming.clear();
        return next;
    }

    /** Orderly mode: puts the consuming messages back in front to consume them again; counts the retry. */
    public synchronized void putBack(List<ReceivedMessage> msgs) {
        for (ReceivedMessage m : msgs) {
            consuming.remove(m.queueOffset());
            cached.put(m.queueOffset(), m);
            cachedBytes += m.body() == null ? 0 : m.body().length;
            localRetries.merge(m.queueOffset(), 1, Integer::sum);
        }
    }

    /** Orderly mode: how often the message at {@code offset} was already retried locally. */
    public synchronized int localRetries(long offset) {
        return localRetries.getOrDefault(offset, 0);
    }

    public synchronized int count() {
        return cached.size();
    }

    public synchronized long bytes() {
        return cachedBytes;
    }

    public synchronized boolean isEmpty() {
        return cached.isEmpty() && consuming.isEmpty();
    }

    /** Remembers that offsets up to {@code offset - 1} were examined (no match / no new message). */
    public synchronized void advanceTo(long offset) {
        if (cached.isEmpty() && consuming.isEmpty()) {
            highestOffset = Math.max(highestOffset, offset - 1);
        }
    }

    public boolean dropped() {
        return dropped;
    }

    public void drop() {
        dropped = true;
    }

    public boolean locked() {
        return locked;
    }

    /** Records the outcome of a lock (or renewal) at monotonic time {@code now}. */
    public void locked(boolean value, long now) {
        locked = value;
        if (value) {
            lastLockMillis = now;
        }
    }

    /** Whether the broker lock is held and was renewed within {@code expireMillis}. */
    public boolean lockValid(long now, long expireMillis) {
        return locked && now - lastLockMillis < expireMillis;
    }

    /** Orderly mode: serializes consumption of this queue (one thread at a time). */
    public ReentrantLock consumeLock() {
        return consumeLock;
    }

    /** Orderly mode: set while a consume task for this queue is scheduled or running. */
    public AtomicBoolean orderlyScheduled() {
        return orderlyScheduled;
    }
}
