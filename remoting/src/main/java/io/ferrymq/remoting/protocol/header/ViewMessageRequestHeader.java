package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * VIEW_MESSAGE_BY_ID (33) request header.
 *
 * <p>Required: {@code offset}. Handwritten codec, no reflection.
 */
public final class ViewMessageRequestHeader implements CommandHeader {
    private String topic;
    /** Commit-log offset decoded from an offset message id. */
    private long offset;

    public ViewMessageRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static ViewMessageRequestHeader decode(ExtFields f) throws HeaderFieldException {
        ViewMessageRequestHeader h = new ViewMessageRequestHeader();
        h.topic = f.get("topic");
        h.offset = f.requireLong("offset");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("offset", String.valueOf(offset));
    }

    public String topic() {
        return topic;
    }

    public ViewMessageRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public long offset() {
        return offset;
    }

    public ViewMessageRequestHeader offset(long offset) {
        this.offset = offset;
        return this;
    }

    @Override
    public String toString() {
        return "ViewMessageRequestHeader{" + "topic=" + topic + ", offset=" + offset + '}';
    }
}
