package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * DELETE_TOPIC_IN_BROKER (215) request header.
 *
 * <p>Required: {@code topic}. Handwritten codec, no reflection.
 */
public final class DeleteTopicRequestHeader implements CommandHeader {
    private String topic;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public DeleteTopicRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static DeleteTopicRequestHeader decode(ExtFields f) throws HeaderFieldException {
        DeleteTopicRequestHeader h = new DeleteTopicRequestHeader();
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

    public DeleteTopicRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String bname() {
        return bname;
    }

    public DeleteTopicRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "DeleteTopicRequestHeader{" + "topic=" + topic + ", bname=" + bname + '}';
    }
}
