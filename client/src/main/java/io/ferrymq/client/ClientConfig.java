package io.ferrymq.client;

import io.ferrymq.common.Clock;
import io.ferrymq.common.Checks;
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

/**
 * Settings shared by every client (producer, consumers, admin). Each setting has a default, a range and is
 * checked by {@link #validate()}, which {@code start()} calls; a bad value fails naming the setting.
 * Settings can also be applied from strings with {@link #apply(Map)} (unknown keys fail).
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>nameServers</td><td>(required)</td><td>name servers, {@code host:port} separated by ';'</td></tr>
 * <tr><td>instanceName</td><td>{@code <pid>#<nanoTime>}</td><td>second part of the client id
 *     {@code <clientIp>@<instanceName>}</td></tr>
 * <tr><td>clientIp</td><td>first site-local IPv4 address</td><td>first part of the client id</td></tr>
 * <tr><td>pollNameServerIntervalMillis</td><td>1000</td><td>route refresh period</td></tr>
 * <tr><td>heartbeatBrokerIntervalMillis</td><td>1000</td><td>heartbeat period to every broker</td></tr>
 * <tr><td>rpcTimeoutMillis</td><td>3000</td><td>timeout of control requests (routes, offsets, admin)</td></tr>
 * </table>
 *
 * @param <T> the concrete config type, so that setters chain
 */
public abstract class ClientConfig<T extends ClientConfig<T>> {
    private String nameServers;
    private String instanceName;
    private String clientIp;
    private long pollNameServerIntervalMillis = 1000;
    private long heartbeatBrokerIntervalMillis = 1000;
    private long rpcTimeoutMillis = 3000;
    private Clock clock = Clock.SYSTEM;

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    public String nameServers() {
        return nameServers;
    }

    /** Name server addresses, {@code host:port} separated by ';' (e.g. "10.0.0.1:9876;10.0.0.2:9876"). */
    public T nameServers(String addresses) {
        this.nameServers = addresses;
        return self();
    }

    /** The name server list parsed. */
    public List<String> nameServerList() {
        List<String> out = new ArrayList<>();
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
        return instanceName;
    }

    /** Instance name; leave unset to get a unique {@code <pid>#<nanoTime>} per client object. */
    public T instanceName(String name) {
        this.instanceName = name;
        return self();
    }

    public String clientIp() {
        return clientIp;
    }

    public T clientIp(String ip) {
        this.clientIp = ip;
        return self();
    }

    public long pollNameServerIntervalMillis() {
        return pollNameServerIntervalMillis;
    }

    public T pollNameServerIntervalMillis(long v) {
        this.pollNameServerIntervalMillis = v;
        return self();
    }

    public long heartbeatBrokerIntervalMillis() {
        return heartbeatBrokerIntervalMillis;
    }

    public T heartbeatBrokerIntervalMillis(long v) {
        this.heartbeatBrokerIntervalMillis = v;
        return self();
    }

    public long rpcTimeoutMillis() {
        return rpcTimeoutMillis;
    }

    public T rpcTimeoutMillis(long v) {
        this.rpcTimeoutMillis = v;
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
     * Applies settings given as strings (e.g. from a properties file).
     *
     * @throws IllegalArgumentException naming the first unknown key or bad value
     */
    public T apply(Map<String, String> settings) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            try {
                if (!applyOne(key, value.trim())) {
                    throw new IllegalArgumentException("unknown client setting '" + key + "'");
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("client setting '" + key + "' has a bad value '" + value + "'",
                    ex);
            }
        }
        return self();
    }

    /** Applies one string setting; returns false when the key is unknown. Subclasses extend it. */
    protected boolean applyOne(String key, String value) {
        switch (key) {
            case "nameServers" -> nameServers(value);
            case "instanceName" -> instanceName(value);
            case "clientIp" -> clientIp(value);
            case "pollNameServerIntervalMillis" -> pollNameServerIntervalMillis(Long.parseLong(value));
            case "heartbeatBrokerIntervalMillis" -> heartbeatBrokerIntervalMillis(Long.parseLong(value));
            case "rpcTimeoutMillis" -> rpcTimeoutMillis(Long.parseLong(value));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException naming the first bad setting
     */
    public T validate() {
        List<String> ns = nameServerList();
        if (ns.isEmpty()) {
            throw new IllegalArgumentException("nameServers is not set; give at least one host:port");
        }
        for (String a : ns) {
            try {
                HostPort.parse(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("nameServers: bad address '" + a + "': " + e.getMessage(), e);
            }
        }
        if (instanceName != null && (instanceName.isBlank() || instanceName.contains("@"))) {
            throw new IllegalArgumentException("instanceName must be non-blank and must not contain '@'");
        }
        Checks.range("pollNameServerIntervalMillis", pollNameServerIntervalMillis, 10, 600_000);
        Checks.range("heartbeatBrokerIntervalMillis", heartbeatBrokerIntervalMillis, 10, 600_000);
        Checks.range("rpcTimeoutMillis", rpcTimeoutMillis, 1, 600_000);
        return self();
    }

    /**
     * The client id brokers and admin tools show: {@code <clientIp>@<instanceName>}, with the defaults above.
     * Each call without an explicit instance name yields a new id.
     */
    public String buildClientId() {
        String ip = clientIp != null ? clientIp : localIp();
        String instance = instanceName != null ? instanceName
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
