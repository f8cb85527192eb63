package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_MIN_OFFSET (31) request header.
 *
 * <p>Required: {@code topic}, {@code queueId}. Handwritten codec, no reflection.
 */
public final class GetMinOffsetRequestHeader implements CommandHeader {
    private String topic;
    private int queueId;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetMinOffsetRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetMinOffsetRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetMinOffsetRequestHeader h = new GetMinOffsetRequestHeader();
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("queueId", String.valueOf(queueId));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public GetMinOffsetRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public GetMinOffsetRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetMinOffsetRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetMinOffsetRequestHeader{" + "topic=" + topic + ", queueId=" + queueId + ", bname=" + bname + '}';
    }
}
