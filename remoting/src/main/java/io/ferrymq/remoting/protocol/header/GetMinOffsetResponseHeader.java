package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_MIN_OFFSET (31) response header.
 *
 * <p>Required: {@code offset}. Handwritten codec, no reflection.
 */
public final class GetMinOffsetResponseHeader implements CommandHeader {
    private long offset;

    public GetMinOffsetResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetMinOffsetResponseHeader decode(ExtFields f) throws HeaderFieldException {
        GetMinOffsetResponseHeader h = new GetMinOffsetResponseHeader();
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

    public GetMinOffsetResponseHeader offset(long offset) {
        this.offset = offset;
        return this;
    }

    @Override
    public String toString() {
        return "GetMinOffsetResponseHeader{" + "offset=" + offset + '}';
    }
}
