package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_CONSUME_STATS (208) request header; topicList is {@code t1;t2;}.
 *
 * <p>Required: {@code consumerGroup}. Handwritten codec, no reflection.
 */
public final class GetConsumeStatsRequestHeader implements CommandHeader {
    private String consumerGroup;
    private String topic;
    private String topicList;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetConsumeStatsRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetConsumeStatsRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetConsumeStatsRequestHeader h = new GetConsumeStatsRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        h.topic = f.get("topic");
        h.topicList = f.get("topicList");
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
        if (topicList != null) {
            ext.put("topicList", topicList);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public GetConsumeStatsRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String topic() {
        return topic;
    }

    public GetConsumeStatsRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String topicList() {
        return topicList;
    }

    public GetConsumeStatsRequestHeader topicList(String topicList) {
        this.topicList = topicList;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetConsumeStatsRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetConsumeStatsRequestHeader{" + "consumerGroup=" + consumerGroup + ", topic=" + topic + ", topicList=" + topicList
                + ", bname=" + bname + '}';
    }
}
