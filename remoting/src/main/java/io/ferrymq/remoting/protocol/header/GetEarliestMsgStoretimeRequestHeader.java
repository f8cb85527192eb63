package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_EARLIEST_MSG_STORETIME (32) request header.
 *
 * <p>Required: {@code topic}, {@code queueId}. Handwritten codec, no reflection.
 */
public final class GetEarliestMsgStoretimeRequestHeader implements CommandHeader {
    private String topic;
    private int queueId;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetEarliestMsgStoretimeRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetEarliestMsgStoretimeRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetEarliestMsgStoretimeRequestHeader h = new GetEarliestMsgStoretimeRequestHeader();
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

    public GetEarliestMsgStoretimeRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public GetEarliestMsgStoretimeRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetEarliestMsgStoretimeRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetEarliestMsgStoretimeRequestHeader{" + "topic=" + topic + ", queueId=" + queueId + ", bname=" + bname + '}';
    }
}
