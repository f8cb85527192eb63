package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29) response header.
 *
 * <p>Required: {@code offset}. Handwritten codec, no reflection.
 */
public final class SearchOffsetResponseHeader implements CommandHeader {
    private long offset;

    public SearchOffsetResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static SearchOffsetResponseHeader decode(ExtFields f) throws HeaderFieldException {
        SearchOffsetResponseHeader h = new SearchOffsetResponseHeader();
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

    public SearchOffsetResponseHeader offset(long offset) {
        this.offset = offset;
        return this;
    }

    @Override
    public String toString() {
        return "SearchOffsetResponseHeader{" + "offset=" + offset + '}';
    }
}
