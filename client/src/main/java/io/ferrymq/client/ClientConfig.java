package io.ferrymq.client;

import io.ferrymq.common.Clock;
import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigReader;
import io.ferrymq.common.config.ConfigValues;
import io.ferrymq.common.config.ForeignKeys;
import io.ferrymq.remoting.HostPort;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings shared by every client (producer, consumers, admin). Each key is defined once in {@link #DEF} (default,
 * allowed values, meaning) and checked when set; {@link #validate()}, which {@code start()} calls, checks what
 * joins keys or must be set. Settings can also be applied from strings with {@link #apply(Map)}: an unknown key
 * fails naming the closest known one. {@code docs/configuration.md} lists every client key.
 *
 * @param <T> the concrete config type, so that setters chain
 */
public abstract class ClientConfig<T extends ClientConfig<T>> {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("client");

    public static final ConfigKey<String> NAME_SERVERS = KEYS.define(ConfigKey.custom("nameServers", String.class,
            null, ClientConfig::parseNameServers, "host:port separated by ';' (required)")
            .doc("Name servers, e.g. 10.0.0.1:9876;10.0.0.2:9876."));
    public static final ConfigKey<String> INSTANCE_NAME = KEYS.define(ConfigKey.optionalString("instanceName")
            .validator(v -> {
                if (v.isBlank() || v.contains("@")) {
                    throw new IllegalArgumentException("blank or contains '@'");
                }
            }, "non-blank text without '@'").defaultText("<pid>#<nanoTime>, new for every client object")
            .doc("Second part of the client id <clientIp>@<instanceName>."));
    public static final ConfigKey<String> CLIENT_IP = KEYS.define(ConfigKey.optionalString("clientIp")
            .defaultText("first site-local IPv4 address of the host")
            .doc("First part of the client id."));
    public static final ConfigKey<Long> POLL_NAME_SERVER_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("pollNameServerIntervalMillis", 1000).range(10, 600_000)
                    .doc("Route refresh period."));
    public static final ConfigKey<Long> HEARTBEAT_BROKER_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("heartbeatBrokerIntervalMillis", 1000).range(10, 600_000)
                    .doc("Heartbeat period to every broker."));
    public static final ConfigKey<Long> RPC_TIMEOUT_MILLIS = KEYS.define(
            ConfigKey.longKey("rpcTimeoutMillis", 3000).range(1, 600_000)
                    .doc("Timeout of control requests (routes, offsets, admin)."));

    public static final ConfigKey<String> ACCESS_KEY = KEYS.define(ConfigKey.optionalString("accessKey")
            .doc("ACL account every request is signed with, the same way as the official client's AclClientRPCHook; "
                    + "needed when brokers and name servers run with ACL on (docs/security.md)."));
    public static final ConfigKey<String> SECRET_KEY = KEYS.define(ConfigKey.optionalString("secretKey")
            .doc("Secret key of accessKey; never sent (only an HmacSHA1 signature of each request is)."));

    public static final ConfigKey<Boolean> ENABLE_TRACE = KEYS.define(ConfigKey.bool("enableTrace", false)
            .doc("Write message traces, as the official client's enableMsgTrace does: a producer records each send, a "
                    + "push consumer each delivery and its listener's result, in RocketMQ's trace format on traceTopic "
                    + "(read them with ferry-admin queryMsgTrace or mqadmin queryMsgTraceById)."));
    public static final ConfigKey<String> TRACE_TOPIC = KEYS.define(ConfigKey.string("traceTopic",
            "RMQ_SYS_TRACE_TOPIC").doc("Topic trace records are written to (the broker creates the default one when "
                    + "traceTopicEnable=true; create a custom one like any topic)."));
    public static final ConfigKey<Boolean> TLS_ENABLE = KEYS.define(ConfigKey.bool("tlsEnable", false)
            .alias("useTLS").alias("tls.enable")
            .doc("Connect to name servers and brokers with TLS (their tlsMode must be PERMISSIVE or ENFORCING)."));
    public static final ConfigKey<String> TLS_TRUST_CERT_PATH = KEYS.define(ConfigKey.optionalString("tlsTrustCertPath")
            .alias("tls.client.trustCertPath")
            .doc("PEM certificates (e.g. your CA) the servers' certificates must chain to; unset: the JVM's default "
                    + "trust store."));
    public static final ConfigKey<Boolean> TLS_VERIFY_HOSTNAME = KEYS.define(ConfigKey.bool("tlsVerifyHostname", true)
            .doc("Check that a server's certificate names the address dialled (brokers are dialled by the IP "
                    + "address they register, so their certificates need it in subjectAltName)."));

    public static final ConfigKey<String> TLS_CERT_PATH = KEYS.define(ConfigKey.optionalString("tlsCertPath")
            .alias("tls.client.certPath")
            .doc("Mutual TLS: PEM certificate chain this client presents when a server asks for one (servers with "
                    + "tlsServerNeedClientAuth); with tlsKeyPath."));
    public static final ConfigKey<String> TLS_KEY_PATH = KEYS.define(ConfigKey.optionalString("tlsKeyPath")
            .alias("tls.client.keyPath")
            .doc("PKCS#8 PEM private key of tlsCertPath."));
    public static final ConfigKey<String> TLS_KEY_PASSWORD = KEYS.define(ConfigKey.optionalString("tlsKeyPassword")
            .alias("tls.client.keyPassword")
            .doc("Password of an encrypted tlsKeyPath."));

    /** The keys every client has, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues clientValues = DEF.defaults();
    private Clock clock = Clock.SYSTEM;

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    private static String parseNameServers(String text) {
        if (text.isEmpty()) {
            return null;
        }
        for (String a : text.split("[;,]")) {
            if (!a.isBlank()) {
                try {
                    HostPort.parse(a.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad address '" + a.trim() + "': " + e.getMessage(), e);
                }
            }
        }
        return text;
    }

    public String nameServers() {
        return clientValues.get(NAME_SERVERS);
    }

    /** Name server addresses, {@code host:port} separated by ';' (e.g. "10.0.0.1:9876;10.0.0.2:9876"). */
    public T nameServers(String addresses) {
        clientValues.setText(NAME_SERVERS.name(), addresses == null ? "" : addresses);
        return self();
    }

    /** The name server list parsed. */
    public List<String> nameServerList() {
        List<String> out = new ArrayList<>();
        String nameServers = nameServers();
        if (nameServers != null) {
            for (String s : nameServers.split("[;,]")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    public String instanceName() {
        return clientValues.get(INSTANCE_NAME);
    }

    /** Instance name; leave unset to get a unique {@code <pid>#<nanoTime>} per client object. */
    public T instanceName(String name) {
        clientValues.set(INSTANCE_NAME, name);
        return self();
    }

    public String clientIp() {
        return clientValues.get(CLIENT_IP);
    }

    public T clientIp(String ip) {
        clientValues.set(CLIENT_IP, ip);
        return self();
    }

    /**
     * Signs every request with this ACL account (brokers and name servers with ACL on refuse unsigned requests).
     * The secret key never leaves the client: only an HmacSHA1 signature of each request is sent.
     */
    public boolean enableTrace() {
        return clientValues.get(ENABLE_TRACE);
    }

    /** Whether this client writes message traces to {@link #traceTopic()}. */
    public T enableTrace(boolean v) {
        clientValues.set(ENABLE_TRACE, v);
        return self();
    }

    public String traceTopic() {
        return clientValues.get(TRACE_TOPIC);
    }

    public T traceTopic(String topic) {
        clientValues.set(TRACE_TOPIC, topic);
        return self();
    }

    public T credentials(String accessKey, String secretKey) {
        clientValues.set(ACCESS_KEY, accessKey);
        clientValues.set(SECRET_KEY, secretKey);
        return self();
    }

    /** The ACL access key, or null when requests are not signed. */
    public String accessKey() {
        return clientValues.get(ACCESS_KEY);
    }

    /** The ACL secret key, or null when requests are not signed. */
    public String secretKey() {
        return clientValues.get(SECRET_KEY);
    }

    /**
     * Connects with TLS, trusting the PEM certificate(s) in {@code trustCertPath} (your CA), or the JVM's default
     * trust store when null. Servers must run with tlsMode PERMISSIVE or ENFORCING (docs/security.md).
     */
    public T tls(String trustCertPath) {
        clientValues.set(TLS_ENABLE, true);
        clientValues.set(TLS_TRUST_CERT_PATH, trustCertPath);
        return self();
    }

    /** Connects with TLS as {@code tls} says (null: plaintext). */
    public T tls(ClientTls tls) {
        clientValues.set(TLS_ENABLE, tls != null);
        clientValues.set(TLS_TRUST_CERT_PATH, tls == null ? null : tls.trustCertPath());
        clientValues.set(TLS_VERIFY_HOSTNAME, tls == null || tls.verifyHostname());
        clientValues.set(TLS_CERT_PATH, tls == null ? null : tls.certPath());
        clientValues.set(TLS_KEY_PATH, tls == null ? null : tls.keyPath());
        clientValues.set(TLS_KEY_PASSWORD, tls == null ? null : tls.keyPassword());
        return self();
    }

    /**
     * The TLS settings of this client's connections, or null when it speaks plaintext.
     *
     * @throws IllegalArgumentException when the keys do not go together (a certificate without its key)
     */
    public ClientTls tlsSettings() {
        if (!tlsEnable()) {
            return null;
        }
        return new ClientTls(tlsTrustCertPath(), tlsVerifyHostname(), clientValues.get(TLS_CERT_PATH),
                clientValues.get(TLS_KEY_PATH), clientValues.get(TLS_KEY_PASSWORD));
    }

    /** Whether connections use TLS. */
    public boolean tlsEnable() {
        return clientValues.get(TLS_ENABLE);
    }

    /** The PEM file of trusted certificates, or null for the JVM's default trust store. */
    public String tlsTrustCertPath() {
        return clientValues.get(TLS_TRUST_CERT_PATH);
    }

    public boolean tlsVerifyHostname() {
        return clientValues.get(TLS_VERIFY_HOSTNAME);
    }

    /** Whether a server's certificate must name the address dialled (default true). */
    public T tlsVerifyHostname(boolean v) {
        clientValues.set(TLS_VERIFY_HOSTNAME, v);
        return self();
    }

    public long pollNameServerIntervalMillis() {
        return clientValues.get(POLL_NAME_SERVER_INTERVAL_MILLIS);
    }

    public T pollNameServerIntervalMillis(long v) {
        clientValues.set(POLL_NAME_SERVER_INTERVAL_MILLIS, v);
        return self();
    }

    public long heartbeatBrokerIntervalMillis() {
        return clientValues.get(HEARTBEAT_BROKER_INTERVAL_MILLIS);
    }

    public T heartbeatBrokerIntervalMillis(long v) {
        clientValues.set(HEARTBEAT_BROKER_INTERVAL_MILLIS, v);
        return self();
    }

    public long rpcTimeoutMillis() {
        return clientValues.get(RPC_TIMEOUT_MILLIS);
    }

    public T rpcTimeoutMillis(long v) {
        clientValues.set(RPC_TIMEOUT_MILLIS, v);
        return self();
    }

    public Clock clock() {
        return clock;
    }

    /** Replaces the time source (tests). */
    public T clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Applies settings given as strings (e.g. from a properties file); all are checked before any is set.
     *
     * @throws IllegalArgumentException naming the first unknown key (and the closest known one) or bad value
     */
    public T apply(Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        new ConfigReader("client", configValues(), ForeignKeys.none()).read(p);
        return self();
    }

    /** The values of every key this config has, most specific definition first. Subclasses add theirs. */
    protected List<ConfigValues> configValues() {
        return List.of(clientValues);
    }

    /**
     * Checks what single keys cannot: the settings that must be given and rules that join keys.
     *
     * @throws IllegalArgumentException naming the first bad setting
     */
    public T validate() {
        if (nameServerList().isEmpty()) {
            throw new IllegalArgumentException("nameServers is not set; give at least one host:port");
        }
        if ((accessKey() == null) != (secretKey() == null)) {
            throw new IllegalArgumentException("accessKey and secretKey must be set together (credentials(ak, sk))");
        }
        try {
            tlsSettings();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tlsCertPath/tlsKeyPath/tlsKeyPassword: " + e.getMessage(), e);
        }
        return self();
    }

    /**
     * The client id brokers and admin tools show: {@code <clientIp>@<instanceName>}, with the defaults above.
     * Each call without an explicit instance name yields a new id.
     */
    public String buildClientId() {
        String ip = clientIp() != null ? clientIp() : localIp();
        String instance = instanceName() != null ? instanceName()
            : ProcessHandle.current().pid() + "#" + System.nanoTime();
        return ip + "@" + instance;
    }

    /** First site-local (else any non-loopback) IPv4 address of this host, else 127.0.0.1. */
    public static String localIp() {
        String candidate = null;
        try {
            Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
            while (nics != null && nics.hasMoreElements()) {
                NetworkInterface nic = nics.nextElement();
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                Enumeration<InetAddress> addrs = nic.getInetAddresses();
                while (addrs.hasMoreElements()) {
                    InetAddress a = addrs.nextElement();
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        if (a.isSiteLocalAddress()) {
                            return a.getHostAddress();
                        }
                        if (candidate == null) {
                            candidate = a.getHostAddress();
                        }
                    }
                }
            }
        } catch (Exception e) {
            // fall through to loopback
        }
        return candidate != null ? candidate : "127.0.0.1";
    }

    /** Name of this JVM for logs ("pid@host"). */
    static String jvmName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
