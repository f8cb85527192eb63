package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_KV_CONFIG (101) request header.
 *
 * <p>Required: {@code namespace}, {@code key}. Handwritten codec, no reflection.
 */
public final class GetKVConfigRequestHeader implements CommandHeader {
    private String namespace;
    private String key;

    public GetKVConfigRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetKVConfigRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetKVConfigRequestHeader h = new GetKVConfigRequestHeader();
        h.namespace = f.requireString("namespace");
        h.key = f.requireString("key");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (namespace != null) {
            ext.put("namespace", namespace);
        }
        if (key != null) {
            ext.put("key", key);
        }
    }

    public String namespace() {
        return namespace;
    }

    public GetKVConfigRequestHeader namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    public String key() {
        return key;
    }

    public GetKVConfigRequestHeader key(String key) {
        this.key = key;
        return this;
    }

    @Override
    public String toString() {
        return "GetKVConfigRequestHeader{" + "namespace=" + namespace + ", key=" + key + '}';
    }
}
