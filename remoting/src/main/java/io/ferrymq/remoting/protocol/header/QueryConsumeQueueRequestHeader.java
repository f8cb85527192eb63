package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * QUERY_CONSUME_QUEUE (321) request header ({@code mqadmin queryCq}).
 *
 * <p>Required: {@code topic}, {@code queueId}, {@code index}, {@code count}; optional {@code consumerGroup} (then the
 * answer also carries that group's subscription). Handwritten codec, no reflection.
 */
public final class QueryConsumeQueueRequestHeader implements CommandHeader {
    private String topic;
    private int queueId;
    private long index;
    private int count;
    private String consumerGroup;

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static QueryConsumeQueueRequestHeader decode(ExtFields f) throws HeaderFieldException {
        QueryConsumeQueueRequestHeader h = new QueryConsumeQueueRequestHeader();
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.index = f.requireLong("index");
        h.count = f.requireInt("count");
        h.consumerGroup = f.get("consumerGroup");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("topic", topic);
        ext.put("queueId", Integer.toString(queueId));
        ext.put("index", Long.toString(index));
        ext.put("count", Integer.toString(count));
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public long index() {
        return index;
    }

    public int count() {
        return count;
    }

    public String consumerGroup() {
        return consumerGroup;
    }
}
