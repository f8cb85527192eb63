package io.ferrymq.console;

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
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The console's settings, read from a properties file ({@code conf/console.conf}) and validated as a whole: an
 * unknown key or a bad value fails start-up with a message naming the key.
 *
 * <pre>
 * listenAddress=127.0.0.1            # where the HTTP(S) server binds
 * listenPort=8480
 * dataDir=console-data               # users file, audit log, first admin password (relative: to the working dir)
 * nameServers.local=127.0.0.1:9876;127.0.0.1:9877   # one line per name-server set (several clusters)
 * user.alice=admin:$2y$12$...        # role:bcrypt-hash (ferry-console --hash-password); optional
 * tls.keyStore=/path/console.p12     # optional: serve HTTPS only
 * tls.keyStorePassword=...
 * sessionIdleSeconds=1800
 * loginFailuresPerMinute=5
 * snapshotIntervalMillis=5000
 * brokerDeadlineMillis=3000
 * maxRequestBytes=1048576
 * maxBodyPreviewBytes=65536
 * alert.webhook.urls=https://...      # alerting: the alert.* keys of AlertSettings, rules as alert.rule.&lt;id&gt;.*
 * </pre>
 */
public final class ConsoleConfig {
    private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> PLAIN_KEYS = Set.of("listenAddress", "listenPort", "dataDir",
            "tls.keyStore", "tls.keyStorePassword", "sessionIdleSeconds", "loginFailuresPerMinute",
            "snapshotIntervalMillis", "brokerDeadlineMillis", "maxRequestBytes", "maxBodyPreviewBytes");

    private String listenAddress = "127.0.0.1";
    private int listenPort = 8480;
    private Path dataDir = Path.of("console-data");
    private final Map<String, String> nameServerSets = new LinkedHashMap<>();
    private final Map<String, String> users = new TreeMap<>();
    private Path tlsKeyStore;
    private String tlsKeyStorePassword;
    private int sessionIdleSeconds = 1800;
    private int loginFailuresPerMinute = 5;
    private long snapshotIntervalMillis = 5000;
    private long brokerDeadlineMillis = 3000;
    private long maxRequestBytes = 1 << 20;
    private int maxBodyPreviewBytes = 64 * 1024;
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
                } else if (!PLAIN_KEYS.contains(k)) {
                    throw new IllegalArgumentException("unknown key; known: " + new java.util.TreeSet<>(PLAIN_KEYS)
                            + ", nameServers.<set>, user.<name>, alert.*");
                } else {
                    switch (k) {
                        case "listenAddress" -> listenAddress = v;
                        case "listenPort" -> listenPort = (int) range(v, 0, 65535);
                        case "dataDir" -> dataDir = Path.of(v);
                        case "tls.keyStore" -> tlsKeyStore = Path.of(v);
                        case "tls.keyStorePassword" -> tlsKeyStorePassword = v;
                        case "sessionIdleSeconds" -> sessionIdleSeconds = (int) range(v, 1, 7 * 86400);
                        case "loginFailuresPerMinute" -> loginFailuresPerMinute = (int) range(v, 1, 1000);
                        case "snapshotIntervalMillis" -> snapshotIntervalMillis = range(v, 200, 600_000);
                        case "brokerDeadlineMillis" -> brokerDeadlineMillis = range(v, 100, 60_000);
                        case "maxRequestBytes" -> maxRequestBytes = range(v, 1024, 64L << 20);
                        case "maxBodyPreviewBytes" -> maxBodyPreviewBytes = (int) range(v, 16, 4 << 20);
                        default -> throw new IllegalStateException(k);
                    }
                }
            } catch (IllegalArgumentException ex) {
                errors.add(k + "=" + (k.contains("assword") ? "***" : v) + ": " + ex.getMessage());
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
        if ((tlsKeyStore == null) != (tlsKeyStorePassword == null)) {
            errors.add("tls.keyStore and tls.keyStorePassword go together");
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
        range(a.substring(i + 1), 1, 65535);
    }

    private static long range(String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be in [" + min + ", " + max + "]");
        }
        return n;
    }

    public String listenAddress() {
        return listenAddress;
    }

    public int listenPort() {
        return listenPort;
    }

    public Path dataDir() {
        return dataDir;
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
        return tlsKeyStore;
    }

    public String tlsKeyStorePassword() {
        return tlsKeyStorePassword;
    }

    public boolean tls() {
        return tlsKeyStore != null;
    }

    public int sessionIdleSeconds() {
        return sessionIdleSeconds;
    }

    public int loginFailuresPerMinute() {
        return loginFailuresPerMinute;
    }

    public long snapshotIntervalMillis() {
        return snapshotIntervalMillis;
    }

    public long brokerDeadlineMillis() {
        return brokerDeadlineMillis;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    public int maxBodyPreviewBytes() {
        return maxBodyPreviewBytes;
    }

    /** Alerting: evaluation, channels and rules from the {@code alert.*} keys. */
    public AlertSettings alerts() {
        return alerts;
    }
}
