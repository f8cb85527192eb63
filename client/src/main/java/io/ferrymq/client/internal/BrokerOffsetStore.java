package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clustering offsets, committed to the master of each queue's broker group (QUERY_CONSUMER_OFFSET /
 * UPDATE_CONSUMER_OFFSET). Periodic persists are oneway, as the official client does; {@link #persist} is
 * synchronous. Thread-safe.
 */
public final class BrokerOffsetStore implements OffsetStore {
    private static final Logger log = LoggerFactory.getLogger(BrokerOffsetStore.class);

    private final ClientInstance instance;
    private final String group;
    private final OffsetTable offsets = new OffsetTable();
    private final Map<MessageQueue, Long> persisted = new ConcurrentHashMap<>();
    private final boolean zeroIfNotFound;

    /**
     * @param zeroIfNotFound let the broker answer 0 for a group without committed offset on a young queue (the
     *                       official behaviour); false when the start position must come from the consumer's
     *                       consume-from setting (TIMESTAMP)
     */
    public BrokerOffsetStore(ClientInstance instance, String group, boolean zeroIfNotFound) {
        this.instance = instance;
        this.group = group;
        this.zeroIfNotFound = zeroIfNotFound;
    }

    @Override
    public void load() {
    }

    @Override
    public void update(MessageQueue q, long offset, boolean increaseOnly) {
        offsets.update(q, offset, increaseOnly);
    }

    @Override
    public long readMemory(MessageQueue q) {
        return offsets.read(q);
    }

    @Override
    public long readStore(MessageQueue q) {
        String addr = master(q);
        long o = instance.rpc().queryConsumerOffset(addr, group, q, zeroIfNotFound, instance.rpcTimeoutMillis());
        if (o >= 0) {
            offsets.put(q, o);
            persisted.put(q, o);
        }
        return o;
    }

    @Override
    public long fetchCommitted(MessageQueue q) {
        return instance.rpc().queryConsumerOffset(master(q), group, q, instance.rpcTimeoutMillis());
    }

    private String master(MessageQueue q) {
        String addr = instance.masterOrAnyAddressFetchingRoute(q);
        if (addr == null) {
            throw new ClientException("broker " + q.brokerName() + " of " + q + " is not in any route", true);
        }
        return addr;
    }

    @Override
    public void persistAll(Set<MessageQueue> queues) {
        for (MessageQueue q : queues) {
            Long o = offsets.get(q);
            if (o == null || o.equals(persisted.get(q))) {
                continue;
            }
            String addr = instance.masterAddress(q.brokerName());
            if (addr == null) {
                continue;
            }
            ClientException e = instance.rpc().updateConsumerOffsetOneway(addr, group, q, o,
                instance.rpcTimeoutMillis());
            if (e == null) {
                persisted.put(q, o);
            } else {
                log.debug("persist offset {} of {} failed: {}", o, q, e.getMessage());
            }
        }
    }

    @Override
    public void persist(MessageQueue q) {
        Long o = offsets.get(q);
        if (o == null) {
            return;
        }
        String addr = instance.masterAddress(q.brokerName());
        if (addr == null) {
            throw new ClientException("cannot commit offset " + o + " of " + q + ": broker " + q.brokerName()
                + " has no master in the route", true);
        }
        instance.rpc().updateConsumerOffset(addr, group, q, o, instance.rpcTimeoutMillis());
        persisted.put(q, o);
    }

    @Override
    public void remove(MessageQueue q) {
        offsets.remove(q);
        persisted.remove(q);
    }

    @Override
    public Map<MessageQueue, Long> snapshot() {
        return offsets.snapshot();
    }
}
