package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_EARLIEST_MSG_STORETIME (32) response header.
 *
 * <p>Required: {@code timestamp}. Handwritten codec, no reflection.
 */
public final class GetEarliestMsgStoretimeResponseHeader implements CommandHeader {
    private long timestamp;

    public GetEarliestMsgStoretimeResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetEarliestMsgStoretimeResponseHeader decode(ExtFields f) throws HeaderFieldException {
        GetEarliestMsgStoretimeResponseHeader h = new GetEarliestMsgStoretimeResponseHeader();
        h.timestamp = f.requireLong("timestamp");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        ext.put("timestamp", String.valueOf(timestamp));
    }

    public long timestamp() {
        return timestamp;
    }

    public GetEarliestMsgStoretimeResponseHeader timestamp(long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    @Override
    public String toString() {
        return "GetEarliestMsgStoretimeResponseHeader{" + "timestamp=" + timestamp + '}';
    }
}
