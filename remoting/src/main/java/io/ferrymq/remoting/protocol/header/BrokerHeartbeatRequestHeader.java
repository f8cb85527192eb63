package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * BROKER_HEARTBEAT (904) request header; refreshes the broker's liveness only.
 *
 * <p>Required: {@code clusterName}, {@code brokerAddr}, {@code brokerName}. Handwritten codec, no reflection.
 */
public final class BrokerHeartbeatRequestHeader implements CommandHeader {
    private String clusterName;
    private String brokerAddr;
    private String brokerName;
    private Long brokerId;
    private Integer epoch;
    private Long maxOffset;
    private Long confirmOffset;
    private Long heartbeatTimeoutMills;
    private Integer electionPriority;

    public BrokerHeartbeatRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static BrokerHeartbeatRequestHeader decode(ExtFields f) throws HeaderFieldException {
        BrokerHeartbeatRequestHeader h = new BrokerHeartbeatRequestHeader();
        h.clusterName = f.requireString("clusterName");
        h.brokerAddr = f.requireString("brokerAddr");
        h.brokerName = f.requireString("brokerName");
        h.brokerId = f.optLongObject("brokerId");
        h.epoch = f.optInteger("epoch");
        h.maxOffset = f.optLongObject("maxOffset");
        h.confirmOffset = f.optLongObject("confirmOffset");
        h.heartbeatTimeoutMills = f.optLongObject("heartbeatTimeoutMills");
        h.electionPriority = f.optInteger("electionPriority");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (clusterName != null) {
            ext.put("clusterName", clusterName);
        }
        if (brokerAddr != null) {
            ext.put("brokerAddr", brokerAddr);
        }
        if (brokerName != null) {
            ext.put("brokerName", brokerName);
        }
        if (brokerId != null) {
            ext.put("brokerId", brokerId.toString());
        }
        if (epoch != null) {
            ext.put("epoch", epoch.toString());
        }
        if (maxOffset != null) {
            ext.put("maxOffset", maxOffset.toString());
        }
        if (confirmOffset != null) {
            ext.put("confirmOffset", confirmOffset.toString());
        }
        if (heartbeatTimeoutMills != null) {
            ext.put("heartbeatTimeoutMills", heartbeatTimeoutMills.toString());
        }
        if (electionPriority != null) {
            ext.put("electionPriority", electionPriority.toString());
        }
    }

    public String clusterName() {
        return clusterName;
    }

    public BrokerHeartbeatRequestHeader clusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    public String brokerAddr() {
        return brokerAddr;
    }

    public BrokerHeartbeatRequestHeader brokerAddr(String brokerAddr) {
        this.brokerAddr = brokerAddr;
        return this;
    }

    public String brokerName() {
        return brokerName;
    }

    public BrokerHeartbeatRequestHeader brokerName(String brokerName) {
        this.brokerName = brokerName;
        return this;
    }

    public Long brokerId() {
        return brokerId;
    }

    public BrokerHeartbeatRequestHeader brokerId(Long brokerId) {
        this.brokerId = brokerId;
        return this;
    }

    public Integer epoch() {
        return epoch;
    }

    public BrokerHeartbeatRequestHeader epoch(Integer epoch) {
        this.epoch = epoch;
        return this;
    }

    public Long maxOffset() {
        return maxOffset;
    }

    public BrokerHeartbeatRequestHeader maxOffset(Long maxOffset) {
        this.maxOffset = maxOffset;
        return this;
    }

    public Long confirmOffset() {
        return confirmOffset;
    }

    public BrokerHeartbeatRequestHeader confirmOffset(Long confirmOffset) {
        this.confirmOffset = confirmOffset;
        return this;
    }

    public Long heartbeatTimeoutMills() {
        return heartbeatTimeoutMills;
    }

    public BrokerHeartbeatRequestHeader heartbeatTimeoutMills(Long heartbeatTimeoutMills) {
        this.heartbeatTimeoutMills = heartbeatTimeoutMills;
        return this;
    }

    public Integer electionPriority() {
        return electionPriority;
    }

    public BrokerHeartbeatRequestHeader electionPriority(Integer electionPriority) {
        this.electionPriority = electionPriority;
        return this;
    }

    @Override
    public String toString() {
        return "BrokerHeartbeatRequestHeader{" + "clusterName=" + clusterName + ", brokerAddr=" + brokerAddr + ", brokerName=" + brokerName
                + ", brokerId=" + brokerId + ", epoch=" + epoch + ", maxOffset=" + maxOffset
                + ", confirmOffset=" + confirmOffset + ", heartbeatTimeoutMills=" + heartbeatTimeoutMills + ", electionPriority=" + electionPriority + '}';
    }
}
