package io.ferrymq.nameserver;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Settings of the name server: each key with its default, range and meaning in one table ({@link #SETTINGS}).
 * Loaded from a properties file ({@code -c}); an unknown key or a bad value fails with a message naming it.
 *
 * <p>Keys marked runtime may also be changed while running with UPDATE_NAMESRV_CONFIG; those fields are volatile.
 * Everything else is read once at start.
 */
public final class NameServerConfig {

    private int listenPort = 9876;
    private String bindAddress = "0.0.0.0";
    private volatile long brokerExpiredMillis = 10_000;
    private long scanIntervalMillis = 1_000;
    private int channelMaxIdleSeconds = 120;
    private int ioThreads = 2;
    private int routeThreads = 4;
    private int adminThreads = 2;
    private int requestQueueCapacity = 10_000;
    private volatile boolean orderMessageEnable;
    private volatile boolean enableAllTopicList = true;

    /** One configuration key: name, doc, whether it may change at runtime, and how to read/parse it. */
    private record Setting(String name, String doc, boolean runtime, Function<NameServerConfig, Object> getter,
                           BiConsumer<NameServerConfig, String> parser) {
    }

    private static final List<Setting> SETTINGS = List.of(
        new Setting("listenPort", "TCP port to listen on (0 = any free port). Default 9876.", false,
            c -> c.listenPort, (c, v) -> c.listenPort = (int) parseLong("listenPort", v, 0, 65535)),
        new Setting("bindAddress", "Address to bind. Default 0.0.0.0 (all interfaces).", false,
            c -> c.bindAddress, (c, v) -> c.bindAddress = parseNonBlank("bindAddress", v)),
        new Setting("brokerExpiredMillis", "A broker not heard from for this long is dropped, unless its "
            + "registration carries its own heartbeatTimeoutMillis. Range 100..3600000, default 10000.", true,
            c -> c.brokerExpiredMillis,
            (c, v) -> c.brokerExpiredMillis = parseLong("brokerExpiredMillis", v, 100, 3_600_000)),
        new Setting("scanIntervalMillis", "How often expired brokers are looked for. Range 10..60000, default 1000.",
            false, c -> c.scanIntervalMillis,
            (c, v) -> c.scanIntervalMillis = parseLong("scanIntervalMillis", v, 10, 60_000)),
        new Setting("channelMaxIdleSeconds", "Connections idle this long are closed (0 = never). Default 120.",
            false, c -> c.channelMaxIdleSeconds,
            (c, v) -> c.channelMaxIdleSeconds = (int) parseLong("channelMaxIdleSeconds", v, 0, 86_400)),
        new Setting("ioThreads", "Network I/O threads. Range 1..64, default 2.", false,
            c -> c.ioThreads, (c, v) -> c.ioThreads = (int) parseLong("ioThreads", v, 1, 64)),
        new Setting("routeThreads", "Threads answering route and topic-list queries. Range 1..64, default 4.",
            false, c -> c.routeThreads, (c, v) -> c.routeThreads = (int) parseLong("routeThreads", v, 1, 64)),
        new Setting("adminThreads", "Threads handling broker registration, admin and KV requests. Range 1..64, "
            + "default 2.", false,
            c -> c.adminThreads, (c, v) -> c.adminThreads = (int) parseLong("adminThreads", v, 1, 64)),
        new Setting("requestQueueCapacity", "Requests queued per thread pool before SYSTEM_BUSY. Range "
            + "16..1000000, default 10000.", false, c -> c.requestQueueCapacity,
            (c, v) -> c.requestQueueCapacity = (int) parseLong("requestQueueCapacity", v, 16, 1_000_000)),
        new Setting("orderMessageEnable", "Fill a route's orderTopicConf from the ORDER_TOPIC_CONFIG KV namespace. "
            + "Default false.", true, c -> c.orderMessageEnable,
            (c, v) -> c.orderMessageEnable = parseBoolean("orderMessageEnable", v)),
        new Setting("enableAllTopicList", "Answer GET_ALL_TOPIC_LIST_FROM_NAMESERVER (else SYSTEM_ERROR \"disable\"). "
            + "Default true.", true, c -> c.enableAllTopicList,
            (c, v) -> c.enableAllTopicList = parseBoolean("enableAllTopicList", v)));

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

    /** Defaults overridden by {@code props}; validated. */
    public static NameServerConfig fromProperties(Properties props) {
        NameServerConfig c = new NameServerConfig();
        c.apply(props, false);
        return c;
    }

    /**
     * Applies {@code props} to this config. All keys are checked before anything changes, so a failure leaves
     * the config as it was.
     *
     * @param runtimeOnly when true, keys that cannot change while running are refused
     * @throws IllegalArgumentException naming the first unknown, refused or malformed key
     */
    public synchronized void apply(Properties props, boolean runtimeOnly) {
        NameServerConfig scratch = copy();
        for (String key : new TreeMap<>(propsAsMap(props)).keySet()) {
            Setting s = setting(key);
            if (s == null) {
                throw new IllegalArgumentException("unknown name server setting '" + key + "'; known settings: "
                        + names());
            }
            if (runtimeOnly && !s.runtime()) {
                throw new IllegalArgumentException("setting '" + key + "' cannot be changed while running; "
                        + "change it in the config file and restart");
            }
            s.parser().accept(scratch, props.getProperty(key).trim());
        }
        scratch.validate();
        for (String key : props.stringPropertyNames()) {
            setting(key).parser().accept(this, props.getProperty(key).trim());
        }
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

    /** Cross-field checks; single values are range-checked when parsed. */
    public NameServerConfig validate() {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be empty");
        }
        return this;
    }

    /** Current values as Java-properties text, sorted by key (the GET_NAMESRV_CONFIG body). */
    public String toPropertiesText() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : SETTINGS) {
            sb.append(s.name()).append('=').append(s.getter().apply(this)).append('\n');
        }
        return sb.toString();
    }

    /** Markdown table of all settings (for docs/configuration.md). */
    public static String describe() {
        StringBuilder sb = new StringBuilder("| key | runtime | default | meaning |\n|---|---|---|---|\n");
        NameServerConfig d = new NameServerConfig();
        for (Setting s : SETTINGS) {
            sb.append("| `").append(s.name()).append("` | ").append(s.runtime() ? "yes" : "no").append(" | ")
                    .append(s.getter().apply(d)).append(" | ").append(s.doc()).append(" |\n");
        }
        return sb.toString();
    }

    private NameServerConfig copy() {
        NameServerConfig c = new NameServerConfig();
        for (Setting s : SETTINGS) {
            s.parser().accept(c, String.valueOf(s.getter().apply(this)));
        }
        return c;
    }

    private static Setting setting(String key) {
        for (Setting s : SETTINGS) {
            if (s.name().equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Setting s : SETTINGS) {
            n.add(s.name());
        }
        return n;
    }

    private static Map<String, String> propsAsMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    private static long parseLong(String key, String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' has value '" + v + "', expected an integer in ["
                    + min + ", " + max + "]");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("setting '" + key + "' = " + n + " is out of range [" + min + ", "
                    + max + "]");
        }
        return n;
    }

    private static boolean parseBoolean(String key, String v) {
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("setting '" + key + "' has value '" + v + "', expected true or false");
    }

    private static String parseNonBlank(String key, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting '" + key + "' must not be empty");
        }
        return v.trim();
    }

    public int listenPort() { return listenPort; }
    public NameServerConfig listenPort(int v) { listenPort = (int) parseLong("listenPort", String.valueOf(v), 0, 65535); return this; }
    public String bindAddress() { return bindAddress; }
    public NameServerConfig bindAddress(String v) { bindAddress = parseNonBlank("bindAddress", v); return this; }
    public long brokerExpiredMillis() { return brokerExpiredMillis; }
    public NameServerConfig brokerExpiredMillis(long v) { brokerExpiredMillis = parseLong("brokerExpiredMillis", String.valueOf(v), 100, 3_600_000); return this; }
    public long scanIntervalMillis() { return scanIntervalMillis; }
    public NameServerConfig scanIntervalMillis(long v) { scanIntervalMillis = parseLong("scanIntervalMillis", String.valueOf(v), 10, 60_000); return this; }
    public int channelMaxIdleSeconds() { return channelMaxIdleSeconds; }
    public NameServerConfig channelMaxIdleSeconds(int v) { channelMaxIdleSeconds = (int) parseLong("channelMaxIdleSeconds", String.valueOf(v), 0, 86_400); return this; }
    public int ioThreads() { return ioThreads; }
    public NameServerConfig ioThreads(int v) { ioThreads = (int) parseLong("ioThreads", String.valueOf(v), 1, 64); return this; }
    public int routeThreads() { return routeThreads; }
    public NameServerConfig routeThreads(int v) { routeThreads = (int) parseLong("routeThreads", String.valueOf(v), 1, 64); return this; }
    public int adminThreads() { return adminThreads; }
    public NameServerConfig adminThreads(int v) { adminThreads = (int) parseLong("adminThreads", String.valueOf(v), 1, 64); return this; }
    public int requestQueueCapacity() { return requestQueueCapacity; }
    public NameServerConfig requestQueueCapacity(int v) { requestQueueCapacity = (int) parseLong("requestQueueCapacity", String.valueOf(v), 16, 1_000_000); return this; }
    public boolean orderMessageEnable() { return orderMessageEnable; }
    public NameServerConfig orderMessageEnable(boolean v) { orderMessageEnable = v; return this; }
    public boolean enableAllTopicList() { return enableAllTopicList; }
    public NameServerConfig enableAllTopicList(boolean v) { enableAllTopicList = v; return this; }
}
