package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_MAX_OFFSET (30) request header.
 *
 * <p>Required: {@code topic}, {@code queueId}. Handwritten codec, no reflection.
 */
public final class GetMaxOffsetRequestHeader implements CommandHeader {
    private String topic;
    private int queueId;
    private boolean committed = true;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetMaxOffsetRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetMaxOffsetRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetMaxOffsetRequestHeader h = new GetMaxOffsetRequestHeader();
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.committed = f.optBoolean("committed", true);
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("queueId", String.valueOf(queueId));
        ext.put("committed", String.valueOf(committed));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public GetMaxOffsetRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public GetMaxOffsetRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public boolean committed() {
        return committed;
    }

    public GetMaxOffsetRequestHeader committed(boolean committed) {
        this.committed = committed;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetMaxOffsetRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetMaxOffsetRequestHeader{" + "topic=" + topic + ", queueId=" + queueId + ", committed=" + committed
                + ", bname=" + bname + '}';
    }
}
