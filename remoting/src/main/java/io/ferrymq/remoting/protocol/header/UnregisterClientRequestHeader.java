package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * UNREGISTER_CLIENT (35) request header. Note the key {@code clientID} (capital ID).
 *
 * <p>Required: {@code clientID}. Handwritten codec, no reflection.
 */
public final class UnregisterClientRequestHeader implements CommandHeader {
    private String clientID;
    private String producerGroup;
    private String consumerGroup;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public UnregisterClientRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static UnregisterClientRequestHeader decode(ExtFields f) throws HeaderFieldException {
        UnregisterClientRequestHeader h = new UnregisterClientRequestHeader();
        h.clientID = f.requireString("clientID");
        h.producerGroup = f.get("producerGroup");
        h.consumerGroup = f.get("consumerGroup");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (clientID != null) {
            ext.put("clientID", clientID);
        }
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        if (consumerGroup != null) {
            ext.put("consumerGroup", consumerGroup);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String clientID() {
        return clientID;
    }

    public UnregisterClientRequestHeader clientID(String clientID) {
        this.clientID = clientID;
        return this;
    }

    public String producerGroup() {
        return producerGroup;
    }

    public UnregisterClientRequestHeader producerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
        return this;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public UnregisterClientRequestHeader consumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
        return this;
    }

    public String bname() {
        return bname;
    }

    public UnregisterClientRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "UnregisterClientRequestHeader{" + "clientID=" + clientID + ", producerGroup=" + producerGroup + ", consumerGroup=" + consumerGroup
                + ", bname=" + bname + '}';
    }
}
