package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * REGISTER_BROKER (103) request header (docs/protocol.md 2.3). The body is a RegisterBrokerBody, JSON or compressed
 * per {@code compressed}; {@code bodyCrc32} is RegisterBrokerBody.crc32 of the body bytes, 0 = unchecked.
 *
 * <p>Required: {@code brokerName}, {@code brokerAddr}, {@code clusterName}, {@code haServerAddr}, {@code brokerId}. Handwritten codec, no reflection.
 */
public final class RegisterBrokerRequestHeader implements CommandHeader {
    private String brokerName;
    /** Broker address clients use, ip:port. */
    private String brokerAddr;
    private String clusterName;
    private String haServerAddr;
    /** 0 = master. */
    private long brokerId;
    /** Per-broker expiry; null = the name server's default. */
    private Long heartbeatTimeoutMillis;
    private Boolean enableActingMaster;
    private boolean compressed = false;
    private int bodyCrc32 = 0;

    public RegisterBrokerRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static RegisterBrokerRequestHeader decode(ExtFields f) throws HeaderFieldException {
        RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader();
        h.brokerName = f.requireString("brokerName");
        h.brokerAddr = f.requireString("brokerAddr");
        h.clusterName = f.requireString("clusterName");
        h.haServerAddr = f.requireString("haServerAddr");
        h.brokerId = f.requireLong("brokerId");
        h.heartbeatTimeoutMillis = f.optLongObject("heartbeatTimeoutMillis");
        h.enableActingMaster = f.has("enableActingMaster") ? Boolean.valueOf(f.requireBoolean("enableActingMaster")) : null;
        h.compressed = f.optBoolean("compressed", false);
        h.bodyCrc32 = f.optInt("bodyCrc32", 0);
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
        if (haServerAddr != null) {
            ext.put("haServerAddr", haServerAddr);
        }
        ext.put("brokerId", String.valueOf(brokerId));
        if (heartbeatTimeoutMillis != null) {
            ext.put("heartbeatTimeoutMillis", heartbeatTimeoutMillis.toString());
        }
        if (enableActingMaster != null) {
            ext.put("enableActingMaster", enableActingMaster.toString());
        }
        ext.put("compressed", String.valueOf(compressed));
        ext.put("bodyCrc32", String.valueOf(bodyCrc32));
    }

    public String brokerName() {
        return brokerName;
    }

    public RegisterBrokerRequestHeader brokerName(String brokerName) {
        this.brokerName = brokerName;
        return this;
    }

    public String brokerAddr() {
        return brokerAddr;
    }

    public RegisterBrokerRequestHeader brokerAddr(String brokerAddr) {
        this.brokerAddr = brokerAddr;
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public RegisterBrokerRequestHeader clusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    public String haServerAddr() {
        return haServerAddr;
    }

    public RegisterBrokerRequestHeader haServerAddr(String haServerAddr) {
        this.haServerAddr = haServerAddr;
        return this;
    }

    public long brokerId() {
        return brokerId;
    }

    public RegisterBrokerRequestHeader brokerId(long brokerId) {
        this.brokerId = brokerId;
        return this;
    }

    public Long heartbeatTimeoutMillis() {
        return heartbeatTimeoutMillis;
    }

    public RegisterBrokerRequestHeader heartbeatTimeoutMillis(Long heartbeatTimeoutMillis) {
        this.heartbeatTimeoutMillis = heartbeatTimeoutMillis;
        return this;
    }

    public Boolean enableActingMaster() {
        return enableActingMaster;
    }

    public RegisterBrokerRequestHeader enableActingMaster(Boolean enableActingMaster) {
        this.enableActingMaster = enableActingMaster;
        return this;
    }

    public boolean compressed() {
        return compressed;
    }

    public RegisterBrokerRequestHeader compressed(boolean compressed) {
        this.compressed = compressed;
        return this;
    }

    public int bodyCrc32() {
        return bodyCrc32;
    }

    public RegisterBrokerRequestHeader bodyCrc32(int bodyCrc32) {
        this.bodyCrc32 = bodyCrc32;
        return this;
    }

    @Override
    public String toString() {
        return "RegisterBrokerRequestHeader{" + "brokerName=" + brokerName + ", brokerAddr=" + brokerAddr + ", clusterName=" + clusterName
                + ", haServerAddr=" + haServerAddr + ", brokerId=" + brokerId + ", heartbeatTimeoutMillis=" + heartbeatTimeoutMillis
                + ", enableActingMaster=" + enableActingMaster + ", compressed=" + compressed + ", bodyCrc32=" + bodyCrc32 + '}';
    }
}
