package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * DELETE_TOPIC_IN_NAMESRV (216) request header; without clusterName the topic goes everywhere.
 *
 * <p>Required: {@code topic}. Handwritten codec, no reflection.
 */
public final class DeleteTopicFromNamesrvRequestHeader implements CommandHeader {
    private String topic;
    private String clusterName;

    public DeleteTopicFromNamesrvRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static DeleteTopicFromNamesrvRequestHeader decode(ExtFields f) throws HeaderFieldException {
        DeleteTopicFromNamesrvRequestHeader h = new DeleteTopicFromNamesrvRequestHeader();
        h.topic = f.requireString("topic");
        h.clusterName = f.get("clusterName");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (clusterName != null) {
            ext.put("clusterName", clusterName);
        }
    }

    public String topic() {
        return topic;
    }

    public DeleteTopicFromNamesrvRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public DeleteTopicFromNamesrvRequestHeader clusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    @Override
    public String toString() {
        return "DeleteTopicFromNamesrvRequestHeader{" + "topic=" + topic + ", clusterName=" + clusterName + '}';
    }
}
