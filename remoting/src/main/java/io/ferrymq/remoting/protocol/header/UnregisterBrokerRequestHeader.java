package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * UNREGISTER_BROKER (104) request header (official class UnRegisterBrokerRequestHeader).
 *
 * <p>Required: {@code brokerName}, {@code brokerAddr}, {@code clusterName}, {@code brokerId}. Handwritten codec, no reflection.
 */
public final class UnregisterBrokerRequestHeader implements CommandHeader {
    private String brokerName;
    private String brokerAddr;
    private String clusterName;
    private long brokerId;

    public UnregisterBrokerRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static UnregisterBrokerRequestHeader decode(ExtFields f) throws HeaderFieldException {
        UnregisterBrokerRequestHeader h = new UnregisterBrokerRequestHeader();
        h.brokerName = f.requireString("brokerName");
        h.brokerAddr = f.requireString("brokerAddr");
        h.clusterName = f.requireString("clusterName");
        h.brokerId = f.requireLong("brokerId");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (brokerName != null) {
            ext.put("brokerName", brokerName);
        }
        if (brokerAddr != null) {
            ext.put("brokerAddr", brokerAddr);
        }
        if (clusterName != null) {
            ext.put("clusterName", clusterName);
        }
        ext.put("brokerId", String.valueOf(brokerId));
    }

    public String brokerName() {
        return brokerName;
    }

    public UnregisterBrokerRequestHeader brokerName(String brokerName) {
        this.brokerName = brokerName;
        return this;
    }

    public String brokerAddr() {
        return brokerAddr;
    }

    public UnregisterBrokerRequestHeader brokerAddr(String brokerAddr) {
        this.brokerAddr = brokerAddr;
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public UnregisterBrokerRequestHeader clusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    public long brokerId() {
        return brokerId;
    }

    public UnregisterBrokerRequestHeader brokerId(long brokerId) {
        this.brokerId = brokerId;
        return this;
    }

    @Override
    public String toString() {
        return "UnregisterBrokerRequestHeader{" + "brokerName=" + brokerName + ", brokerAddr=" + brokerAddr + ", clusterName=" + clusterName
                + ", brokerId=" + brokerId + '}';
    }
}
