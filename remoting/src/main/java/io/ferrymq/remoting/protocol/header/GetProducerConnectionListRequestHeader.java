package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_PRODUCER_CONNECTION_LIST (204) request header.
 *
 * <p>Required: {@code producerGroup}. Handwritten codec, no reflection.
 */
public final class GetProducerConnectionListRequestHeader implements CommandHeader {
    private String producerGroup;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetProducerConnectionListRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetProducerConnectionListRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetProducerConnectionListRequestHeader h = new GetProducerConnectionListRequestHeader();
        h.producerGroup = f.requireString("producerGroup");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String producerGroup() {
        return producerGroup;
    }

    public GetProducerConnectionListRequestHeader producerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetProducerConnectionListRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetProducerConnectionListRequestHeader{" + "producerGroup=" + producerGroup + ", bname=" + bname + '}';
    }
}
