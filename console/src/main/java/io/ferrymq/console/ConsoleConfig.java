package io.ferrymq.console;

import io.ferrymq.client.ClientTls;
import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;
import io.ferrymq.console.alert.AlertSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The console's settings, read from a properties file ({@code conf/console.conf}) and validated as a whole: an
 * unknown key (with the closest known one) or a bad value fails start-up with a message naming the key. The plain
 * keys are defined once in {@link #DEF} through the project's configuration mechanism
 * ({@code io.ferrymq.common.config}: type, default, range, description; {@code docs/configuration.md} is generated
 * from it); the families {@code nameServers.<set>} and {@code user.<name>} are checked here.
 *
 * <pre>
 * listenAddress=127.0.0.1            # where the HTTP(S) server binds
 * listenPort=8480
 * dataDir=console-data               # users file, audit log, first admin password (relative: to the working dir)
 * nameServers.local=127.0.0.1:9876;127.0.0.1:9877   # one line per name-server set (several clusters)
 * user.alice=admin:$2y$12$...        # role:bcrypt-hash (ferry-console --hash-password); optional
 * tls.keyStore=/path/console.p12     # optional: serve HTTPS only
 * tls.keyStorePassword=...
 * clusterTls.enable=true            # optional: reach name servers and brokers over TLS (tlsMode ENFORCING)
 * clusterTls.trustCertPath=/path/ca.crt
 * clusterTls.certPath=/path/console.crt   # mutual TLS: presented when the servers ask (with clusterTls.keyPath)
 * clusterTls.keyPath=/path/console.key
 * sessionIdleSeconds=1800
 * loginFailuresPerMinute=5
 * snapshotIntervalMillis=5000
 * brokerDeadlineMillis=3000
 * maxRequestBytes=1048576
 * maxBodyPreviewBytes=65536
 * history.sampleIntervalMillis=60000 # metric history: one sample a minute, kept history.retentionHours=168
 * alert.webhook.urls=https://...      # alerting: the alert.* keys of AlertSettings, rules as alert.rule.&lt;id&gt;.*
 * </pre>
 */
public final class ConsoleConfig {
    private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("console");
    public static final ConfigKey<String> LISTEN_ADDRESS = KEYS.define(ConfigKey.string("listenAddress", "127.0.0.1")
            .doc("Address the console's HTTP(S) server binds."));
    public static final ConfigKey<Integer> LISTEN_PORT = KEYS.define(ConfigKey.integer("listenPort", 8480)
            .range(0, 65535).doc("Port of the HTTP(S) server (0: any free port)."));
    public static final ConfigKey<String> DATA_DIR = KEYS.define(ConfigKey.string("dataDir", "console-data")
            .doc("Directory of the users file, the audit log, the dead-letter resend marks, the alert state, "
                    + "the metric history and the first admin password (relative: to the working directory)."));
    public static final ConfigKey<String> TLS_KEY_STORE = KEYS.define(ConfigKey.optionalString("tls.keyStore")
            .doc("PKCS12 or JKS key store: when set the console serves HTTPS only (cookie marked Secure); needs "
                    + "tls.keyStorePassword."));
    public static final ConfigKey<String> TLS_KEY_STORE_PASSWORD = KEYS.define(
            ConfigKey.optionalString("tls.keyStorePassword").doc("Password of tls.keyStore."));
    public static final ConfigKey<Boolean> CLUSTER_TLS_ENABLE = KEYS.define(ConfigKey.bool("clusterTls.enable", false)
            .doc("Connect to the name servers and brokers of every set with TLS (needed when their tlsMode is "
                    + "ENFORCING; see docs/security.md)."));
    public static final ConfigKey<String> CLUSTER_TLS_TRUST_CERT_PATH = KEYS.define(
            ConfigKey.optionalString("clusterTls.trustCertPath")
                    .doc("PEM certificate(s) of the CA the servers' certificates must chain to; unset: the JVM's "
                            + "default trust store."));
    public static final ConfigKey<Boolean> CLUSTER_TLS_VERIFY_HOSTNAME = KEYS.define(
            ConfigKey.bool("clusterTls.verifyHostname", true)
                    .doc("Check that each server's certificate names the address dialled (brokers: the IP address "
                            + "they register)."));
    public static final ConfigKey<String> CLUSTER_TLS_CERT_PATH = KEYS.define(
            ConfigKey.optionalString("clusterTls.certPath")
                    .doc("Mutual TLS: PEM certificate chain the console presents to servers that ask for one "
                            + "(tlsServerNeedClientAuth); with clusterTls.keyPath."));
    public static final ConfigKey<String> CLUSTER_TLS_KEY_PATH = KEYS.define(
            ConfigKey.optionalString("clusterTls.keyPath").doc("PKCS#8 PEM private key of clusterTls.certPath."));
    public static final ConfigKey<String> CLUSTER_TLS_KEY_PASSWORD = KEYS.define(
            ConfigKey.optionalString("clusterTls.keyPassword").doc("Password of an encrypted clusterTls.keyPath."));
    public static final ConfigKey<Integer> SESSION_IDLE_SECONDS = KEYS.define(
            ConfigKey.integer("sessionIdleSeconds", 1800).range(1, 7 * 86400)
                    .doc("A session ends after this many seconds without a request."));
    public static final ConfigKey<Integer> LOGIN_FAILURES_PER_MINUTE = KEYS.define(
            ConfigKey.integer("loginFailuresPerMinute", 5).range(1, 1000)
                    .doc("Failed logins allowed per minute per client address and per user name; then 429."));
    public static final ConfigKey<Long> SNAPSHOT_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("snapshotIntervalMillis", 5000).range(200, 600_000)
                    .doc("How often the cluster snapshot (and the watched traffic charts) is refreshed."));
    public static final ConfigKey<Long> BROKER_DEADLINE_MILLIS = KEYS.define(
            ConfigKey.longKey("brokerDeadlineMillis", 3000).range(100, 60_000)
                    .doc("Deadline of one round of broker calls, also the timeout of one call."));
    public static final ConfigKey<Long> MAX_REQUEST_BYTES = KEYS.define(
            ConfigKey.longKey("maxRequestBytes", 1 << 20).range(1024, 64L << 20)
                    .doc("Largest request body accepted (larger: 413)."));
    public static final ConfigKey<Integer> MAX_BODY_PREVIEW_BYTES = KEYS.define(
            ConfigKey.integer("maxBodyPreviewBytes", 64 * 1024).range(16, 4 << 20)
                    .doc("How much of a message body is shown, as text and as hex."));
    public static final ConfigKey<Long> HISTORY_SAMPLE_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("history.sampleIntervalMillis", 60_000).range(1000, 3_600_000)
                    .doc("How often the metric history takes a sample of every cluster, broker, topic and group "
                            + "(one point per interval is kept for history.retentionHours)."));
    public static final ConfigKey<Integer> HISTORY_RETENTION_HOURS = KEYS.define(
            ConfigKey.integer("history.retentionHours", 168).range(1, 24 * 90)
                    .doc("How long the metric history is kept (7 days by default)."));
    public static final ConfigKey<Integer> HISTORY_MAX_MEMORY_MEGABYTES = KEYS.define(
            ConfigKey.integer("history.maxMemoryMegabytes", 128).range(1, 64 * 1024)
                    .doc("Most memory the history's samples and indexes take; beyond it the oldest hours are "
                            + "averaged to 10-minute, then hourly values, then dropped."));
    public static final ConfigKey<Integer> HISTORY_MAX_SERIES = KEYS.define(
            ConfigKey.integer("history.maxSeries", 50_000).range(10, 10_000_000)
                    .doc("Most series the history holds (each figure of each cluster, broker, topic and group is "
                            + "one); new ones beyond are refused and counted."));
    public static final ConfigKey<Long> HISTORY_SAVE_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("history.saveIntervalMillis", 300_000).range(1000, 86_400_000)
                    .doc("How often the history is written to <dataDir>/history/history.bin (also at stop)."));
    public static final ConfigKey<Integer> HISTORY_MAX_POINTS = KEYS.define(
            ConfigKey.integer("history.maxPoints", 360).range(10, 5000)
                    .doc("Most points per series in one history answer; longer ranges are averaged into buckets."));
    /** The console's plain keys (besides {@code nameServers.<set>} and {@code user.<name>}). */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values = DEF.defaults();
    private final Map<String, String> nameServerSets = new LinkedHashMap<>();
    private final Map<String, String> users = new TreeMap<>();
    private AlertSettings alerts = AlertSettings.defaults();

    /** Reads and validates {@code file}. */
    public static ConsoleConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put(k.toString().trim(), v.toString().trim()));
        ConsoleConfig c = new ConsoleConfig();
        c.apply(m, file);
        return c;
    }

    /** Applies {@code settings}; relative paths resolve against the working directory. */
    public ConsoleConfig apply(Map<String, String> settings, Path source) {
        List<String> errors = new ArrayList<>();
        Map<String, String> alertKeys = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            try {
                if (k.startsWith("nameServers.")) {
                    String set = k.substring("nameServers.".length());
                    if (!SET_NAME.matcher(set).matches()) {
                        throw new IllegalArgumentException("set name must match " + SET_NAME.pattern());
                    }
                    if (v.isBlank()) {
                        throw new IllegalArgumentException("give the name servers as host:port;host:port");
                    }
                    for (String a : v.split(";")) {
                        hostPort(a.trim());
                    }
                    nameServerSets.put(set, v);
                } else if (k.startsWith("alert.")) {
                    alertKeys.put(k.substring("alert.".length()), v);
                } else if (k.startsWith("user.")) {
                    String name = k.substring("user.".length());
                    users.put(name, v);
                } else if (!DEF.contains(k)) {
                    throw new IllegalArgumentException(DEF.unknownKey(k).getMessage()
                            + " (the families are nameServers.<set>, user.<name> and alert.*)");
                } else {
                    values.setText(k, v);
                }
            } catch (IllegalArgumentException ex) {
                String shown = k.contains("assword") ? ex.getMessage().replace(v, "***") : ex.getMessage();
                errors.add(k + "=" + (k.contains("assword") ? "***" : v) + ": " + shown);
            }
        }
        try {
            alerts = AlertSettings.parse(alertKeys);
        } catch (IllegalArgumentException ex) {
            errors.add(ex.getMessage());
        }
        if (nameServerSets.isEmpty()) {
            errors.add("no name-server set: add a line nameServers.<name>=host:port;host:port");
        }
        if ((values.get(TLS_KEY_STORE) == null) != (values.get(TLS_KEY_STORE_PASSWORD) == null)) {
            errors.add("tls.keyStore and tls.keyStorePassword go together");
        }
        try {
            clusterTls();
        } catch (IllegalArgumentException ex) {
            errors.add("clusterTls.certPath/keyPath/keyPassword: " + ex.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("bad console configuration" + (source == null ? "" : " in " + source)
                    + ": " + String.join("; ", errors));
        }
        return this;
    }

    private static void hostPort(String a) {
        int i = a.lastIndexOf(':');
        if (i <= 0) {
            throw new IllegalArgumentException("'" + a + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(i + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + a + "': the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + a + "': the port must be in [1, 65535]");
        }
    }

    public String listenAddress() {
        return values.get(LISTEN_ADDRESS);
    }

    public int listenPort() {
        return values.get(LISTEN_PORT);
    }

    public Path dataDir() {
        return Path.of(values.get(DATA_DIR));
    }

    /** Name-server sets in configuration order: set name → "host:port;host:port". */
    public Map<String, String> nameServerSets() {
        return nameServerSets;
    }

    /** Users from the configuration: name → "role:bcrypt-hash". */
    public Map<String, String> users() {
        return users;
    }

    public Path tlsKeyStore() {
        String v = values.get(TLS_KEY_STORE);
        return v == null ? null : Path.of(v);
    }

    public String tlsKeyStorePassword() {
        return values.get(TLS_KEY_STORE_PASSWORD);
    }

    public boolean tls() {
        return values.get(TLS_KEY_STORE) != null;
    }

    /**
     * How the console reaches name servers and brokers: TLS settings, or null for plaintext.
     *
     * @throws IllegalArgumentException when a certificate is given without its key or the other way round
     */
    public ClientTls clusterTls() {
        if (!values.get(CLUSTER_TLS_ENABLE)) {
            return null;
        }
        return new ClientTls(values.get(CLUSTER_TLS_TRUST_CERT_PATH), values.get(CLUSTER_TLS_VERIFY_HOSTNAME),
                values.get(CLUSTER_TLS_CERT_PATH), values.get(CLUSTER_TLS_KEY_PATH),
                values.get(CLUSTER_TLS_KEY_PASSWORD));
    }

    public int sessionIdleSeconds() {
        return values.get(SESSION_IDLE_SECONDS);
    }

    public int loginFailuresPerMinute() {
        return values.get(LOGIN_FAILURES_PER_MINUTE);
    }

    public long snapshotIntervalMillis() {
        return values.get(SNAPSHOT_INTERVAL_MILLIS);
    }

    public long brokerDeadlineMillis() {
        return values.get(BROKER_DEADLINE_MILLIS);
    }

    public long maxRequestBytes() {
        return values.get(MAX_REQUEST_BYTES);
    }

    public int maxBodyPreviewBytes() {
        return values.get(MAX_BODY_PREVIEW_BYTES);
    }

    public long historySampleIntervalMillis() {
        return values.get(HISTORY_SAMPLE_INTERVAL_MILLIS);
    }

    public long historyRetentionMillis() {
        return values.get(HISTORY_RETENTION_HOURS) * 3_600_000L;
    }

    public long historyMaxBytes() {
        return values.get(HISTORY_MAX_MEMORY_MEGABYTES) * 1024L * 1024;
    }

    public int historyMaxSeries() {
        return values.get(HISTORY_MAX_SERIES);
    }

    public long historySaveIntervalMillis() {
        return values.get(HISTORY_SAVE_INTERVAL_MILLIS);
    }

    public int historyMaxPoints() {
        return values.get(HISTORY_MAX_POINTS);
    }

    /** Alerting: evaluation, channels and rules from the {@code alert.*} keys. */
    public AlertSettings alerts() {
        return alerts;
    }
}
