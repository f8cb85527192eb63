package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_TOPIC_STATS_INFO (202) request header.
 *
 * <p>Required: {@code topic}. Handwritten codec, no reflection.
 */
public final class GetTopicStatsInfoRequestHeader implements CommandHeader {
    private String topic;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetTopicStatsInfoRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetTopicStatsInfoRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetTopicStatsInfoRequestHeader h = new GetTopicStatsInfoRequestHeader();
        h.topic = f.requireString("topic");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public GetTopicStatsInfoRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetTopicStatsInfoRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetTopicStatsInfoRequestHeader{" + "topic=" + topic + ", bname=" + bname + '}';
    }
}
