package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * QUERY_CONSUMER_OFFSET (14) request header.
 *
 * <p>Required: {@code consumerGroup}, {@code topic}, {@code queueId}. Handwritten codec, no reflection.
 */
public final class QueryConsumerOffsetRequestHeader implements CommandHeader {
    private String consumerGroup;
    private String topic;
    private int queueId;
    private Boolean setZeroIfNotFound;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public QueryConsumerOffsetRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static QueryConsumerOffsetRequestHeader decode(ExtFields f) throws HeaderFieldException {
        QueryConsumerOffsetRequestHeader h = new QueryConsumerOffsetRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.setZeroIfNotFound = f.has("setZeroIfNotFound") ? Boolean.valueOf(f.requireBoolean("setZeroIfNotFound")) : null;
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("queueId", String.valueOf(queueId));
        if (setZeroIfNotFound != null) {
            ext.put("setZeroIfNotFound", setZeroIfNotFound.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public QueryConsumerOffsetRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String topic() {
        return topic;
    }

    public QueryConsumerOffsetRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public QueryConsumerOffsetRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public Boolean setZeroIfNotFound() {
        return setZeroIfNotFound;
    }

    public QueryConsumerOffsetRequestHeader setZeroIfNotFound(Boolean setZeroIfNotFound) {
        this.setZeroIfNotFound = setZeroIfNotFound;
        return this;
    }

    public String bname() {
        return bname;
    }

    public QueryConsumerOffsetRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "QueryConsumerOffsetRequestHeader{" + "consumerGroup=" + consumerGroup + ", topic=" + topic + ", queueId=" + queueId
                + ", setZeroIfNotFound=" + setZeroIfNotFound + ", bname=" + bname + '}';
    }
}
