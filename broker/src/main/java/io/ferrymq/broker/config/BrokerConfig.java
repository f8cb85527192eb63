package io.ferrymq.broker.config;

import io.ferrymq.remoting.HostPort;
import io.ferrymq.store.FlushDiskType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Typed broker settings under RocketMQ's key names. Every key is defined once in {@link #SETTINGS} with its
 * parser (default, range) and doc. {@link #fromProperties} fails on an unknown key or a bad value with a
 * message naming the key; keys that belong to the store are collected in {@link #storeProperties()} and handed
 * to the store's own config unchanged (the store validates them).
 *
 * <p>Mutable only while being built or through {@link #update}; components read it from their own threads, so
 * fields that may change at runtime are volatile.
 */
public final class BrokerConfig {
    public static final String DEFAULT_DELAY_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private String brokerClusterName = "DefaultCluster";
    private String brokerName = "broker-a";
    private long brokerId = 0;
    private String namesrvAddr;
    private int listenPort = 10911;
    private String brokerIP1 = LocalAddress.guess();
    private String brokerIP2;
    private BrokerRole brokerRole = BrokerRole.ASYNC_MASTER;
    private FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;
    private String storePathRootDir = System.getProperty("user.home") + "/ferrymq-store";
    private volatile int brokerPermission = 6;
    private volatile boolean autoCreateTopicEnable = false;
    private volatile boolean autoCreateSubscriptionGroup = true;
    private volatile int defaultTopicQueueNums = 8;
    private volatile long registerNameServerPeriod = 5000;
    private long registerBrokerTimeoutMills = 6000;
    private volatile long channelExpiredTimeout = 120_000;
    private volatile int maxMessageSize = 4 * 1024 * 1024;
    private int sendMessageThreadPoolNums = 4;
    private int pullMessageThreadPoolNums = 16;
    private int adminBrokerThreadPoolNums = 4;
    private int clientManageThreadPoolNums = 4;
    private int sendThreadPoolQueueCapacity = 10_000;
    private int pullThreadPoolQueueCapacity = 100_000;
    private int clientManagerThreadPoolQueueCapacity = 100_000;
    private String messageDelayLevel = DEFAULT_DELAY_LEVELS;
    private long[] delayLevelMillis = DelayLevels.parse(DEFAULT_DELAY_LEVELS);
    private volatile boolean longPollingEnable = true;
    private volatile long shortPollingTimeMills = 1000;
    private int haListenPort = 10912;
    private String haMasterAddress;
    // replication (issue 6)
    private int inSyncReplicas = 1;
    private volatile long slaveAckTimeoutMillis = 3000;
    private volatile long haMetadataSyncIntervalMillis = 3000;
    private volatile int accessMessageInMemoryMaxRatio = 40;
    private volatile long flushConsumerOffsetInterval = 5000;
    private volatile long flushDelayOffsetInterval = 1000;
    private volatile long rebalanceLockMaxLiveTime = 60_000;
    private volatile boolean traceOn = true;
    private volatile String regionId = "DefaultRegion";
    private volatile boolean storeReplyMessageEnable = true;
    private volatile int defaultQueryMaxNum = 32;
    private volatile boolean notifyConsumerIdsChangedEnable = true;
    private int serverChannelMaxIdleTimeSeconds = 120;

    private final Map<String, String> storeProperties = new LinkedHashMap<>();

    /** Every broker key, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(
            new Setting<>("brokerClusterName", "Cluster this broker group belongs to.", Setting.nonEmpty(),
                    c -> c.brokerClusterName, (c, v) -> c.brokerClusterName = v, false),
            new Setting<>("brokerName", "Broker group name (master and slaves share it).", Setting.nonEmpty(),
                    c -> c.brokerName, (c, v) -> c.brokerName = v, false),
            new Setting<>("brokerId", "0 for the master, > 0 for slaves.", Setting.longRange(0, 1024),
                    c -> c.brokerId, (c, v) -> c.brokerId = v, false),
            new Setting<>("namesrvAddr", "Required: the name servers to register with, host:port separated by ';'.", BrokerConfig::parseNamesrv,
                    c -> c.namesrvAddr, (c, v) -> c.namesrvAddr = v, false),
            new Setting<>("listenPort", "Port clients connect to (0 = any free port).",
                    Setting.intRange(0, 65535), c -> c.listenPort, (c, v) -> c.listenPort = v, false),
            new Setting<>("brokerIP1", "Address advertised to name servers and written as STOREHOST.",
                    Setting.nonEmpty(), c -> c.brokerIP1, (c, v) -> c.brokerIP1 = v, false),
            new Setting<>("brokerIP2", "Address used for replication (defaults to brokerIP1).", Setting.optional(),
                    c -> c.brokerIP2, (c, v) -> c.brokerIP2 = v, false),
            new Setting<>("brokerRole", "ASYNC_MASTER, SYNC_MASTER or SLAVE (a slave rejects writes).",
                    Setting.enumOf(BrokerRole.class), c -> c.brokerRole, (c, v) -> c.brokerRole = v, false),
            new Setting<>("flushDiskType", "ASYNC_FLUSH or SYNC_FLUSH (passed to the store).",
                    Setting.enumOf(FlushDiskType.class), c -> c.flushDiskType, (c, v) -> c.flushDiskType = v, false),
            new Setting<>("storePathRootDir", "Root directory of the store and the broker's config files.",
                    Setting.nonEmpty(), c -> c.storePathRootDir, (c, v) -> c.storePathRootDir = v, false),
            new Setting<>("brokerPermission", "Broker permission bits: 2 write, 4 read.", Setting.intRange(0, 7),
                    c -> c.brokerPermission, (c, v) -> c.brokerPermission = v, true),
            new Setting<>("autoCreateTopicEnable", "Create unknown topics on first send (registers TBW102).",
                    Setting.bool(), c -> c.autoCreateTopicEnable, (c, v) -> c.autoCreateTopicEnable = v, false),
            new Setting<>("autoCreateSubscriptionGroup", "Create unknown consumer groups on first use.",
                    Setting.bool(), c -> c.autoCreateSubscriptionGroup, (c, v) -> c.autoCreateSubscriptionGroup = v,
                    true),
            new Setting<>("defaultTopicQueueNums", "Queues of auto-created topics.", Setting.intRange(1, 1024),
                    c -> c.defaultTopicQueueNums, (c, v) -> c.defaultTopicQueueNums = v, true),
            new Setting<>("registerNameServerPeriod", "Milliseconds between registrations with the name servers.",
                    Setting.longRange(200, 60_000), c -> c.registerNameServerPeriod,
                    (c, v) -> c.registerNameServerPeriod = v, false),
            new Setting<>("registerBrokerTimeoutMills", "Timeout of one registration call.",
                    Setting.longRange(100, 60_000), c -> c.registerBrokerTimeoutMills,
                    (c, v) -> c.registerBrokerTimeoutMills = v, false),
            new Setting<>("channelExpiredTimeout", "A client silent this long (ms) is dropped.",
                    Setting.longRange(1000, 3_600_000), c -> c.channelExpiredTimeout,
                    (c, v) -> c.channelExpiredTimeout = v, true),
            new Setting<>("maxMessageSize", "Largest accepted message body in bytes.",
                    Setting.intRange(1024, 128 * 1024 * 1024), c -> c.maxMessageSize, (c, v) -> c.maxMessageSize = v,
                    true),
            new Setting<>("sendMessageThreadPoolNums", "Threads of the send executor.", Setting.intRange(1, 256),
                    c -> c.sendMessageThreadPoolNums, (c, v) -> c.sendMessageThreadPoolNums = v, false),
            new Setting<>("pullMessageThreadPoolNums", "Threads of the pull executor.", Setting.intRange(1, 512),
                    c -> c.pullMessageThreadPoolNums, (c, v) -> c.pullMessageThreadPoolNums = v, false),
            new Setting<>("adminBrokerThreadPoolNums", "Threads of the admin executor.", Setting.intRange(1, 256),
                    c -> c.adminBrokerThreadPoolNums, (c, v) -> c.adminBrokerThreadPoolNums = v, false),
            new Setting<>("clientManageThreadPoolNums", "Threads for heartbeats and offsets.",
                    Setting.intRange(1, 256), c -> c.clientManageThreadPoolNums,
                    (c, v) -> c.clientManageThreadPoolNums = v, false),
            new Setting<>("sendThreadPoolQueueCapacity", "Queued sends before SYSTEM_BUSY.",
                    Setting.intRange(1, 10_000_000), c -> c.sendThreadPoolQueueCapacity,
                    (c, v) -> c.sendThreadPoolQueueCapacity = v, false),
            new Setting<>("pullThreadPoolQueueCapacity", "Queued pulls before SYSTEM_BUSY.",
                    Setting.intRange(1, 10_000_000), c -> c.pullThreadPoolQueueCapacity,
                    (c, v) -> c.pullThreadPoolQueueCapacity = v, false),
            new Setting<>("clientManagerThreadPoolQueueCapacity", "Queued heartbeats/offset calls before SYSTEM_BUSY.",
                    Setting.intRange(1, 10_000_000), c -> c.clientManagerThreadPoolQueueCapacity,
                    (c, v) -> c.clientManagerThreadPoolQueueCapacity = v, false),
            new Setting<>("messageDelayLevel", "Delay of each level, e.g. '1s 5s 10s 30s 1m' (units ms s m h d).",
                    t -> {
                        DelayLevels.parse(t);
                        return t;
                    }, c -> c.messageDelayLevel, (c, v) -> {
                        c.messageDelayLevel = v;
                        c.delayLevelMillis = DelayLevels.parse(v);
                    }, false),
            new Setting<>("longPollingEnable", "Hold empty pulls until a message arrives or the client's timeout.",
                    Setting.bool(), c -> c.longPollingEnable, (c, v) -> c.longPollingEnable = v, true),
            new Setting<>("shortPollingTimeMills", "Hold time of empty pulls when long polling is off.",
                    Setting.longRange(0, 30_000), c -> c.shortPollingTimeMills, (c, v) -> c.shortPollingTimeMills = v,
                    true),
            new Setting<>("haListenPort", "Master: port slaves pull the commit log from, bound on all interfaces and "
                    + "registered as haServerAddr = brokerIP2:haListenPort (0 = any free port).",
                    Setting.intRange(0, 65535), c -> c.haListenPort, (c, v) -> c.haListenPort = v, false),
            new Setting<>("haMasterAddress", "Slave: master's replication address ip:port; when unset the slave "
                    + "takes it from the name servers' registration answer (haServerAddr).", Setting.optional(),
                    c -> c.haMasterAddress, (c, v) -> c.haMasterAddress = v, false),
            new Setting<>("inSyncReplicas", "SYNC_MASTER: slaves that must hold a message before its send is "
                    + "acknowledged (fewer connected: SLAVE_NOT_AVAILABLE).", Setting.intRange(1, 16),
                    c -> c.inSyncReplicas, (c, v) -> c.inSyncReplicas = v, false),
            new Setting<>("slaveAckTimeoutMillis", "SYNC_MASTER: how long a send waits for its slave copies before "
                    + "FLUSH_SLAVE_TIMEOUT; keep it below the clients' send timeout (3 s).",
                    Setting.longRange(10, 60_000), c -> c.slaveAckTimeoutMillis,
                    (c, v) -> c.slaveAckTimeoutMillis = v, true),
            new Setting<>("haMetadataSyncIntervalMillis", "Slave: milliseconds between copies of the master's topics, "
                    + "subscription groups, consumer offsets and delay progress.", Setting.longRange(100, 600_000),
                    c -> c.haMetadataSyncIntervalMillis, (c, v) -> c.haMetadataSyncIntervalMillis = v, false),
            new Setting<>("accessMessageInMemoryMaxRatio", "A consumer further behind than this percentage of "
                    + "physical memory (commit-log bytes) is told to pull from a slave (the group's "
                    + "whichBrokerWhenConsumeSlowly); 0 always suggests the slave.", Setting.intRange(0, 100),
                    c -> c.accessMessageInMemoryMaxRatio, (c, v) -> c.accessMessageInMemoryMaxRatio = v, true),
            new Setting<>("flushConsumerOffsetInterval", "Milliseconds between consumer-offset file writes.",
                    Setting.longRange(10, 600_000), c -> c.flushConsumerOffsetInterval,
                    (c, v) -> c.flushConsumerOffsetInterval = v, false),
            new Setting<>("flushDelayOffsetInterval", "Milliseconds between scheduled-message progress writes.",
                    Setting.longRange(10, 600_000), c -> c.flushDelayOffsetInterval,
                    (c, v) -> c.flushDelayOffsetInterval = v, false),
            new Setting<>("rebalanceLockMaxLiveTime", "Orderly queue locks expire this long (ms) after renewal.",
                    Setting.longRange(1000, 3_600_000), c -> c.rebalanceLockMaxLiveTime,
                    (c, v) -> c.rebalanceLockMaxLiveTime = v, true),
            new Setting<>("traceOn", "Value of TRACE_ON sent back with every send.", Setting.bool(),
                    c -> c.traceOn, (c, v) -> c.traceOn = v, true),
            new Setting<>("regionId", "Value of MSG_REGION sent back with every send.", Setting.nonEmpty(),
                    c -> c.regionId, (c, v) -> c.regionId = v, true),
            new Setting<>("storeReplyMessageEnable", "Also store reply messages in <cluster>_REPLY_TOPIC.",
                    Setting.bool(), c -> c.storeReplyMessageEnable, (c, v) -> c.storeReplyMessageEnable = v, true),
            new Setting<>("defaultQueryMaxNum", "Result cap of unique-key message queries.",
                    Setting.intRange(1, 10_000), c -> c.defaultQueryMaxNum, (c, v) -> c.defaultQueryMaxNum = v, true),
            new Setting<>("notifyConsumerIdsChangedEnable", "Tell consumers when their group changes.",
                    Setting.bool(), c -> c.notifyConsumerIdsChangedEnable,
                    (c, v) -> c.notifyConsumerIdsChangedEnable = v, true),
            new Setting<>("serverChannelMaxIdleTimeSeconds", "Client connections idle this long are closed.",
                    Setting.intRange(0, 86_400), c -> c.serverChannelMaxIdleTimeSeconds,
                    (c, v) -> c.serverChannelMaxIdleTimeSeconds = v, false));

    private static final Map<String, Setting<?>> BY_NAME;

    static {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        for (Setting<?> s : SETTINGS) {
            m.put(s.name(), s);
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    public BrokerConfig() {
    }

    /**
     * Builds a config from properties. Broker keys are parsed and checked here; keys accepted by
     * {@code isStoreKey} are kept for the store; anything else fails.
     *
     * @throws IllegalArgumentException naming the first unknown key or bad value
     */
    public static BrokerConfig fromProperties(Properties props, Predicate<String> isStoreKey) {
        BrokerConfig c = new BrokerConfig();
        List<String> names = new ArrayList<>(props.stringPropertyNames());
        Collections.sort(names);
        for (String key : names) {
            String value = props.getProperty(key);
            Setting<?> s = BY_NAME.get(key);
            if (s != null) {
                s.apply(c, value);
            } else if (isStoreKey.test(key)) {
                c.storeProperties.put(key, value == null ? "" : value.trim());
            } else {
                throw new IllegalArgumentException("unknown broker config key '" + key + "'; known keys: "
                        + BY_NAME.keySet() + " plus the store's keys");
            }
        }
        return c.validate();
    }

    /** Cross-field checks; returns this. */
    public BrokerConfig validate() {
        if (brokerRole == BrokerRole.SLAVE && brokerId == 0) {
            throw new IllegalArgumentException("broker config 'brokerId' must be > 0 when brokerRole is SLAVE");
        }
        if (brokerRole != BrokerRole.SLAVE && brokerId != 0) {
            throw new IllegalArgumentException("broker config 'brokerId' must be 0 when brokerRole is "
                    + brokerRole);
        }
        if (!brokerName.matches("[%|a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("broker config 'brokerName' = '" + brokerName
                    + "' may only contain letters, digits, '_', '-', '%' and '|'");
        }
        return this;
    }

    /**
     * Applies changes at runtime (UPDATE_BROKER_CONFIG). All values are checked first; nothing is changed
     * when one is bad.
     *
     * @return the keys whose change only takes effect after a restart
     */
    public synchronized List<String> update(Properties changes) {
        BrokerConfig probe = copy();
        for (String key : changes.stringPropertyNames()) {
            Setting<?> s = BY_NAME.get(key);
            if (s == null) {
                throw new IllegalArgumentException("unknown or non-updatable broker config key '" + key + "'");
            }
            s.apply(probe, changes.getProperty(key));
        }
        probe.validate();
        List<String> needRestart = new ArrayList<>();
        for (String key : changes.stringPropertyNames()) {
            Setting<?> s = BY_NAME.get(key);
            s.apply(this, changes.getProperty(key));
            if (!s.dynamic()) {
                needRestart.add(key);
            }
        }
        return needRestart;
    }

    private BrokerConfig copy() {
        BrokerConfig c = new BrokerConfig();
        for (Setting<?> s : SETTINGS) {
            String v = s.format(this);
            if (!v.isEmpty()) {
                s.apply(c, v);
            }
        }
        return c;
    }

    /** All broker keys with their current values, then the store keys, as properties text order. */
    public synchronized Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : SETTINGS) {
            m.put(s.name(), s.format(this));
        }
        m.putAll(storeProperties);
        return m;
    }

    public static Set<String> keys() {
        return BY_NAME.keySet();
    }

    private static String parseNamesrv(String t) {
        if (t.isEmpty()) {
            return null;
        }
        for (String a : t.split(";")) {
            if (!a.isBlank()) {
                HostPort.parse(a.trim());
            }
        }
        return t;
    }

    // ---------------------------------------------------------------- accessors

    /** Name-server addresses, in configured order (empty when none). */
    public List<String> namesrvAddrList() {
        List<String> out = new ArrayList<>();
        if (namesrvAddr != null) {
            for (String a : namesrvAddr.split(";")) {
                if (!a.isBlank()) {
                    out.add(a.trim());
                }
            }
        }
        return out;
    }

    public Map<String, String> storeProperties() {
        return storeProperties;
    }

    public String brokerClusterName() { return brokerClusterName; }
    public BrokerConfig brokerClusterName(String v) { brokerClusterName = v; return this; }
    public String brokerName() { return brokerName; }
    public BrokerConfig brokerName(String v) { brokerName = v; return this; }
    public long brokerId() { return brokerId; }
    public BrokerConfig brokerId(long v) { brokerId = v; return this; }
    public String namesrvAddr() { return namesrvAddr; }
    public BrokerConfig namesrvAddr(String v) { namesrvAddr = parseNamesrv(v == null ? "" : v.trim()); return this; }
    public int listenPort() { return listenPort; }
    public BrokerConfig listenPort(int v) { listenPort = v; return this; }
    public String brokerIP1() { return brokerIP1; }
    public BrokerConfig brokerIP1(String v) { brokerIP1 = v; return this; }
    public String brokerIP2() { return brokerIP2 == null ? brokerIP1 : brokerIP2; }
    public BrokerRole brokerRole() { return brokerRole; }
    public BrokerConfig brokerRole(BrokerRole v) { brokerRole = v; return this; }
    public FlushDiskType flushDiskType() { return flushDiskType; }
    public BrokerConfig flushDiskType(FlushDiskType v) { flushDiskType = v; return this; }
    public String storePathRootDir() { return storePathRootDir; }
    public BrokerConfig storePathRootDir(String v) { storePathRootDir = v; return this; }
    public int brokerPermission() { return brokerPermission; }
    public BrokerConfig brokerPermission(int v) { brokerPermission = v; return this; }
    public boolean autoCreateTopicEnable() { return autoCreateTopicEnable; }
    public BrokerConfig autoCreateTopicEnable(boolean v) { autoCreateTopicEnable = v; return this; }
    public boolean autoCreateSubscriptionGroup() { return autoCreateSubscriptionGroup; }
    public BrokerConfig autoCreateSubscriptionGroup(boolean v) { autoCreateSubscriptionGroup = v; return this; }
    public int defaultTopicQueueNums() { return defaultTopicQueueNums; }
    public BrokerConfig defaultTopicQueueNums(int v) { defaultTopicQueueNums = v; return this; }
    public long registerNameServerPeriod() { return registerNameServerPeriod; }
    public BrokerConfig registerNameServerPeriod(long v) { registerNameServerPeriod = v; return this; }
    public long registerBrokerTimeoutMills() { return registerBrokerTimeoutMills; }
    public long channelExpiredTimeout() { return channelExpiredTimeout; }
    public BrokerConfig channelExpiredTimeout(long v) { channelExpiredTimeout = v; return this; }
    public int maxMessageSize() { return maxMessageSize; }
    public BrokerConfig maxMessageSize(int v) { maxMessageSize = v; return this; }
    public int sendMessageThreadPoolNums() { return sendMessageThreadPoolNums; }
    public int pullMessageThreadPoolNums() { return pullMessageThreadPoolNums; }
    public int adminBrokerThreadPoolNums() { return adminBrokerThreadPoolNums; }
    public int clientManageThreadPoolNums() { return clientManageThreadPoolNums; }
    public int sendThreadPoolQueueCapacity() { return sendThreadPoolQueueCapacity; }
    public BrokerConfig sendThreadPoolQueueCapacity(int v) { sendThreadPoolQueueCapacity = v; return this; }
    public int pullThreadPoolQueueCapacity() { return pullThreadPoolQueueCapacity; }
    public int clientManagerThreadPoolQueueCapacity() { return clientManagerThreadPoolQueueCapacity; }
    public String messageDelayLevel() { return messageDelayLevel; }
    public BrokerConfig messageDelayLevel(String v) {
        delayLevelMillis = DelayLevels.parse(v);
        messageDelayLevel = v;
        return this;
    }
    /** Delay of level i+1 in milliseconds. */
    public long[] delayLevelMillis() { return delayLevelMillis.clone(); }
    public boolean longPollingEnable() { return longPollingEnable; }
    public BrokerConfig longPollingEnable(boolean v) { longPollingEnable = v; return this; }
    public long shortPollingTimeMills() { return shortPollingTimeMills; }
    public int haListenPort() { return haListenPort; }
    public String haMasterAddress() { return haMasterAddress; }
    public BrokerConfig haListenPort(int v) { haListenPort = v; return this; }
    public BrokerConfig haMasterAddress(String v) { haMasterAddress = v; return this; }
    public int inSyncReplicas() { return inSyncReplicas; }
    public BrokerConfig inSyncReplicas(int v) { inSyncReplicas = v; return this; }
    public long slaveAckTimeoutMillis() { return slaveAckTimeoutMillis; }
    public BrokerConfig slaveAckTimeoutMillis(long v) { slaveAckTimeoutMillis = v; return this; }
    public long haMetadataSyncIntervalMillis() { return haMetadataSyncIntervalMillis; }
    public BrokerConfig haMetadataSyncIntervalMillis(long v) { haMetadataSyncIntervalMillis = v; return this; }
    public int accessMessageInMemoryMaxRatio() { return accessMessageInMemoryMaxRatio; }
    public BrokerConfig accessMessageInMemoryMaxRatio(int v) { accessMessageInMemoryMaxRatio = v; return this; }
    public long flushConsumerOffsetInterval() { return flushConsumerOffsetInterval; }
    public BrokerConfig flushConsumerOffsetInterval(long v) { flushConsumerOffsetInterval = v; return this; }
    public long flushDelayOffsetInterval() { return flushDelayOffsetInterval; }
    public BrokerConfig flushDelayOffsetInterval(long v) { flushDelayOffsetInterval = v; return this; }
    public long rebalanceLockMaxLiveTime() { return rebalanceLockMaxLiveTime; }
    public BrokerConfig rebalanceLockMaxLiveTime(long v) { rebalanceLockMaxLiveTime = v; return this; }
    public boolean traceOn() { return traceOn; }
    public String regionId() { return regionId; }
    public boolean storeReplyMessageEnable() { return storeReplyMessageEnable; }
    public int defaultQueryMaxNum() { return defaultQueryMaxNum; }
    public boolean notifyConsumerIdsChangedEnable() { return notifyConsumerIdsChangedEnable; }
    public int serverChannelMaxIdleTimeSeconds() { return serverChannelMaxIdleTimeSeconds; }

    /** {@code brokerIP1:listenPort} with the given actual port (listenPort may be 0). */
    public String brokerAddr(int actualPort) {
        return brokerIP1 + ":" + actualPort;
    }

    /** Whether the broker accepts writes (role and permission). */
    public boolean isWriteable() {
        return brokerRole.isMaster() && (brokerPermission & 2) != 0;
    }

    public boolean isReadable() {
        return (brokerPermission & 4) != 0;
    }
}
