package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_CONSUMER_LIST_BY_GROUP (38) request header.
 *
 * <p>Required: {@code consumerGroup}. Handwritten codec, no reflection.
 */
public final class GetConsumerListByGroupRequestHeader implements CommandHeader {
    private String consumerGroup;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetConsumerListByGroupRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetConsumerListByGroupRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetConsumerListByGroupRequestHeader h = new GetConsumerListByGroupRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public GetConsumerListByGroupRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetConsumerListByGroupRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetConsumerListByGroupRequestHeader{" + "consumerGroup=" + consumerGroup + ", bname=" + bname + '}';
    }
}
