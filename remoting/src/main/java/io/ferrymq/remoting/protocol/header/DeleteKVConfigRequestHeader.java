package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * DELETE_KV_CONFIG (102) request header.
 *
 * <p>Required: {@code namespace}, {@code key}. Handwritten codec, no reflection.
 */
public final class DeleteKVConfigRequestHeader implements CommandHeader {
    private String namespace;
    private String key;

    public DeleteKVConfigRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static DeleteKVConfigRequestHeader decode(ExtFields f) throws HeaderFieldException {
        DeleteKVConfigRequestHeader h = new DeleteKVConfigRequestHeader();
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

    public DeleteKVConfigRequestHeader namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    public String key() {
        return key;
    }

    public DeleteKVConfigRequestHeader key(String key) {
        this.key = key;
        return this;
    }

    @Override
    public String toString() {
        return "DeleteKVConfigRequestHeader{" + "namespace=" + namespace + ", key=" + key + '}';
    }
}
