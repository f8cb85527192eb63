package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_KV_CONFIG (101) response header.
 *
 * <p>Required: none. Handwritten codec, no reflection.
 */
public final class GetKVConfigResponseHeader implements CommandHeader {
    private String value;

    public GetKVConfigResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetKVConfigResponseHeader decode(ExtFields f) throws HeaderFieldException {
        GetKVConfigResponseHeader h = new GetKVConfigResponseHeader();
        h.value = f.get("value");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (value != null) {
            ext.put("value", value);
        }
    }

    public String value() {
        return value;
    }

    public GetKVConfigResponseHeader value(String value) {
        this.value = value;
        return this;
    }

    @Override
    public String toString() {
        return "GetKVConfigResponseHeader{" + "value=" + value + '}';
    }
}
