package io.ferrymq.broker.send;

import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

/**
 * The send header in its long-name form (SEND_MESSAGE, SEND_REPLY_MESSAGE) or single-letter form
 * (SEND_MESSAGE_V2, SEND_BATCH_MESSAGE, SEND_REPLY_MESSAGE_V2), normalised (docs/protocol.md 2.4).
 *
 * @param maxReconsumeTimes null when the client sent none
 */
public record SendRequestHeader(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums,
                                int queueId, int sysFlag, long bornTimestamp, int flag, String properties,
                                int reconsumeTimes, boolean unitMode, Integer maxReconsumeTimes, boolean batch) {

    /** Decodes whichever form the request carries: V2 keys when {@code a} is present, else long names. */
    public static SendRequestHeader decode(ExtFields f) throws HeaderFieldException {
        if (f.has("a") || f.has("b")) {
            return new SendRequestHeader(f.requireString("a"), f.requireString("b"), f.optString("c", "TBW102"),
                    f.optInt("d", 4), f.requireInt("e"), f.optInt("f", 0), f.optLong("g", 0), f.optInt("h", 0),
                    f.optString("i", ""), f.optInt("j", 0), f.optBoolean("k", false), f.optInteger("l"),
                    f.optBoolean("m", false));
        }
        return new SendRequestHeader(f.requireString("producerGroup"), f.requireString("topic"),
                f.optString("defaultTopic", "TBW102"), f.optInt("defaultTopicQueueNums", 4), f.requireInt("queueId"),
                f.optInt("sysFlag", 0), f.optLong("bornTimestamp", 0), f.optInt("flag", 0),
                f.optString("properties", ""), f.optInt("reconsumeTimes", 0), f.optBoolean("unitMode", false),
                f.optInteger("maxReconsumeTimes"), f.optBoolean("batch", false));
    }
}
