package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * QUERY_MESSAGE (12) response header; both fields required or the client drops the answer.
 *
 * <p>Required: {@code indexLastUpdateTimestamp}, {@code indexLastUpdatePhyoffset}. Handwritten codec, no reflection.
 */
public final class QueryMessageResponseHeader implements CommandHeader {
    private long indexLastUpdateTimestamp;
    private long indexLastUpdatePhyoffset;

    public QueryMessageResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static QueryMessageResponseHeader decode(ExtFields f) throws HeaderFieldException {
        QueryMessageResponseHeader h = new QueryMessageResponseHeader();
        h.indexLastUpdateTimestamp = f.requireLong("indexLastUpdateTimestamp");
        h.indexLastUpdatePhyoffset = f.requireLong("indexLastUpdatePhyoffset");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("indexLastUpdateTimestamp", String.valueOf(indexLastUpdateTimestamp));
        ext.put("indexLastUpdatePhyoffset", String.valueOf(indexLastUpdatePhyoffset));
    }

    public long indexLastUpdateTimestamp() {
        return indexLastUpdateTimestamp;
    }

    public QueryMessageResponseHeader indexLastUpdateTimestamp(long indexLastUpdateTimestamp) {
        this.indexLastUpdateTimestamp = indexLastUpdateTimestamp;
        return this;
    }

    public long indexLastUpdatePhyoffset() {
        return indexLastUpdatePhyoffset;
    }

    public QueryMessageResponseHeader indexLastUpdatePhyoffset(long indexLastUpdatePhyoffset) {
        this.indexLastUpdatePhyoffset = indexLastUpdatePhyoffset;
        return this;
    }

    @Override
    public String toString() {
        return "QueryMessageResponseHeader{" + "indexLastUpdateTimestamp=" + indexLastUpdateTimestamp + ", indexLastUpdatePhyoffset=" + indexLastUpdatePhyoffset + '}';
    }
}
