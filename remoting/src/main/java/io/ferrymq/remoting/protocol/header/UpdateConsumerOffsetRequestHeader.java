package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * UPDATE_CONSUMER_OFFSET (15) request header (usually oneway).
 *
 * <p>Required: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code commitOffset}. Handwritten codec, no reflection.
 */
public final class UpdateConsumerOffsetRequestHeader implements CommandHeader {
    private String consumerGroup;
    private String topic;
    private int queueId;
    private long commitOffset;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public UpdateConsumerOffsetRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static UpdateConsumerOffsetRequestHeader decode(ExtFields f) throws HeaderFieldException {
        UpdateConsumerOffsetRequestHeader h = new UpdateConsumerOffsetRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.commitOffset = f.requireLong("commitOffset");
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
        ext.put("commitOffset", String.valueOf(commitOffset));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public UpdateConsumerOffsetRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String topic() {
        return topic;
    }

    public UpdateConsumerOffsetRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public UpdateConsumerOffsetRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public long commitOffset() {
        return commitOffset;
    }

    public UpdateConsumerOffsetRequestHeader commitOffset(long commitOffset) {
        this.commitOffset = commitOffset;
        return this;
    }

    public String bname() {
        return bname;
    }

    public UpdateConsumerOffsetRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "UpdateConsumerOffsetRequestHeader{" + "consumerGroup=" + consumerGroup + ", topic=" + topic + ", queueId=" + queueId
                + ", commitOffset=" + commitOffset + ", bname=" + bname + '}';
    }
}
