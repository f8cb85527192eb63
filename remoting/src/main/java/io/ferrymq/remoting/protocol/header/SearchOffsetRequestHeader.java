package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29) request header; boundaryType LOWER (default) or UPPER, case-insensitive.
 *
 * <p>Required: {@code topic}, {@code queueId}, {@code timestamp}. Handwritten codec, no reflection.
 */
public final class SearchOffsetRequestHeader implements CommandHeader {
    private String topic;
    private int queueId;
    private long timestamp;
    private String boundaryType;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public SearchOffsetRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static SearchOffsetRequestHeader decode(ExtFields f) throws HeaderFieldException {
        SearchOffsetRequestHeader h = new SearchOffsetRequestHeader();
        h.topic = f.requireString("topic");
        h.queueId = f.requireInt("queueId");
        h.timestamp = f.requireLong("timestamp");
        h.boundaryType = f.get("boundaryType");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("queueId", String.valueOf(queueId));
        ext.put("timestamp", String.valueOf(timestamp));
        if (boundaryType != null) {
            ext.put("boundaryType", boundaryType);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public SearchOffsetRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public SearchOffsetRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public long timestamp() {
        return timestamp;
    }

    public SearchOffsetRequestHeader timestamp(long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    public String boundaryType() {
        return boundaryType;
    }

    public SearchOffsetRequestHeader boundaryType(String boundaryType) {
        this.boundaryType = boundaryType;
        return this;
    }

    public String bname() {
        return bname;
    }

    public SearchOffsetRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "SearchOffsetRequestHeader{" + "topic=" + topic + ", queueId=" + queueId + ", timestamp=" + timestamp
                + ", boundaryType=" + boundaryType + ", bname=" + bname + '}';
    }
}
