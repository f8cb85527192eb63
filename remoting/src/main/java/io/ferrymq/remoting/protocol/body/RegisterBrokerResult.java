package io.ferrymq.remoting.protocol.body;

/**
 * What the name server answers a broker registration: the master's address and HA address (filled for slaves)
 * and the ORDER_TOPIC_CONFIG KV namespace. Built by the broker from the response header and body.
 */
public class RegisterBrokerResult {
    private String haServerAddr;
    private String masterAddr;
    private KVTable kvTable;

    public RegisterBrokerResult() {
    }

    public String getHaServerAddr() {
        return haServerAddr;
    }

    public void setHaServerAddr(String haServerAddr) {
        this.haServerAddr = haServerAddr;
    }

    public String getMasterAddr() {
        return masterAddr;
    }

    public void setMasterAddr(String masterAddr) {
        this.masterAddr = masterAddr;
    }

    public KVTable getKvTable() {
        return kvTable;
    }

    public void setKvTable(KVTable kvTable) {
        this.kvTable = kvTable;
    }

    @Override
    public String toString() {
        return "RegisterBrokerResult{" + "haServerAddr=" + haServerAddr + ", masterAddr=" + masterAddr + ", kvTable=" + kvTable + '}';
    }
}
