package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_TOPIC_CONFIG (351) request header.
 *
 * <p>Required: {@code topic}. Handwritten codec, no reflection.
 */
public final class GetTopicConfigRequestHeader implements CommandHeader {
    private String topic;
    private Boolean lo;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetTopicConfigRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetTopicConfigRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetTopicConfigRequestHeader h = new GetTopicConfigRequestHeader();
        h.topic = f.requireString("topic");
        h.lo = f.has("lo") ? Boolean.valueOf(f.requireBoolean("lo")) : null;
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (lo != null) {
            ext.put("lo", lo.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public GetTopicConfigRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public Boolean lo() {
        return lo;
    }

    public GetTopicConfigRequestHeader lo(Boolean lo) {
        this.lo = lo;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetTopicConfigRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetTopicConfigRequestHeader{" + "topic=" + topic + ", lo=" + lo + ", bname=" + bname + '}';
    }
}
