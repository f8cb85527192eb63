package io.ferrymq.store.ha;

import io.ferrymq.common.Checks;

/** Settings of replication on both sides, with RocketMQ's names where the concept matches. */
public final class ReplicationConfig {
    private String bindAddress = "0.0.0.0";
    private int haListenPort = 10912;
    private String haMasterAddress;
    private int maxTransferBytes = 4 * 1024 * 1024;
    private long holdMillis = 1000;
    private long requestTimeoutMillis = 5000;
    private long retryBackoffMillis = 1000;

    public ReplicationConfig validate() {
        Checks.range("haListenPort", haListenPort, 0, 65535);
        Checks.range("haMaxTransferBytes", maxTransferBytes, 64 * 1024, 64 * 1024 * 1024);
        Checks.range("haHoldMillis", holdMillis, 0, 10_000);
        Checks.range("haRequestTimeoutMillis", requestTimeoutMillis, 100, 60_000);
        Checks.range("haRetryBackoffMillis", retryBackoffMillis, 10, 60_000);
        return this;
    }

    public String bindAddress() { return bindAddress; }
    public ReplicationConfig bindAddress(String v) { bindAddress = v; return this; }
    /** Master: port slaves connect to (RocketMQ's haListenPort; 0 picks a free one). */
    public int haListenPort() { return haListenPort; }
    public ReplicationConfig haListenPort(int v) { haListenPort = v; return this; }
    /** Slave: master's replication address ip:port; when null the broker supplies it from the name server. */
    public String haMasterAddress() { return haMasterAddress; }
    public ReplicationConfig haMasterAddress(String v) { haMasterAddress = v; return this; }
    /** Largest chunk of commit log sent per pull. */
    public int maxTransferBytes() { return maxTransferBytes; }
    public ReplicationConfig maxTransferBytes(int v) { maxTransferBytes = v; return this; }
    /** How long the master holds a caught-up slave's pull waiting for new bytes. */
    public long holdMillis() { return holdMillis; }
    public ReplicationConfig holdMillis(long v) { holdMillis = v; return this; }
    /** Slave: how long a pull may take beyond the hold before the connection is considered broken. */
    public long requestTimeoutMillis() { return requestTimeoutMillis; }
    public ReplicationConfig requestTimeoutMillis(long v) { requestTimeoutMillis = v; return this; }
    /** Slave: pause after a failed pull before retrying. */
    public long retryBackoffMillis() { return retryBackoffMillis; }
    public ReplicationConfig retryBackoffMillis(long v) { retryBackoffMillis = v; return this; }
}
