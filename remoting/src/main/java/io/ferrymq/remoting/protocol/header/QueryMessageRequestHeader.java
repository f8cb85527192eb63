package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * QUERY_MESSAGE (12) request header; {@code uniqueKeyQuery} travels as the extra key _UNIQUE_KEY_QUERY.
 *
 * <p>Required: {@code topic}, {@code key}, {@code maxNum}, {@code beginTimestamp}, {@code endTimestamp}. Handwritten codec, no reflection.
 */
public final class QueryMessageRequestHeader implements CommandHeader {
    private String topic;
    private String key;
    private int maxNum;
    private long beginTimestamp;
    private long endTimestamp;
    private Boolean uniqueKeyQuery;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public QueryMessageRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static QueryMessageRequestHeader decode(ExtFields f) throws HeaderFieldException {
        QueryMessageRequestHeader h = new QueryMessageRequestHeader();
        h.topic = f.requireString("topic");
        h.key = f.requireString("key");
        h.maxNum = f.requireInt("maxNum");
        h.beginTimestamp = f.requireLong("beginTimestamp");
        h.endTimestamp = f.requireLong("endTimestamp");
        h.uniqueKeyQuery = f.has("_UNIQUE_KEY_QUERY") ? Boolean.valueOf(f.requireBoolean("_UNIQUE_KEY_QUERY")) : null;
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (key != null) {
            ext.put("key", key);
        }
        ext.put("maxNum", String.valueOf(maxNum));
        ext.put("beginTimestamp", String.valueOf(beginTimestamp));
        ext.put("endTimestamp", String.valueOf(endTimestamp));
        if (uniqueKeyQuery != null) {
            ext.put("_UNIQUE_KEY_QUERY", uniqueKeyQuery.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public QueryMessageRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String key() {
        return key;
    }

    public QueryMessageRequestHeader key(String key) {
        this.key = key;
        return this;
    }

    public int maxNum() {
        return maxNum;
    }

    public QueryMessageRequestHeader maxNum(int maxNum) {
        this.maxNum = maxNum;
        return this;
    }

    public long beginTimestamp() {
        return beginTimestamp;
    }

    public QueryMessageRequestHeader beginTimestamp(long beginTimestamp) {
        this.beginTimestamp = beginTimestamp;
        return this;
    }

    public long endTimestamp() {
        return endTimestamp;
    }

    public QueryMessageRequestHeader endTimestamp(long endTimestamp) {
        this.endTimestamp = endTimestamp;
        return this;
    }

    public Boolean uniqueKeyQuery() {
        return uniqueKeyQuery;
    }

    public QueryMessageRequestHeader uniqueKeyQuery(Boolean uniqueKeyQuery) {
        this.uniqueKeyQuery = uniqueKeyQuery;
        return this;
    }

    public String bname() {
        return bname;
    }

    public QueryMessageRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "QueryMessageRequestHeader{" + "topic=" + topic + ", key=" + key + ", maxNum=" + maxNum
                + ", beginTimestamp=" + beginTimestamp + ", endTimestamp=" + endTimestamp + ", uniqueKeyQuery=" + uniqueKeyQuery
                + ", bname=" + bname + '}';
    }
}
