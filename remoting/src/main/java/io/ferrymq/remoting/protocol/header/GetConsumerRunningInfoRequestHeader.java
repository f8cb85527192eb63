package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * GET_CONSUMER_RUNNING_INFO (307) request header (admin to broker, relayed to the client).
 *
 * <p>Required: {@code consumerGroup}, {@code clientId}. Handwritten codec, no reflection.
 */
public final class GetConsumerRunningInfoRequestHeader implements CommandHeader {
    private String consumerGroup;
    private String clientId;
    private boolean jstackEnable = false;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public GetConsumerRunningInfoRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static GetConsumerRunningInfoRequestHeader decode(ExtFields f) throws HeaderFieldException {
        GetConsumerRunningInfoRequestHeader h = new GetConsumerRunningInfoRequestHeader();
        h.consumerGroup = f.requireString("consumerGroup");
        h.clientId = f.requireString("clientId");
        h.jstackEnable = f.optBoolean("jstackEnable", false);
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
        if (clientId != null) {
            ext.put("clientId", clientId);
        }
        ext.put("jstackEnable", String.valueOf(jstackEnable));
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public GetConsumerRunningInfoRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String clientId() {
        return clientId;
    }

    public GetConsumerRunningInfoRequestHeader clientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    public boolean jstackEnable() {
        return jstackEnable;
    }

    public GetConsumerRunningInfoRequestHeader jstackEnable(boolean jstackEnable) {
        this.jstackEnable = jstackEnable;
        return this;
    }

    public String bname() {
        return bname;
    }

    public GetConsumerRunningInfoRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "GetConsumerRunningInfoRequestHeader{" + "consumerGroup=" + consumerGroup + ", clientId=" + clientId + ", jstackEnable=" + jstackEnable
                + ", bname=" + bname + '}';
    }
}
