package io.ferrymq.broker.config;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigReader;
import io.ferrymq.common.config.ConfigValues;
import io.ferrymq.common.config.ForeignKeys;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.tls.TlsSettings;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.MessageStoreConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Typed broker settings under RocketMQ's key names. Every key is defined once in {@link #DEF} (type, default,
 * allowed values, meaning, whether it may change at run time); {@code docs/configuration.md} is generated from it.
 * A broker file also carries the store's keys ({@link MessageStoreConfig#DEF}), held in {@link #storeValues()},
 * the client-facing network server's ({@link RemotingServerConfig#DEF}, in {@link #networkValues()}), the TLS keys
 * ({@link TlsSettings#DEF}, in {@link #tls()}), and may
 * carry any other key of Apache RocketMQ 5.3.3's broker: those are accepted and reported in {@link
 * #ignoredKeys()} (logged once at start with the reason they have no effect). Any other key is refused with the
 * closest known key suggested.
 *
 * <p>Values are held in {@link ConfigValues}, atomic per key: components read them from their own threads while
 * {@link #update} (UPDATE_BROKER_CONFIG, admin thread) may change the keys marked runtime.
 */
public final class BrokerConfig {
    public static final String DEFAULT_DELAY_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private static final ConfigDef.Builder KEYS = ConfigDef.builder("broker");

    public static final ConfigKey<String> BROKER_CLUSTER_NAME = KEYS.define(ConfigKey.string("brokerClusterName", "DefaultCluster")
            .doc("Cluster this broker group belongs to."));
    public static final ConfigKey<String> BROKER_NAME = KEYS.define(ConfigKey.string("brokerName", "broker-a")
            .doc("Broker group name (master and slaves share it)."));
    public static final ConfigKey<Long> BROKER_ID = KEYS.define(ConfigKey.longKey("brokerId", 0).range(0, 1024)
            .doc("0 for the master, > 0 for slaves."));
    public static final ConfigKey<String> NAMESRV_ADDR = KEYS.define(ConfigKey.custom("namesrvAddr", String.class, null, NamesrvAddresses::parse, "host:port separated by ';'")
            .doc("Required: the name servers to register with, host:port separated by ';'."));
    public static final ConfigKey<Integer> LISTEN_PORT = KEYS.define(ConfigKey.integer("listenPort", 10911).range(0, 65535)
            .doc("Port clients connect to (0 = any free port)."));
    public static final ConfigKey<String> BIND_ADDRESS = KEYS.define(ConfigKey.string("bindAddress", "0.0.0.0")
            .doc("Address the client port and the replication port bind to (RocketMQ's NettyServerConfig meaning); "
                    + "0.0.0.0 binds all interfaces."));
    public static final ConfigKey<String> BROKER_IP1 = KEYS.define(ConfigKey.string("brokerIP1", LocalAddress.guess())
                    .defaultText("first site-local IPv4 of the host, else 127.0.0.1")
            .doc("Address advertised to name servers and written as STOREHOST."));
    public static final ConfigKey<String> BROKER_IP2 = KEYS.define(ConfigKey.optionalString("brokerIP2")
            .doc("Address used for replication (defaults to brokerIP1)."));
    public static final ConfigKey<BrokerRole> BROKER_ROLE = KEYS.define(ConfigKey.enumKey("brokerRole", BrokerRole.class, BrokerRole.ASYNC_MASTER)
            .doc("ASYNC_MASTER, SYNC_MASTER or SLAVE (a slave rejects writes)."));
    public static final ConfigKey<FlushDiskType> FLUSH_DISK_TYPE = KEYS.define(ConfigKey.enumKey("flushDiskType", FlushDiskType.class, FlushDiskType.ASYNC_FLUSH)
            .doc("ASYNC_FLUSH or SYNC_FLUSH (passed to the store)."));
    public static final ConfigKey<String> STORE_PATH_ROOT_DIR = KEYS.define(ConfigKey.string("storePathRootDir", System.getProperty("user.home") + "/ferrymq-store")
                    .defaultText("~/ferrymq-store")
            .doc("Root directory of the store and the broker's config files."));
    public static final ConfigKey<Integer> BROKER_PERMISSION = KEYS.define(ConfigKey.integer("brokerPermission", 6).range(0, 7)
                    .runtime()
            .doc("Broker permission bits: 2 write, 4 read."));
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPIC_ENABLE = KEYS.define(ConfigKey.bool("autoCreateTopicEnable", false)
            .doc("Create unknown topics on first send (registers TBW102)."));
    public static final ConfigKey<Boolean> AUTO_CREATE_SUBSCRIPTION_GROUP = KEYS.define(ConfigKey.bool("autoCreateSubscriptionGroup", true)
                    .runtime()
            .doc("Create unknown consumer groups on first use."));
    public static final ConfigKey<Integer> DEFAULT_TOPIC_QUEUE_NUMS = KEYS.define(ConfigKey.integer("defaultTopicQueueNums", 8).range(1, 1024)
                    .runtime()
            .doc("Queues of auto-created topics."));
    public static final ConfigKey<Long> REGISTER_NAME_SERVER_PERIOD = KEYS.define(ConfigKey.longKey("registerNameServerPeriod", 5000).range(200, 60_000)
            .doc("Milliseconds between registrations with the name servers."));
    public static final ConfigKey<Long> REGISTER_BROKER_TIMEOUT_MILLS = KEYS.define(ConfigKey.longKey("registerBrokerTimeoutMills", 6000).range(100, 60_000)
            .doc("Timeout of one registration call."));
    public static final ConfigKey<Long> CHANNEL_EXPIRED_TIMEOUT = KEYS.define(ConfigKey.longKey("channelExpiredTimeout", 120_000).range(1000, 3_600_000)
                    .runtime()
            .doc("A client silent this long (ms) is dropped."));
    public static final ConfigKey<Integer> MAX_MESSAGE_SIZE = KEYS.define(ConfigKey.integer("maxMessageSize", 4 * 1024 * 1024).range(1024, 128 * 1024 * 1024)
                    .runtime()
            .doc("Largest accepted message body in bytes."));
    public static final ConfigKey<Integer> SEND_MESSAGE_THREAD_POOL_NUMS = KEYS.define(ConfigKey.integer("sendMessageThreadPoolNums", 4).range(1, 256)
            .doc("Threads of the send executor."));
    public static final ConfigKey<Boolean> SEND_MESSAGE_ON_IO_THREAD = KEYS.define(ConfigKey.bool("sendMessageOnIoThread", true)
            .doc("Process sends to existing topics on the network I/O thread instead of the send executor, and flush "
                    + "the answers of one read burst together; sends that may block (topic or group auto-creation, "
                    + "retry topics) and sends arriving while the store's appender is busy go to the executor "
                    + "(docs/architecture.md, section Threads of a send). false: every send goes to the executor."));
    public static final ConfigKey<Long> WAIT_TIME_MILLIS_IN_SEND_QUEUE = KEYS.define(ConfigKey.longKey("waitTimeMillisInSendQueue", 200).range(0, 60_000)
                    .runtime().alias("waitTimeMillsInSendQueue")
            .doc("A send that waited longer than this (ms) between its arrival and its processing is answered "
                    + "SYSTEM_BUSY '[TIMEOUT_CLEAN_QUEUE]' instead of stored, so its producer retries on another broker "
                    + "before its own timeout (Apache RocketMQ's waitTimeMillsInSendQueue); 0 turns the check off."));
    public static final ConfigKey<Integer> PULL_MESSAGE_THREAD_POOL_NUMS = KEYS.define(ConfigKey.integer("pullMessageThreadPoolNums", 16).range(1, 512)
            .doc("Threads of the pull executor."));
    public static final ConfigKey<Integer> ADMIN_BROKER_THREAD_POOL_NUMS = KEYS.define(ConfigKey.integer("adminBrokerThreadPoolNums", 4).range(1, 256)
            .doc("Threads of the admin executor."));
    public static final ConfigKey<Integer> CLIENT_MANAGE_THREAD_POOL_NUMS = KEYS.define(ConfigKey.integer("clientManageThreadPoolNums", 4).range(1, 256)
            .doc("Threads for heartbeats and offsets."));
    public static final ConfigKey<Integer> SEND_THREAD_POOL_QUEUE_CAPACITY = KEYS.define(ConfigKey.integer("sendThreadPoolQueueCapacity", 10_000).range(1, 10_000_000)
            .doc("Queued sends before SYSTEM_BUSY."));
    public static final ConfigKey<Integer> PULL_THREAD_POOL_QUEUE_CAPACITY = KEYS.define(ConfigKey.integer("pullThreadPoolQueueCapacity", 100_000).range(1, 10_000_000)
            .doc("Queued pulls before SYSTEM_BUSY."));
    public static final ConfigKey<Integer> CLIENT_MANAGER_THREAD_POOL_QUEUE_CAPACITY = KEYS.define(ConfigKey.integer("clientManagerThreadPoolQueueCapacity", 100_000).range(1, 10_000_000)
            .doc("Queued heartbeats/offset calls before SYSTEM_BUSY."));
    public static final ConfigKey<String> MESSAGE_DELAY_LEVEL = KEYS.define(ConfigKey.custom("messageDelayLevel", String.class, DEFAULT_DELAY_LEVELS, t -> {
                DelayLevels.parse(t);
                return t;
            }, "durations with units ms s m h d, separated by spaces")
            .doc("Delay of each level, e.g. '1s 5s 10s 30s 1m' (units ms s m h d)."));
    public static final ConfigKey<Boolean> LONG_POLLING_ENABLE = KEYS.define(ConfigKey.bool("longPollingEnable", true)
                    .runtime()
            .doc("Hold empty pulls until a message arrives or the client's timeout."));
    public static final ConfigKey<Long> SHORT_POLLING_TIME_MILLS = KEYS.define(ConfigKey.longKey("shortPollingTimeMills", 1000).range(0, 30_000)
                    .runtime()
            .doc("Hold time of empty pulls when long polling is off."));
    public static final ConfigKey<Integer> HA_LISTEN_PORT = KEYS.define(ConfigKey.integer("haListenPort", 10912).range(0, 65535)
            .doc("Master: port slaves pull the commit log from, bound on all interfaces and "
                    + "registered as haServerAddr = brokerIP2:haListenPort (0 = any free port)."));
    public static final ConfigKey<String> HA_MASTER_ADDRESS = KEYS.define(ConfigKey.optionalString("haMasterAddress")
            .doc("Slave: master's replication address ip:port; when unset the slave "
                    + "takes it from the name servers' registration answer (haServerAddr)."));
    public static final ConfigKey<Integer> IN_SYNC_REPLICAS = KEYS.define(ConfigKey.integer("inSyncReplicas", 1).range(1, 16)
            .doc("SYNC_MASTER: slaves that must hold a message before its send is "
                    + "acknowledged (fewer connected: SLAVE_NOT_AVAILABLE)."));
    public static final ConfigKey<Long> SLAVE_ACK_TIMEOUT_MILLIS = KEYS.define(ConfigKey.longKey("slaveAckTimeoutMillis", 3000).range(10, 60_000)
                    .runtime()
            .doc("SYNC_MASTER: how long a send waits for its slave copies before "
                    + "FLUSH_SLAVE_TIMEOUT; keep it below the clients' send timeout (3 s)."));
    public static final ConfigKey<Long> HA_RESTORE_WAIT_MILLIS = KEYS.define(ConfigKey.longKey("haRestoreWaitMillis", 10_000).range(0, 300_000)
            .doc("SYNC_MASTER: after its start the master refuses puts (SERVICE_NOT_AVAILABLE) until a slave reports "
                    + "its offset, at most this long, so a master that lost commit log its slave holds restores it "
                    + "from the slave first (0: no wait). ASYNC_MASTER never waits."));
    public static final ConfigKey<Long> HA_METADATA_SYNC_INTERVAL_MILLIS = KEYS.define(ConfigKey.longKey("haMetadataSyncIntervalMillis", 3000).range(100, 600_000)
            .doc("Slave: milliseconds between copies of the master's topics, "
                    + "subscription groups, consumer offsets and delay progress."));
    public static final ConfigKey<Integer> ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO = KEYS.define(ConfigKey.integer("accessMessageInMemoryMaxRatio", 40).range(0, 100)
                    .runtime()
            .doc("A consumer further behind than this percentage of "
                    + "physical memory (commit-log bytes) is told to pull from a slave (the group's "
                    + "whichBrokerWhenConsumeSlowly); 0 always suggests the slave."));
    public static final ConfigKey<Boolean> SLAVE_READ_ENABLE = KEYS.define(ConfigKey.bool("slaveReadEnable", true)
            .runtime()
            .doc("Whether a pull that lags beyond accessMessageInMemoryMaxRatio is told to read from a slave "
                    + "(RocketMQ's meaning; false always suggests the master). FerryMQ's default is true, RocketMQ's "
                    + "false."));
    public static final ConfigKey<Long> FLUSH_CONSUMER_OFFSET_INTERVAL = KEYS.define(ConfigKey.longKey("flushConsumerOffsetInterval", 5000).range(10, 600_000)
            .doc("Milliseconds between consumer-offset file writes."));
    public static final ConfigKey<Long> FLUSH_DELAY_OFFSET_INTERVAL = KEYS.define(ConfigKey.longKey("flushDelayOffsetInterval", 1000).range(10, 600_000)
            .doc("Milliseconds between scheduled-message progress writes."));
    public static final ConfigKey<Long> REBALANCE_LOCK_MAX_LIVE_TIME = KEYS.define(ConfigKey.longKey("rebalanceLockMaxLiveTime", 60_000).range(1000, 3_600_000)
                    .runtime()
            .doc("Orderly queue locks expire this long (ms) after renewal."));
    public static final ConfigKey<Boolean> TRACE_ON = KEYS.define(ConfigKey.bool("traceOn", true)
                    .runtime()
            .doc("Value of TRACE_ON sent back with every send."));
    public static final ConfigKey<String> REGION_ID = KEYS.define(ConfigKey.string("regionId", "DefaultRegion")
                    .runtime()
            .doc("Value of MSG_REGION sent back with every send."));
    public static final ConfigKey<Boolean> STORE_REPLY_MESSAGE_ENABLE = KEYS.define(ConfigKey.bool("storeReplyMessageEnable", true)
                    .runtime()
            .doc("Also store reply messages in <cluster>_REPLY_TOPIC."));
    public static final ConfigKey<Integer> DEFAULT_QUERY_MAX_NUM = KEYS.define(ConfigKey.integer("defaultQueryMaxNum", 32).range(1, 10_000)
                    .runtime()
            .doc("Result cap of unique-key message queries."));
    public static final ConfigKey<Boolean> NOTIFY_CONSUMER_IDS_CHANGED_ENABLE = KEYS.define(ConfigKey.bool("notifyConsumerIdsChangedEnable", true)
                    .runtime()
            .doc("Tell consumers when their group changes."));
    public static final ConfigKey<Long> CONSUMER_LIST_SETTLE_MILLIS = KEYS.define(ConfigKey.longKey("consumerListSettleMillis", 4000).range(0, 600_000)
                    .runtime()
            .doc("After the broker starts, or resumes after its process was stopped, it does not answer the member list of a group that consumed here for this long (its members are still reconnecting; a partial list makes them allocate queues twice or to nobody), then tells the members to rebalance; 0: answer at once."));
    public static final ConfigKey<Long> NOTIFY_CONSUMER_IDS_CHANGED_DELAY_MILLIS = KEYS.define(ConfigKey.longKey("notifyConsumerIdsChangedDelayMillis", 500).range(0, 10_000)
                    .runtime()
            .doc("How long after a group changes its members are notified: a client heartbeats (or unregisters from) the brokers one after the other, and a member notified by the first one would read the member list of one that has not seen the change yet; 0: at once, as RocketMQ."));
    public static final ConfigKey<Long> NOTIFY_CONSUMER_IDS_CHANGED_AGAIN_MILLIS = KEYS.define(ConfigKey.longKey("notifyConsumerIdsChangedAgainMillis", 1500).range(0, 60_000)
                    .runtime()
            .doc("After a group changes, notify its members once more when it has been quiet this long, so a member whose rebalance could not read the member list rebalances again instead of in 20 s; 0: never."));
    public static final ConfigKey<Integer> SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS = KEYS.define(ConfigKey.integer("serverChannelMaxIdleTimeSeconds", 120).range(0, 86_400)
            .doc("Client connections idle this long are closed."));
    // transactions and timer messages (issue 17)
    public static final ConfigKey<Long> TRANSACTION_TIME_OUT = KEYS.define(ConfigKey.longKey("transactionTimeOut", 6000).range(0, 86_400_000)
                    .runtime()
            .doc("Milliseconds a half message is left alone before its producer is first asked for its state (a "
                    + "message's CHECK_IMMUNITY_TIME_IN_SECONDS overrides it)."));
    public static final ConfigKey<Integer> TRANSACTION_CHECK_MAX = KEYS.define(ConfigKey.integer("transactionCheckMax", 15).range(1, 10_000)
                    .runtime()
            .doc("Checks of one undecided half message before it is discarded to TRANS_CHECK_MAX_TIME_TOPIC "
                    + "(counted as fault transaction.check_max_exceeded)."));
    public static final ConfigKey<Long> TRANSACTION_CHECK_INTERVAL = KEYS.define(ConfigKey.longKey("transactionCheckInterval", 30_000).range(100, 86_400_000)
                    .runtime()
            .doc("Milliseconds between two checks of one undecided half message."));
    public static final ConfigKey<Boolean> TIMER_WHEEL_ENABLE = KEYS.define(ConfigKey.bool("timerWheelEnable", true)
            .doc("Accept timer messages (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS); when false they are "
                    + "refused with MESSAGE_ILLEGAL."));
    public static final ConfigKey<Integer> TIMER_MAX_DELAY_SEC = KEYS.define(ConfigKey.integer("timerMaxDelaySec", 3 * 24 * 3600).range(1, 400 * 24 * 3600)
                    .runtime()
            .doc("Longest delay of a timer message in seconds; a later delivery time is refused with "
                    + "MESSAGE_ILLEGAL."));
    public static final ConfigKey<Boolean> ENABLE_PROPERTY_FILTER = KEYS.define(ConfigKey.bool("enablePropertyFilter", false)
                    .runtime()
            .doc("Allow SQL92 subscriptions (MessageSelector.bySql); when off they are refused with SYSTEM_ERROR as in RocketMQ."));
    public static final ConfigKey<Boolean> TRACE_TOPIC_ENABLE = KEYS.define(ConfigKey.bool("traceTopicEnable", false)
            .doc("Create the message-trace topic (msgTraceTopicName) at start so clients with enableMsgTrace find a route to it."));
    public static final ConfigKey<String> MSG_TRACE_TOPIC_NAME = KEYS.define(ConfigKey.string("msgTraceTopicName", "RMQ_SYS_TRACE_TOPIC")
            .doc("Name of the message-trace topic created when traceTopicEnable is on."));

    // security (issue 16)
    public static final ConfigKey<Boolean> ACL_ENABLE = KEYS.define(ConfigKey.bool("aclEnable", false)
            .doc("Refuse every request not signed by an account of aclFile that has the permission it needs "
                    + "(see docs/security.md)."));
    public static final ConfigKey<String> ACL_FILE = KEYS.define(ConfigKey.string("aclFile", "conf/plain_acl.yml")
            .doc("ACL accounts (YAML, plain_acl.yml shape), reloaded when it changes; a relative path is resolved "
                    + "against the working directory (FERRYMQ_HOME for bin/ferry-broker)."));
    public static final ConfigKey<String> INNER_ACCESS_KEY = KEYS.define(ConfigKey.optionalString("innerAccessKey")
            .doc("Access key this broker signs its calls to the name servers with (needed when they run with ACL "
                    + "on; an admin account)."));
    public static final ConfigKey<String> INNER_SECRET_KEY = KEYS.define(ConfigKey.optionalString("innerSecretKey")
            .doc("Secret key of innerAccessKey; shown as ****** by GET_BROKER_CONFIG."));

    /** Keys whose values are secrets: never shown by GET_BROKER_CONFIG nor in log lines. */
    public static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("innerSecretKey");
    // metrics (issue 11)
    public static final ConfigKey<Integer> METRICS_PORT = KEYS.define(ConfigKey.integer("metricsPort", 0).range(0, 65535)
            .doc("HTTP port serving Prometheus /metrics, bound on all interfaces (0 = no metrics endpoint)."));
    public static final ConfigKey<Integer> METRICS_LABEL_LIMIT = KEYS.define(ConfigKey.integer("metricsLabelLimit", 1000).range(1, 100_000)
            .doc("Most topics (and most groups) given series of their own in /metrics; the rest are summed under "
                    + "topic or group \"other\"."));
    public static final ConfigKey<Long> METRICS_REFRESH_MILLIS = KEYS.define(ConfigKey.longKey("metricsRefreshMillis", 5000).range(100, 600_000)
            .doc("Milliseconds between computations of consumer lag, DLQ depth and new label series for /metrics "
                    + "(not done per scrape)."));

    /** Every broker key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values = DEF.defaults();
    private final ConfigValues storeValues = MessageStoreConfig.DEF.defaults();
    private final ConfigValues networkValues = RemotingServerConfig.DEF.defaults();
    private final ConfigValues tlsValues = TlsSettings.DEF.defaults();
    private final List<ConfigReader.IgnoredKey> ignoredKeys = new ArrayList<>();
    private final DelayLevels.LastParsed delayLevels = new DelayLevels.LastParsed();

    public BrokerConfig() {
    }

    /**
     * Builds a config from a broker file's properties: broker keys first, then the store's keys, then keys only
     * Apache RocketMQ knows (accepted, reported in {@link #ignoredKeys()}).
     *
     * @throws IllegalArgumentException naming the first unknown key (with the closest known one) or bad value
     */
    public static BrokerConfig fromProperties(Properties props) {
        BrokerConfig c = new BrokerConfig();
        if (props.containsKey(RemotingServerConfig.CHANNEL_MAX_IDLE_SECONDS.name())) {
            // The broker's own key (RocketMQ's name) sets the client connections' idle time; two names for one
            // setting in one file would leave the reader guessing which wins.
            throw new ConfigException(RemotingServerConfig.CHANNEL_MAX_IDLE_SECONDS.name(), "broker config '"
                    + RemotingServerConfig.CHANNEL_MAX_IDLE_SECONDS.name() + "' is not read by the broker; set '"
                    + SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS.name() + "' instead");
        }
        c.ignoredKeys.addAll(new ConfigReader("broker", List.of(c.values, c.storeValues, c.networkValues, c.tlsValues),
                ForeignKeys.rocketMqBroker()).read(props));
        return c.validate();
    }

    /** The RocketMQ keys of the file this config was read from that have no effect in FerryMQ, with why. */
    public List<ConfigReader.IgnoredKey> ignoredKeys() {
        return List.copyOf(ignoredKeys);
    }

    /** Cross-field checks; returns this. */
    public BrokerConfig validate() {
        validate(values);
        return this;
    }

    private static void validate(ConfigValues v) {
        BrokerRole role = v.get(BROKER_ROLE);
        long id = v.get(BROKER_ID);
        if (role == BrokerRole.SLAVE && id == 0) {
            throw new IllegalArgumentException("broker config 'brokerId' must be > 0 when brokerRole is SLAVE");
        }
        if (role != BrokerRole.SLAVE && id != 0) {
            throw new IllegalArgumentException("broker config 'brokerId' must be 0 when brokerRole is " + role);
        }
        if ((v.get(INNER_ACCESS_KEY) == null) != (v.get(INNER_SECRET_KEY) == null)) {
            throw new IllegalArgumentException("broker config 'innerAccessKey' and 'innerSecretKey' must be set "
                    + "together (or neither)");
        }
        String name = v.get(BROKER_NAME);
        if (!name.matches("[%|a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("broker config 'brokerName' = '" + name
                    + "' may only contain letters, digits, '_', '-', '%' and '|'");
        }
    }

    /**
     * Applies changes at runtime (UPDATE_BROKER_CONFIG). Only keys marked runtime may change this way: anything
     * else (paths, ports, identities, thread pools, the store's and network keys, keys we do not know such as
     * RocketMQ's {@code filterServerNums} or {@code rocketmqHome}) is refused, so a remote caller can never point
     * the broker at a file, a directory, a class or a command. All keys and values are checked first; nothing is
     * changed when one is refused.
     *
     * @throws IllegalArgumentException naming the first refused key or bad value
     */
    public synchronized void update(Properties changes) {
        String refused = RuntimeChanges.refusedAtRunTime(changes);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        validate(values.copy().apply(changes));
        values.apply(changes);
    }

    /** All broker keys with their current values, then the store and network keys the broker does not define. */
    public synchronized Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>(values.asMap());
        for (String secret : SECRET_KEYS) {
            String v = m.get(secret);
            if (v != null && !v.isEmpty()) {
                m.put(secret, "******");
            }
        }
        storeValues.asMap().forEach(m::putIfAbsent);
        networkValues.asMap().forEach((k, v) -> {
            if (!k.equals(RemotingServerConfig.CHANNEL_MAX_IDLE_SECONDS.name())) {
                m.putIfAbsent(k, v);
            }
        });
        tlsValues.asMap().forEach((k, v) -> m.putIfAbsent(k,
                TlsSettings.SECRET_KEYS.contains(k) && !v.isEmpty() ? "******" : v));
        return m;
    }

    /**
     * The TLS keys read from the broker file: what the client and replication ports accept and whether the broker's
     * own connections (to name servers, a slave's to its master) use TLS.
     */
    public TlsSettings tls() {
        return new TlsSettings(tlsValues);
    }

    /**
     * The client-facing network server's keys read from the broker file (Netty threads, permits...);
     * bindAddress, listenPort and serverChannelMaxIdleTimeSeconds come from the broker's own keys.
     */
    public ConfigValues networkValues() {
        return networkValues;
    }

    /** The store's keys read from the broker file; storePathRootDir, flushDiskType, maxMessageSize come from the broker's. */
    public ConfigValues storeValues() {
        return storeValues;
    }

    // ---------------------------------------------------------------- accessors

    /** Name-server addresses, in configured order (empty when none). */
    public List<String> namesrvAddrList() {
        return NamesrvAddresses.split(values.get(NAMESRV_ADDR));
    }

    public String brokerClusterName() { return values.get(BROKER_CLUSTER_NAME); }
    public BrokerConfig brokerClusterName(String v) { values.set(BROKER_CLUSTER_NAME, v); return this; }
    public String brokerName() { return values.get(BROKER_NAME); }
    public BrokerConfig brokerName(String v) { values.set(BROKER_NAME, v); return this; }
    public long brokerId() { return values.get(BROKER_ID); }
    public BrokerConfig brokerId(long v) { values.set(BROKER_ID, v); return this; }
    public String namesrvAddr() { return values.get(NAMESRV_ADDR); }
    public BrokerConfig namesrvAddr(String v) { values.setText(NAMESRV_ADDR.name(), v == null ? "" : v); return this; }
    public int listenPort() { return values.get(LISTEN_PORT); }
    public BrokerConfig listenPort(int v) { values.set(LISTEN_PORT, v); return this; }
    public String brokerIP1() { return values.get(BROKER_IP1); }
    public BrokerConfig brokerIP1(String v) { values.set(BROKER_IP1, v); return this; }
    public String brokerIP2() {
        String ip2 = values.get(BROKER_IP2);
        return ip2 == null ? brokerIP1() : ip2;
    }
    public BrokerRole brokerRole() { return values.get(BROKER_ROLE); }
    public BrokerConfig brokerRole(BrokerRole v) { values.set(BROKER_ROLE, v); return this; }
    public FlushDiskType flushDiskType() { return values.get(FLUSH_DISK_TYPE); }
    public BrokerConfig flushDiskType(FlushDiskType v) { values.set(FLUSH_DISK_TYPE, v); return this; }
    public String storePathRootDir() { return values.get(STORE_PATH_ROOT_DIR); }
    public BrokerConfig storePathRootDir(String v) { values.set(STORE_PATH_ROOT_DIR, v); return this; }
    public int brokerPermission() { return values.get(BROKER_PERMISSION); }
    public BrokerConfig brokerPermission(int v) { values.set(BROKER_PERMISSION, v); return this; }
    public boolean autoCreateTopicEnable() { return values.get(AUTO_CREATE_TOPIC_ENABLE); }
    public BrokerConfig autoCreateTopicEnable(boolean v) { values.set(AUTO_CREATE_TOPIC_ENABLE, v); return this; }
    public boolean autoCreateSubscriptionGroup() { return values.get(AUTO_CREATE_SUBSCRIPTION_GROUP); }
    public BrokerConfig autoCreateSubscriptionGroup(boolean v) { values.set(AUTO_CREATE_SUBSCRIPTION_GROUP, v); return this; }
    public int defaultTopicQueueNums() { return values.get(DEFAULT_TOPIC_QUEUE_NUMS); }
    public BrokerConfig defaultTopicQueueNums(int v) { values.set(DEFAULT_TOPIC_QUEUE_NUMS, v); return this; }
    public long registerNameServerPeriod() { return values.get(REGISTER_NAME_SERVER_PERIOD); }
    public BrokerConfig registerNameServerPeriod(long v) { values.set(REGISTER_NAME_SERVER_PERIOD, v); return this; }
    public long registerBrokerTimeoutMills() { return values.get(REGISTER_BROKER_TIMEOUT_MILLS); }
    public long channelExpiredTimeout() { return values.get(CHANNEL_EXPIRED_TIMEOUT); }
    public BrokerConfig channelExpiredTimeout(long v) { values.set(CHANNEL_EXPIRED_TIMEOUT, v); return this; }
    public int maxMessageSize() { return values.get(MAX_MESSAGE_SIZE); }
    public BrokerConfig maxMessageSize(int v) { values.set(MAX_MESSAGE_SIZE, v); return this; }
    public boolean sendMessageOnIoThread() { return values.get(SEND_MESSAGE_ON_IO_THREAD); }
    public BrokerConfig sendMessageOnIoThread(boolean v) { values.set(SEND_MESSAGE_ON_IO_THREAD, v); return this; }
    public long waitTimeMillisInSendQueue() { return values.get(WAIT_TIME_MILLIS_IN_SEND_QUEUE); }
    public BrokerConfig waitTimeMillisInSendQueue(long v) { values.set(WAIT_TIME_MILLIS_IN_SEND_QUEUE, v); return this; }
    public int sendMessageThreadPoolNums() { return values.get(SEND_MESSAGE_THREAD_POOL_NUMS); }
    public BrokerConfig sendMessageThreadPoolNums(int v) { values.set(SEND_MESSAGE_THREAD_POOL_NUMS, v); return this; }
    public int pullMessageThreadPoolNums() { return values.get(PULL_MESSAGE_THREAD_POOL_NUMS); }
    public int adminBrokerThreadPoolNums() { return values.get(ADMIN_BROKER_THREAD_POOL_NUMS); }
    public int clientManageThreadPoolNums() { return values.get(CLIENT_MANAGE_THREAD_POOL_NUMS); }
    public int sendThreadPoolQueueCapacity() { return values.get(SEND_THREAD_POOL_QUEUE_CAPACITY); }
    public BrokerConfig sendThreadPoolQueueCapacity(int v) { values.set(SEND_THREAD_POOL_QUEUE_CAPACITY, v); return this; }
    public int pullThreadPoolQueueCapacity() { return values.get(PULL_THREAD_POOL_QUEUE_CAPACITY); }
    public int clientManagerThreadPoolQueueCapacity() { return values.get(CLIENT_MANAGER_THREAD_POOL_QUEUE_CAPACITY); }
    public String messageDelayLevel() { return values.get(MESSAGE_DELAY_LEVEL); }
    public BrokerConfig messageDelayLevel(String v) { values.set(MESSAGE_DELAY_LEVEL, v); return this; }
    /** Delay of level i+1 in milliseconds (a copy: callers may keep it). */
    public long[] delayLevelMillis() { return delayLevels.parse(values.get(MESSAGE_DELAY_LEVEL)).clone(); }
    /** How many delay levels there are; asked on the send path for every message, so it re-parses nothing. */
    public int delayLevelCount() { return delayLevels.parse(values.get(MESSAGE_DELAY_LEVEL)).length; }

    public boolean longPollingEnable() { return values.get(LONG_POLLING_ENABLE); }
    public BrokerConfig longPollingEnable(boolean v) { values.set(LONG_POLLING_ENABLE, v); return this; }
    public long shortPollingTimeMills() { return values.get(SHORT_POLLING_TIME_MILLS); }
    public int haListenPort() { return values.get(HA_LISTEN_PORT); }
    public String haMasterAddress() { return values.get(HA_MASTER_ADDRESS); }
    public BrokerConfig haListenPort(int v) { values.set(HA_LISTEN_PORT, v); return this; }
    public BrokerConfig haMasterAddress(String v) { values.set(HA_MASTER_ADDRESS, v); return this; }
    public int inSyncReplicas() { return values.get(IN_SYNC_REPLICAS); }
    public BrokerConfig inSyncReplicas(int v) { values.set(IN_SYNC_REPLICAS, v); return this; }
    public long slaveAckTimeoutMillis() { return values.get(SLAVE_ACK_TIMEOUT_MILLIS); }
    public BrokerConfig slaveAckTimeoutMillis(long v) { values.set(SLAVE_ACK_TIMEOUT_MILLIS, v); return this; }
    public long haRestoreWaitMillis() { return values.get(HA_RESTORE_WAIT_MILLIS); }
    public BrokerConfig haRestoreWaitMillis(long v) { values.set(HA_RESTORE_WAIT_MILLIS, v); return this; }
    public long haMetadataSyncIntervalMillis() { return values.get(HA_METADATA_SYNC_INTERVAL_MILLIS); }
    public BrokerConfig haMetadataSyncIntervalMillis(long v) { values.set(HA_METADATA_SYNC_INTERVAL_MILLIS, v); return this; }
    public String bindAddress() { return values.get(BIND_ADDRESS); }
    public BrokerConfig bindAddress(String v) { values.set(BIND_ADDRESS, v); return this; }
    public boolean slaveReadEnable() { return values.get(SLAVE_READ_ENABLE); }
    public BrokerConfig slaveReadEnable(boolean v) { values.set(SLAVE_READ_ENABLE, v); return this; }
    public int accessMessageInMemoryMaxRatio() { return values.get(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO); }
    public BrokerConfig accessMessageInMemoryMaxRatio(int v) { values.set(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, v); return this; }
    public long flushConsumerOffsetInterval() { return values.get(FLUSH_CONSUMER_OFFSET_INTERVAL); }
    public BrokerConfig flushConsumerOffsetInterval(long v) { values.set(FLUSH_CONSUMER_OFFSET_INTERVAL, v); return this; }
    public long flushDelayOffsetInterval() { return values.get(FLUSH_DELAY_OFFSET_INTERVAL); }
    public BrokerConfig flushDelayOffsetInterval(long v) { values.set(FLUSH_DELAY_OFFSET_INTERVAL, v); return this; }
    public long rebalanceLockMaxLiveTime() { return values.get(REBALANCE_LOCK_MAX_LIVE_TIME); }
    public BrokerConfig rebalanceLockMaxLiveTime(long v) { values.set(REBALANCE_LOCK_MAX_LIVE_TIME, v); return this; }
    public boolean aclEnable() { return values.get(ACL_ENABLE); }
    public BrokerConfig aclEnable(boolean v) { values.set(ACL_ENABLE, v); return this; }
    public String aclFile() { return values.get(ACL_FILE); }
    public BrokerConfig aclFile(String v) { values.set(ACL_FILE, v); return this; }
    public String innerAccessKey() { return values.get(INNER_ACCESS_KEY); }
    public String innerSecretKey() { return values.get(INNER_SECRET_KEY); }
    /** The account this broker signs its own outbound calls with. */
    public BrokerConfig innerCredentials(String accessKey, String secretKey) {
        values.set(INNER_ACCESS_KEY, accessKey);
        values.set(INNER_SECRET_KEY, secretKey);
        return this;
    }
    public boolean traceOn() { return values.get(TRACE_ON); }
    public String regionId() { return values.get(REGION_ID); }
    public boolean enablePropertyFilter() { return values.get(ENABLE_PROPERTY_FILTER); }
    public BrokerConfig enablePropertyFilter(boolean v) { values.set(ENABLE_PROPERTY_FILTER, v); return this; }
    public boolean traceTopicEnable() { return values.get(TRACE_TOPIC_ENABLE); }
    public BrokerConfig traceTopicEnable(boolean v) { values.set(TRACE_TOPIC_ENABLE, v); return this; }
    public String msgTraceTopicName() { return values.get(MSG_TRACE_TOPIC_NAME); }
    public BrokerConfig msgTraceTopicName(String v) { values.set(MSG_TRACE_TOPIC_NAME, v); return this; }
    public boolean storeReplyMessageEnable() { return values.get(STORE_REPLY_MESSAGE_ENABLE); }
    public int defaultQueryMaxNum() { return values.get(DEFAULT_QUERY_MAX_NUM); }
    public boolean notifyConsumerIdsChangedEnable() { return values.get(NOTIFY_CONSUMER_IDS_CHANGED_ENABLE); }
    public long notifyConsumerIdsChangedAgainMillis() { return values.get(NOTIFY_CONSUMER_IDS_CHANGED_AGAIN_MILLIS); }
    public long notifyConsumerIdsChangedDelayMillis() { return values.get(NOTIFY_CONSUMER_IDS_CHANGED_DELAY_MILLIS); }
    public long consumerListSettleMillis() { return values.get(CONSUMER_LIST_SETTLE_MILLIS); }
    public int serverChannelMaxIdleTimeSeconds() { return values.get(SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS); }
    public BrokerConfig serverChannelMaxIdleTimeSeconds(int v) { values.set(SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS, v); return this; }
    // transactions and timer messages (issue 17)
    public long transactionTimeOut() { return values.get(TRANSACTION_TIME_OUT); }
    public BrokerConfig transactionTimeOut(long v) { values.set(TRANSACTION_TIME_OUT, v); return this; }
    public int transactionCheckMax() { return values.get(TRANSACTION_CHECK_MAX); }
    public BrokerConfig transactionCheckMax(int v) { values.set(TRANSACTION_CHECK_MAX, v); return this; }
    public long transactionCheckInterval() { return values.get(TRANSACTION_CHECK_INTERVAL); }
    public BrokerConfig transactionCheckInterval(long v) { values.set(TRANSACTION_CHECK_INTERVAL, v); return this; }
    public boolean timerWheelEnable() { return values.get(TIMER_WHEEL_ENABLE); }
    public BrokerConfig timerWheelEnable(boolean v) { values.set(TIMER_WHEEL_ENABLE, v); return this; }
    public int timerMaxDelaySec() { return values.get(TIMER_MAX_DELAY_SEC); }
    public BrokerConfig timerMaxDelaySec(int v) { values.set(TIMER_MAX_DELAY_SEC, v); return this; }
    public int metricsPort() { return values.get(METRICS_PORT); }
    public BrokerConfig metricsPort(int v) { values.set(METRICS_PORT, v); return this; }
    public int metricsLabelLimit() { return values.get(METRICS_LABEL_LIMIT); }
    public BrokerConfig metricsLabelLimit(int v) { values.set(METRICS_LABEL_LIMIT, v); return this; }
    public long metricsRefreshMillis() { return values.get(METRICS_REFRESH_MILLIS); }
    public BrokerConfig metricsRefreshMillis(long v) { values.set(METRICS_REFRESH_MILLIS, v); return this; }

    /** {@code brokerIP1:listenPort} with the given actual port (listenPort may be 0). */
    public String brokerAddr(int actualPort) {
        return brokerIP1() + ":" + actualPort;
    }

    /** Whether the broker accepts writes (role and permission). */
    public boolean isWriteable() {
        return brokerRole().isMaster() && (brokerPermission() & 2) != 0;
    }

    public boolean isReadable() {
        return (brokerPermission() & 4) != 0;
    }
}
