package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222, admin to broker) and RESET_CONSUMER_CLIENT_OFFSET (220, broker to client)
 * request header. Note the key {@code isForce}. queueId -1 = all queues.
 *
 * <p>Required: {@code topic}, {@code group}, {@code timestamp}, {@code isForce}. Handwritten codec, no reflection.
 */
public final class ResetOffsetRequestHeader implements CommandHeader {
    private String topic;
    private String group;
    private int queueId = -1;
    private Long offset;
    private long timestamp;
    private boolean isForce;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public ResetOffsetRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static ResetOffsetRequestHeader decode(ExtFields f) throws HeaderFieldException {
        ResetOffsetRequestHeader h = new ResetOffsetRequestHeader();
        h.topic = f.requireString("topic");
        h.group = f.requireString("group");
        h.queueId = f.optInt("queueId", -1);
        h.offset = f.optLongObject("offset");
        h.timestamp = f.requireLong("timestamp");
        h.isForce = f.requireBoolean("isForce");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (group != null) {
            ext.put("group", group);
        }
        ext.put("queueId", String.valueOf(queueId));
        if (offset != null) {
            ext.put("offset", offset.toString());
        }
        ext.put("timestamp", String.valueOf(timestamp));
        ext.put("isForce", String.valueOf(isForce));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public ResetOffsetRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String group() {
        return group;
    }

    public ResetOffsetRequestHeader group(String group) {
        this.group = group;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public ResetOffsetRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public Long offset() {
        return offset;
    }

    public ResetOffsetRequestHeader offset(Long offset) {
        this.offset = offset;
        return this;
    }

    public long timestamp() {
        return timestamp;
    }

    public ResetOffsetRequestHeader timestamp(long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    public boolean isForce() {
        return isForce;
    }

    public ResetOffsetRequestHeader isForce(boolean isForce) {
        this.isForce = isForce;
        return this;
    }

    public String bname() {
        return bname;
    }

    public ResetOffsetRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "ResetOffsetRequestHeader{" + "topic=" + topic + ", group=" + group + ", queueId=" + queueId
                + ", offset=" + offset + ", timestamp=" + timestamp + ", isForce=" + isForce
                + ", bname=" + bname + '}';
    }
}
