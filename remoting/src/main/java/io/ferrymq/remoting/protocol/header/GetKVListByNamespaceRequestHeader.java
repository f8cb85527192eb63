package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_KVLIST_BY_NAMESPACE (219) request header.
 *
 * <p>Required: {@code namespace}. Handwritten codec, no reflection.
 */
public final class GetKVListByNamespaceRequestHeader implements CommandHeader {
    private String namespace;

    public GetKVListByNamespaceRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetKVListByNamespaceRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetKVListByNamespaceRequestHeader h = new GetKVListByNamespaceRequestHeader();
        h.namespace = f.requireString("namespace");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (namespace != null) {
            ext.put("namespace", namespace);
        }
    }

    public String namespace() {
        return namespace;
    }

    public GetKVListByNamespaceRequestHeader namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    @Override
    public String toString() {
        return "GetKVListByNamespaceRequestHeader{" + "namespace=" + namespace + '}';
    }
}
