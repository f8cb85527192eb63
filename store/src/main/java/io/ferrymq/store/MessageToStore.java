package io.ferrymq.store;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One message to append. The store assigns QUEUEOFFSET, PHYSICALOFFSET and STORETIMESTAMP; everything else is
 * stored as given. The tags code, KEYS and UNIQ_KEY used by consume queue and indexes come from
 * {@code properties} (an encoded properties string, {@link io.ferrymq.common.message.MessageProperties}).
 * The host-family bits 4 and 5 of {@code sysFlag} are set by the store from the two hosts.
 *
 * @param body                      remaining bytes are stored; not copied until the append, do not modify
 * @param properties                encoded properties string ("" for none)
 * @param storeHost                 the broker's advertised address (offset message ids derive from it)
 */
public record MessageToStore(
    String topic,
    int queueId,
    int flag,
    ByteBuffer body,
    String properties,
    int sysFlag,
    long bornTimestamp,
    InetSocketAddress bornHost,
    InetSocketAddress storeHost,
    int reconsumeTimes,
    long preparedTransactionOffset) {

    public MessageToStore {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(storeHost, "storeHost");
        properties = properties == null ? "" : properties;
    }

    /** Convenience for the common case: no flag, sysFlag, reconsume or transaction data. */
    public static MessageToStore of(String topic, int queueId, byte[] body, String properties, long bornTimestamp,
                                    InetSocketAddress bornHost, InetSocketAddress storeHost) {
        return new MessageToStore(topic, queueId, 0, ByteBuffer.wrap(body), properties, 0, bornTimestamp, bornHost,
            storeHost, 0, 0L);
    }
}
