package io.ferrymq.store.ha;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

/**
 * Settings of replication on both sides, each key defined once in {@link #DEF} with RocketMQ's names where the
 * concept matches; each value is checked when set. The broker fills them from its own keys.
 */
public final class ReplicationConfig {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("replication");

    public static final ConfigKey<String> BIND_ADDRESS = KEYS.define(ConfigKey.string("bindAddress", "0.0.0.0")
            .doc("Master: address the replication port binds to."));
    public static final ConfigKey<Integer> HA_LISTEN_PORT = KEYS.define(ConfigKey.integer("haListenPort", 10912)
            .range(0, 65535).doc("Master: port slaves connect to (0 picks a free one)."));
    public static final ConfigKey<String> HA_MASTER_ADDRESS = KEYS.define(ConfigKey.optionalString("haMasterAddress")
            .doc("Slave: master's replication address ip:port; when unset the broker supplies it from the name "
                    + "server."));
    public static final ConfigKey<Integer> HA_MAX_TRANSFER_BYTES = KEYS.define(
            ConfigKey.integer("haMaxTransferBytes", 4 * 1024 * 1024).range(64 * 1024, 64 * 1024 * 1024)
                    .doc("Largest chunk of commit log sent per pull."));
    public static final ConfigKey<Long> HA_HOLD_MILLIS = KEYS.define(ConfigKey.longKey("haHoldMillis", 1000)
            .range(0, 10_000).doc("How long the master holds a caught-up slave's pull waiting for new bytes."));
    public static final ConfigKey<Long> HA_REQUEST_TIMEOUT_MILLIS = KEYS.define(
            ConfigKey.longKey("haRequestTimeoutMillis", 5000).range(100, 60_000)
                    .doc("Slave: how long a pull may take beyond the hold before the connection is considered broken."));
    public static final ConfigKey<Long> HA_RETRY_BACKOFF_MILLIS = KEYS.define(
            ConfigKey.longKey("haRetryBackoffMillis", 1000).range(10, 60_000)
                    .doc("Slave: pause after a failed pull before retrying."));

    public static final ConfigKey<Long> HA_RESTORE_WAIT_MILLIS = KEYS.define(
            ConfigKey.longKey("haRestoreWaitMillis", 0).range(0, 300_000)
                    .doc("Master: how long after its start client puts are held until a slave reports its offset, so "
                            + "that a master that lost commit log its slave holds restores it from the slave before "
                            + "writing anything of its own (0: not held; a restore still happens if a slave reports "
                            + "before the first put)."));

    /** Every replication key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values = DEF.defaults();

    /** Every value is checked when set; kept so callers state where validation happens. Returns this. */
    public ReplicationConfig validate() {
        return this;
    }

    public String bindAddress() { return values.get(BIND_ADDRESS); }
    public ReplicationConfig bindAddress(String v) { values.set(BIND_ADDRESS, v); return this; }
    /** Master: port slaves connect to (RocketMQ's haListenPort; 0 picks a free one). */
    public int haListenPort() { return values.get(HA_LISTEN_PORT); }
    public ReplicationConfig haListenPort(int v) { values.set(HA_LISTEN_PORT, v); return this; }
    /** Slave: master's replication address ip:port; when null the broker supplies it from the name server. */
    public String haMasterAddress() { return values.get(HA_MASTER_ADDRESS); }
    public ReplicationConfig haMasterAddress(String v) { values.set(HA_MASTER_ADDRESS, v); return this; }
    /** Largest chunk of commit log sent per pull. */
    public int maxTransferBytes() { return values.get(HA_MAX_TRANSFER_BYTES); }
    public ReplicationConfig maxTransferBytes(int v) { values.set(HA_MAX_TRANSFER_BYTES, v); return this; }
    /** How long the master holds a caught-up slave's pull waiting for new bytes. */
    public long holdMillis() { return values.get(HA_HOLD_MILLIS); }
    public ReplicationConfig holdMillis(long v) { values.set(HA_HOLD_MILLIS, v); return this; }
    /** Slave: how long a pull may take beyond the hold before the connection is considered broken. */
    public long requestTimeoutMillis() { return values.get(HA_REQUEST_TIMEOUT_MILLIS); }
    public ReplicationConfig requestTimeoutMillis(long v) { values.set(HA_REQUEST_TIMEOUT_MILLIS, v); return this; }
    /** Master: how long after its start puts are held until a slave reports its offset (0: not held). */
    public long restoreWaitMillis() { return values.get(HA_RESTORE_WAIT_MILLIS); }
    public ReplicationConfig restoreWaitMillis(long v) { values.set(HA_RESTORE_WAIT_MILLIS, v); return this; }
    /** Slave: pause after a failed pull before retrying. */
    public long retryBackoffMillis() { return values.get(HA_RETRY_BACKOFF_MILLIS); }
    public ReplicationConfig retryBackoffMillis(long v) { values.set(HA_RETRY_BACKOFF_MILLIS, v); return this; }
}
