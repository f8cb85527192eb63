package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_MAX_OFFSET (30) response header.
 *
 * <p>Required: {@code offset}. Handwritten codec, no reflection.
 */
public final class GetMaxOffsetResponseHeader implements CommandHeader {
    private long offset;

    public GetMaxOffsetResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetMaxOffsetResponseHeader decode(ExtFields f) throws HeaderFieldException {
        GetMaxOffsetResponseHeader h = new GetMaxOffsetResponseHeader();
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

    public GetMaxOffsetResponseHeader offset(long offset) {
        this.offset = offset;
        return this;
    }

    @Override
    public String toString() {
        return "GetMaxOffsetResponseHeader{" + "offset=" + offset + '}';
    }
}
