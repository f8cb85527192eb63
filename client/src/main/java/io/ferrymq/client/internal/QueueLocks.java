package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Broker-side queue locks of an orderly consumer group (docs/protocol.md 5.9): LOCK_BATCH_MQ / UNLOCK_BATCH_MQ sent to
 * the master of each queue's broker group, one request per broker. Stateless; thread-safe.
 */
final class QueueLocks {
    private static final Logger log = LoggerFactory.getLogger(QueueLocks.class);

    private final ClientInstance instance;
    private final String group;

    QueueLocks(ClientInstance instance, String group) {
        this.instance = instance;
        this.group = group;
    }

    private static Map<String, Set<MessageQueue>> byBroker(Set<MessageQueue> qs) {
        Map<String, Set<MessageQueue>> out = new HashMap<>();
        for (MessageQueue q : qs) {
            out.computeIfAbsent(q.brokerName(), k -> new HashSet<>()).add(q);
        }
        return out;
    }

    /** Locks (or renews) {@code qs}; returns those now held by this client. Failures leave queues unlocked. */
    Set<MessageQueue> lock(Set<MessageQueue> qs) {
        Set<MessageQueue> ok = new HashSet<>();
        for (Map.Entry<String, Set<MessageQueue>> e : byBroker(qs).entrySet()) {
            String addr = instance.masterAddress(e.getKey());
            if (addr == null) {
                continue;
            }
            try {
                ok.addAll(instance.rpc().lockBatch(addr, group, instance.clientId(), e.getValue(),
                    instance.rpcTimeoutMillis()));
            } catch (RuntimeException ex) {
                log.debug("{}: lock on {} failed: {}", group, e.getKey(), ex.getMessage());
            }
        }
        return ok;
    }

    /** Releases {@code qs} (oneway, best effort). */
    void unlock(Set<MessageQueue> qs) {
        for (Map.Entry<String, Set<MessageQueue>> e : byBroker(qs).entrySet()) {
            String addr = instance.masterAddress(e.getKey());
            if (addr == null) {
                continue;
            }
            try {
                instance.rpc().unlockBatch(addr, group, instance.clientId(), e.getValue(), true,
                    instance.rpcTimeoutMillis());
            } catch (RuntimeException ex) {
                log.debug("{}: unlock on {} failed: {}", group, e.getKey(), ex.getMessage());
            }
        }
    }
}
