package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * PUT_KV_CONFIG (100) request header.
 *
 * <p>Required: {@code namespace}, {@code key}, {@code value}. Handwritten codec, no reflection.
 */
public final class PutKVConfigRequestHeader implements CommandHeader {
    private String namespace;
    private String key;
    private String value;

    public PutKVConfigRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static PutKVConfigRequestHeader decode(ExtFields f) throws HeaderFieldException {
        PutKVConfigRequestHeader h = new PutKVConfigRequestHeader();
        h.namespace = f.requireString("namespace");
        h.key = f.requireString("key");
        h.value = f.requireString("value");
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
        if (value != null) {
            ext.put("value", value);
        }
    }

    public String namespace() {
        return namespace;
    }

    public PutKVConfigRequestHeader namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    public String key() {
        return key;
    }

    public PutKVConfigRequestHeader key(String key) {
        this.key = key;
        return this;
    }

    public String value() {
        return value;
    }

    public PutKVConfigRequestHeader value(String value) {
        this.value = value;
        return this;
    }

    @Override
    public String toString() {
        return "PutKVConfigRequestHeader{" + "namespace=" + namespace + ", key=" + key + ", value=" + value + '}';
    }
}
