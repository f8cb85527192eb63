package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * QUERY_CONSUMER_OFFSET (14) response header.
 *
 * <p>Required: {@code offset}. Handwritten codec, no reflection.
 */
public final class QueryConsumerOffsetResponseHeader implements CommandHeader {
    private long offset;

    public QueryConsumerOffsetResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static QueryConsumerOffsetResponseHeader decode(ExtFields f) throws HeaderFieldException {
        QueryConsumerOffsetResponseHeader h = new QueryConsumerOffsetResponseHeader();
        h.offset = f.requireLong("offset");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("offset", String.valueOf(offset));
    }

    public long offset() {
        return offset;
    }

    public QueryConsumerOffsetResponseHeader offset(long offset) {
        this.offset = offset;
        return this;
    }

    @Override
    public String toString() {
        return "QueryConsumerOffsetResponseHeader{" + "offset=" + offset + '}';
    }
}
