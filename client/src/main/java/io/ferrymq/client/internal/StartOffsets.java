package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.ConsumeFromWhere;

/**
 * Where a consumer starts on a newly owned queue (docs/protocol.md 5.6): the committed offset if there is one, else
 * per {@link ConsumeFromWhere}: LAST → max offset (0 for retry topics), FIRST → 0, TIMESTAMP → the first offset
 * stored at or after the timestamp (max offset for retry topics).
 */
final class StartOffsets {
    private StartOffsets() {
    }

    static long compute(ClientInstance instance, OffsetStore offsets, MessageQueue q, ConsumeFromWhere where,
                        long timestamp) {
        long o = offsets.readStore(q);
        if (o >= 0) {
            return o;
        }
        boolean retry = q.topic().startsWith("%RETRY%");
        String addr = instance.masterOrAnyAddress(q.brokerName());
        if (addr == null) {
            throw new ClientException("broker " + q.brokerName() + " of " + q + " is not in the route", true);
        }
        long timeout = instance.rpcTimeoutMillis();
        return switch (where) {
            case LAST_OFFSET -> retry ? 0 : instance.rpc().maxOffset(addr, q, timeout);
            case FIRST_OFFSET -> 0;
            case TIMESTAMP -> retry ? instance.rpc().maxOffset(addr, q, timeout)
                : instance.rpc().searchOffset(addr, q, timestamp, timeout);
        };
    }
}
