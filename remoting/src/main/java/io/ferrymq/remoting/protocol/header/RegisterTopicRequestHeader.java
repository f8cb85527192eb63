package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * REGISTER_TOPIC_IN_NAMESRV (217) request header; body is a TopicRouteData whose queueDatas are used.
 *
 * <p>Required: {@code topic}. Handwritten codec, no reflection.
 */
public final class RegisterTopicRequestHeader implements CommandHeader {
    private String topic;

    public RegisterTopicRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static RegisterTopicRequestHeader decode(ExtFields f) throws HeaderFieldException {
        RegisterTopicRequestHeader h = new RegisterTopicRequestHeader();
        h.topic = f.requireString("topic");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
    }

    public String topic() {
        return topic;
    }

    public RegisterTopicRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    @Override
    public String toString() {
        return "RegisterTopicRequestHeader{" + "topic=" + topic + '}';
    }
}
