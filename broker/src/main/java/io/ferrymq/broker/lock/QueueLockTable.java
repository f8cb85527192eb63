package io.ferrymq.broker.lock;

import io.ferrymq.common.Clock;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Orderly-consumption locks (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ): per consumer group, each queue is held by at most
 * one clientId. A lock lives {@code maxLiveMillis} after its last renewal, then anyone may take it. Thread-safe
 * (one monitor: lock calls are rare, every 20 s per client).
 *
 * @param <Q> queue identity (a MessageQueue value with equals/hashCode)
 */
public final class QueueLockTable<Q> {
    private record Holder(String clientId, long lastRenewMillis) {
    }

    private final Map<String, Map<Q, Holder>> groups = new HashMap<>();
    private final Clock clock;
    private final LongSupplier maxLiveMillis;

    public QueueLockTable(Clock clock, LongSupplier maxLiveMillis) {
        this.clock = clock;
        this.maxLiveMillis = maxLiveMillis;
    }

    /** Grants or renews the requested queues where possible; returns the ones now held by {@code clientId}. */
    public synchronized Set<Q> tryLock(String group, Collection<Q> queues, String clientId) {
        long now = clock.monotonicMillis();
        long live = maxLiveMillis.getAsLong();
        Map<Q, Holder> table = groups.computeIfAbsent(group, g -> new HashMap<>());
        Set<Q> granted = new LinkedHashSet<>();
        for (Q q : queues) {
            Holder h = table.get(q);
            if (h == null || h.clientId.equals(clientId) || now - h.lastRenewMillis > live) {
                table.put(q, new Holder(clientId, now));
                granted.add(q);
            }
        }
        return granted;
    }

    /** Releases the queues held by {@code clientId}; others' locks are untouched. */
    public synchronized void unlock(String group, Collection<Q> queues, String clientId) {
        Map<Q, Holder> table = groups.get(group);
        if (table == null) {
            return;
        }
        for (Q q : queues) {
            Holder h = table.get(q);
            if (h != null && h.clientId.equals(clientId)) {
                table.remove(q);
            }
        }
        if (table.isEmpty()) {
            groups.remove(group);
        }
    }

    /** Whether {@code q} is held (unexpired) by someone in the group. */
    public synchronized boolean isLocked(String group, Q q) {
        Map<Q, Holder> table = groups.get(group);
        Holder h = table == null ? null : table.get(q);
        return h != null && clock.monotonicMillis() - h.lastRenewMillis <= maxLiveMillis.getAsLong();
    }

    /** Whether any queue of the group is held (unexpired). */
    public synchronized boolean hasLiveLocks(String group) {
        Map<Q, Holder> table = groups.get(group);
        if (table == null) {
            return false;
        }
        long now = clock.monotonicMillis();
        long live = maxLiveMillis.getAsLong();
        for (Holder h : table.values()) {
            if (now - h.lastRenewMillis <= live) {
                return true;
            }
        }
        return false;
    }
}
