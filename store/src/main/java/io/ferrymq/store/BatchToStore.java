package io.ferrymq.store;

import io.ferrymq.common.message.BatchCodec.BatchRecord;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A batch for one queue (SEND_BATCH_MESSAGE): appended in one go, one stored message per record with
 * consecutive queue offsets, each with its own flag, body and properties ({@link BatchRecord}); the other
 * fields are shared. The whole batch must fit in maxMessageSize.
 */
public record BatchToStore(
    String topic,
    int queueId,
    List<BatchRecord> records,
    int sysFlag,
    long bornTimestamp,
    InetSocketAddress bornHost,
    InetSocketAddress storeHost,
    int reconsumeTimes) {

    public BatchToStore {
        Objects.requireNonNull(topic, "topic");
        records = List.copyOf(records);
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(storeHost, "storeHost");
    }
}
