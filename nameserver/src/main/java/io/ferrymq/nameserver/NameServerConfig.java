package io.ferrymq.nameserver;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigReader;
import io.ferrymq.common.config.ConfigValues;
import io.ferrymq.common.config.ForeignKeys;
import io.ferrymq.remoting.tls.TlsSettings;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Settings of the name server: each key defined once in {@link #DEF} with its default, allowed values, meaning and
 * whether it may change while running. Loaded from a properties file ({@code -c}); an unknown key or a bad value
 * fails with a message naming it (and the closest known key). Keys of Apache RocketMQ 5.3.3's name server that
 * FerryMQ has no use for are accepted and reported in {@link #ignoredKeys()}.
 *
 * <p>Keys marked runtime may also be changed while running with UPDATE_NAMESRV_CONFIG; values are atomic per key.
 */
public final class NameServerConfig {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("name server");

    public static final ConfigKey<Integer> LISTEN_PORT = KEYS.define(ConfigKey.integer("listenPort", 9876)
            .range(0, 65535).doc("TCP port to listen on (0 = any free port)."));
    public static final ConfigKey<String> BIND_ADDRESS = KEYS.define(ConfigKey.string("bindAddress", "0.0.0.0")
            .doc("Address to bind; 0.0.0.0 binds all interfaces."));
    public static final ConfigKey<Long> BROKER_EXPIRED_MILLIS = KEYS.define(
            ConfigKey.longKey("brokerExpiredMillis", 10_000).range(100, 3_600_000).runtime()
                    .doc("A broker not heard from for this long is dropped, unless its registration carries its own "
                            + "heartbeatTimeoutMillis."));
    public static final ConfigKey<Long> SCAN_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("scanIntervalMillis", 1_000).range(10, 60_000).alias("scanNotActiveBrokerInterval")
                    .doc("How often expired brokers are looked for, in milliseconds."));
    public static final ConfigKey<Integer> CHANNEL_MAX_IDLE_SECONDS = KEYS.define(
            ConfigKey.integer("channelMaxIdleSeconds", 120).range(0, 86_400)
                    .alias("serverChannelMaxIdleTimeSeconds")
                    .doc("Connections idle this long are closed (0 = never)."));
    public static final ConfigKey<Integer> MAX_CONNECTIONS = KEYS.define(
            ConfigKey.integer("maxConnections", 20_000).range(1, 1_000_000)
                    .doc("Most client and broker connections open at once; a connection beyond it is closed as soon "
                            + "as it is accepted, with a WARN naming the limit (at most one line a second)."));
    public static final ConfigKey<Integer> IO_THREADS = KEYS.define(ConfigKey.integer("ioThreads", 2).range(1, 64)
            .alias("serverSelectorThreads").doc("Network I/O threads."));
    public static final ConfigKey<Integer> ROUTE_THREADS = KEYS.define(ConfigKey.integer("routeThreads", 4)
            .range(1, 64).alias("clientRequestThreadPoolNums")
            .doc("Threads answering route and topic-list queries."));
    public static final ConfigKey<Integer> ADMIN_THREADS = KEYS.define(ConfigKey.integer("adminThreads", 2)
            .range(1, 64).alias("defaultThreadPoolNums")
            .doc("Threads handling broker registration, admin and KV requests."));
    public static final ConfigKey<Integer> REQUEST_QUEUE_CAPACITY = KEYS.define(
            ConfigKey.integer("requestQueueCapacity", 10_000).range(16, 1_000_000)
                    .doc("Requests queued per thread pool before SYSTEM_BUSY."));
    public static final ConfigKey<Boolean> ORDER_MESSAGE_ENABLE = KEYS.define(
            ConfigKey.bool("orderMessageEnable", false).runtime()
                    .doc("Fill a route's orderTopicConf from the ORDER_TOPIC_CONFIG KV namespace."));
    public static final ConfigKey<Boolean> ENABLE_ALL_TOPIC_LIST = KEYS.define(
            ConfigKey.bool("enableAllTopicList", true).runtime()
                    .doc("Answer GET_ALL_TOPIC_LIST_FROM_NAMESERVER (else SYSTEM_ERROR \"disable\")."));
    public static final ConfigKey<Integer> METRICS_PORT = KEYS.define(ConfigKey.integer("metricsPort", 0)
            .range(0, 65535).doc("HTTP port serving Prometheus /metrics on bindAddress (0 = no metrics endpoint)."));

    public static final ConfigKey<Boolean> ACL_ENABLE = KEYS.define(ConfigKey.bool("aclEnable", false)
            .doc("Refuse every request not signed by an account of aclFile with the permission it needs; brokers "
                    + "then sign with their innerAccessKey (an admin account)."));
    public static final ConfigKey<String> ACL_FILE = KEYS.define(ConfigKey.string("aclFile", "conf/plain_acl.yml")
            .doc("ACL accounts (YAML), reloaded when it changes; relative to the working directory (FERRYMQ_HOME "
                    + "for bin/ferry-namesrv)."));

    /** Every name-server key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values = DEF.defaults();
    private final ConfigValues tlsValues = TlsSettings.DEF.defaults();
    private final List<ConfigReader.IgnoredKey> ignoredKeys = new ArrayList<>();

    public NameServerConfig() {
    }

    /**
     * Reads a properties file.
     *
     * @throws IllegalArgumentException naming the file and the unknown key or bad value
     * @throws IOException when the file cannot be read
     */
    public static NameServerConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return fromProperties(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Defaults overridden by {@code props}; Apache RocketMQ name-server keys without effect are accepted. */
    public static NameServerConfig fromProperties(Properties props) {
        NameServerConfig c = new NameServerConfig();
        c.ignoredKeys.addAll(new ConfigReader("name server", List.of(c.values, c.tlsValues), ForeignKeys.rocketMqNameServer())
                .read(props));
        return c.validate();
    }

    /** The Apache RocketMQ keys of the file that have no effect in FerryMQ, with why (logged at start). */
    public List<ConfigReader.IgnoredKey> ignoredKeys() {
        return List.copyOf(ignoredKeys);
    }

    /**
     * Applies {@code props} to this config. All keys are checked before anything changes, so a failure leaves
     * the config as it was.
     *
     * @param runtimeOnly when true, keys that cannot change while running are refused
     * @throws IllegalArgumentException naming the first unknown, refused or malformed key
     */
    public synchronized void apply(Properties props, boolean runtimeOnly) {
        for (String key : new java.util.TreeSet<>(props.stringPropertyNames())) {
            ConfigKey<?> k = DEF.key(key);
            if (k == null && runtimeOnly) {
                throw new IllegalArgumentException(refusal(key, false));
            }
            if (k == null) {
                throw DEF.unknownKey(key);
            }
            if (runtimeOnly && !k.runtime()) {
                throw new IllegalArgumentException(refusal(key, true));
            }
        }
        values.apply(props);
    }

    private static String refusal(String key, boolean known) {
        return "name server setting '" + key + "' cannot be changed at run time ("
                + (known ? "change it in the config file and restart" : "not a name server setting")
                + "); settings that can: " + runtimeNames();
    }

    /** Keys UPDATE_NAMESRV_CONFIG may change. */
    public static List<String> runtimeNames() {
        List<String> n = new ArrayList<>();
        for (ConfigKey<?> k : DEF.keys()) {
            if (k.runtime()) {
                n.add(k.name());
            }
        }
        return n;
    }

    /** Applies Java-properties text (the UPDATE_NAMESRV_CONFIG body) to the runtime-changeable keys. */
    public void applyRuntimeUpdate(String propertiesText) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(propertiesText));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed properties text: " + e.getMessage(), e);
        }
        apply(p, true);
    }

    /** Cross-field checks (none today: every rule belongs to one key); returns this. */
    public NameServerConfig validate() {
        return this;
    }

    /**
     * Current values as Java-properties text, in definition order, then the TLS keys (secrets shown as
     * {@code ******}): the GET_NAMESRV_CONFIG body.
     */
    public String toPropertiesText() {
        StringBuilder sb = new StringBuilder();
        values.asMap().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        tlsValues.asMap().forEach((k, v) -> sb.append(k).append('=')
                .append(TlsSettings.SECRET_KEYS.contains(k) && !v.isEmpty() ? "******" : v).append('\n'));
        return sb.toString();
    }

    /** The TLS keys read from the file: the port's tlsMode and certificate (see docs/security.md). */
    public TlsSettings tls() {
        return new TlsSettings(tlsValues);
    }

    public boolean aclEnable() { return values.get(ACL_ENABLE); }
    public NameServerConfig aclEnable(boolean v) { values.set(ACL_ENABLE, v); return this; }
    public String aclFile() { return values.get(ACL_FILE); }
    public NameServerConfig aclFile(String v) { values.set(ACL_FILE, v); return this; }
    public int listenPort() { return values.get(LISTEN_PORT); }
    public NameServerConfig listenPort(int v) { values.set(LISTEN_PORT, v); return this; }
    public String bindAddress() { return values.get(BIND_ADDRESS); }
    public NameServerConfig bindAddress(String v) { values.set(BIND_ADDRESS, v == null ? null : v.trim()); return this; }
    public long brokerExpiredMillis() { return values.get(BROKER_EXPIRED_MILLIS); }
    public NameServerConfig brokerExpiredMillis(long v) { values.set(BROKER_EXPIRED_MILLIS, v); return this; }
    public long scanIntervalMillis() { return values.get(SCAN_INTERVAL_MILLIS); }
    public NameServerConfig scanIntervalMillis(long v) { values.set(SCAN_INTERVAL_MILLIS, v); return this; }
    public int channelMaxIdleSeconds() { return values.get(CHANNEL_MAX_IDLE_SECONDS); }
    public NameServerConfig channelMaxIdleSeconds(int v) { values.set(CHANNEL_MAX_IDLE_SECONDS, v); return this; }
    public int maxConnections() { return values.get(MAX_CONNECTIONS); }
    public NameServerConfig maxConnections(int v) { values.set(MAX_CONNECTIONS, v); return this; }
    public int ioThreads() { return values.get(IO_THREADS); }
    public NameServerConfig ioThreads(int v) { values.set(IO_THREADS, v); return this; }
    public int routeThreads() { return values.get(ROUTE_THREADS); }
    public NameServerConfig routeThreads(int v) { values.set(ROUTE_THREADS, v); return this; }
    public int adminThreads() { return values.get(ADMIN_THREADS); }
    public NameServerConfig adminThreads(int v) { values.set(ADMIN_THREADS, v); return this; }
    public int requestQueueCapacity() { return values.get(REQUEST_QUEUE_CAPACITY); }
    public NameServerConfig requestQueueCapacity(int v) { values.set(REQUEST_QUEUE_CAPACITY, v); return this; }
    public boolean orderMessageEnable() { return values.get(ORDER_MESSAGE_ENABLE); }
    public NameServerConfig orderMessageEnable(boolean v) { values.set(ORDER_MESSAGE_ENABLE, v); return this; }
    public int metricsPort() { return values.get(METRICS_PORT); }
    public NameServerConfig metricsPort(int v) { values.set(METRICS_PORT, v); return this; }
    public boolean enableAllTopicList() { return values.get(ENABLE_ALL_TOPIC_LIST); }
    public NameServerConfig enableAllTopicList(boolean v) { values.set(ENABLE_ALL_TOPIC_LIST, v); return this; }
}
