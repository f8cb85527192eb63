package io.ferrymq.remoting.tls;

import io.ferrymq.common.Clock;
import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.TlsConfig;
import io.netty.handler.ssl.ClientAuth;

import java.io.File;
import java.nio.file.Path;
import java.util.Set;

/**
 * The TLS keys of a server's file (broker and name server alike): what its ports accept ({@code tlsMode}), the
 * certificate they present, and whether the server's own outbound connections (a broker's registrations with the
 * name servers, a slave's replication and metadata sync from its master) use TLS. Apache RocketMQ's names for the
 * same settings ({@code tls.server.mode}, {@code tls.server.certPath}, {@code tls.enable}, ...) are accepted as
 * aliases. Every key is defined once in {@link #DEF}; values are checked when set; none may change at run time
 * (a changed certificate file is picked up without one).
 */
public final class TlsSettings {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("TLS");

    public static final ConfigKey<TlsMode> MODE = KEYS.define(ConfigKey.enumKey("tlsMode", TlsMode.class,
                    TlsMode.DISABLED).alias("tls.server.mode")
            .doc("What the server's ports (a broker's client and replication ports, a name server's port) accept: "
                    + "DISABLED plaintext only, PERMISSIVE plaintext and TLS on the same port (told apart by the "
                    + "first bytes), ENFORCING TLS only. Refused connections are logged and counted."));
    public static final ConfigKey<String> SERVER_CERT_PATH = KEYS.define(ConfigKey.optionalString("tlsServerCertPath")
            .alias("tls.server.certPath")
            .doc("PEM certificate chain the server presents, its own certificate first (required unless tlsMode "
                    + "is DISABLED); reloaded when it changes."));
    public static final ConfigKey<String> SERVER_KEY_PATH = KEYS.define(ConfigKey.optionalString("tlsServerKeyPath")
            .alias("tls.server.keyPath")
            .doc("PKCS#8 PEM private key of tlsServerCertPath; reloaded when it changes (replace both files)."));
    public static final ConfigKey<String> SERVER_KEY_PASSWORD = KEYS.define(
            ConfigKey.optionalString("tlsServerKeyPassword").alias("tls.server.keyPassword")
                    .doc("Password of an encrypted tlsServerKeyPath; shown as ******."));
    public static final ConfigKey<ClientAuth> SERVER_NEED_CLIENT_AUTH = KEYS.define(
            ConfigKey.enumKey("tlsServerNeedClientAuth", ClientAuth.class, ClientAuth.NONE)
                    .alias("tls.server.need.client.auth")
                    .doc("Mutual TLS: NONE does not ask TLS clients for a certificate; OPTIONAL asks and checks one "
                            + "when sent; REQUIRE fails the handshake of a client without a certificate signed by a "
                            + "CA of tlsServerTrustCertPath (logged and counted as tls.handshake_failed)."));
    public static final ConfigKey<String> SERVER_TRUST_CERT_PATH = KEYS.define(
            ConfigKey.optionalString("tlsServerTrustCertPath").alias("tls.server.trustCertPath")
                    .doc("PEM certificates of the CA(s) that sign client certificates (required unless "
                            + "tlsServerNeedClientAuth is NONE); reloaded with the server's certificate."));
    public static final ConfigKey<Long> RELOAD_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("tlsReloadIntervalMillis", 1000).range(100, 3_600_000)
                    .doc("How often the certificate files are checked for a change."));
    public static final ConfigKey<Boolean> ENABLE = KEYS.define(ConfigKey.bool("tlsEnable", false)
            .alias("tls.enable").alias("useTLS")
            .doc("The server's own outbound connections use TLS: a broker's registrations with the name servers, "
                    + "a slave's replication and metadata sync from its master."));
    public static final ConfigKey<String> CLIENT_TRUST_CERT_PATH = KEYS.define(
            ConfigKey.optionalString("tlsClientTrustCertPath").alias("tls.client.trustCertPath")
                    .doc("PEM certificates (e.g. your CA) that outbound TLS connections trust; unset: the JVM's "
                            + "default trust store."));
    public static final ConfigKey<Boolean> CLIENT_VERIFY_HOSTNAME = KEYS.define(
            ConfigKey.bool("tlsClientVerifyHostname", true)
                    .doc("Outbound TLS connections check that the peer's certificate names the address dialled "
                            + "(an IP address must be in its subjectAltName)."));

    public static final ConfigKey<String> CLIENT_CERT_PATH = KEYS.define(
            ConfigKey.optionalString("tlsClientCertPath").alias("tls.client.certPath")
                    .doc("PEM certificate chain the server's outbound TLS connections present when the peer asks "
                            + "for one (name servers or a master with tlsServerNeedClientAuth); with "
                            + "tlsClientKeyPath."));
    public static final ConfigKey<String> CLIENT_KEY_PATH = KEYS.define(
            ConfigKey.optionalString("tlsClientKeyPath").alias("tls.client.keyPath")
                    .doc("PKCS#8 PEM private key of tlsClientCertPath."));
    public static final ConfigKey<String> CLIENT_KEY_PASSWORD = KEYS.define(
            ConfigKey.optionalString("tlsClientKeyPassword").alias("tls.client.keyPassword")
                    .doc("Password of an encrypted tlsClientKeyPath; shown as ******."));

    /** Every TLS key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    /** Keys whose values are secrets: never shown in configuration dumps. */
    public static final Set<String> SECRET_KEYS = Set.of(SERVER_KEY_PASSWORD.name(),
            CLIENT_KEY_PASSWORD.name());

    private final ConfigValues values;

    /** Settings backed by {@code values} (not copied: a server reads them from its file into these values). */
    public TlsSettings(ConfigValues values) {
        if (values.def() != DEF) {
            throw new IllegalArgumentException("not TLS values: " + values.def().component());
        }
        this.values = values;
    }

    /** Defaults: TLS off everywhere. */
    public TlsSettings() {
        this(DEF.defaults());
    }

    public ConfigValues values() {
        return values;
    }

    public TlsMode mode() { return values.get(MODE); }
    public TlsSettings mode(TlsMode v) { values.set(MODE, v); return this; }
    public String serverCertPath() { return values.get(SERVER_CERT_PATH); }
    public String serverKeyPath() { return values.get(SERVER_KEY_PATH); }
    /** The certificate and key the server's ports present. */
    public TlsSettings serverCertificate(String certPath, String keyPath) {
        values.set(SERVER_CERT_PATH, certPath);
        values.set(SERVER_KEY_PATH, keyPath);
        return this;
    }
    public String serverKeyPassword() { return values.get(SERVER_KEY_PASSWORD); }
    public TlsSettings serverKeyPassword(String v) { values.set(SERVER_KEY_PASSWORD, v); return this; }
    public long reloadIntervalMillis() { return values.get(RELOAD_INTERVAL_MILLIS); }
    public TlsSettings reloadIntervalMillis(long v) { values.set(RELOAD_INTERVAL_MILLIS, v); return this; }
    public boolean enable() { return values.get(ENABLE); }
    public TlsSettings enable(boolean v) { values.set(ENABLE, v); return this; }
    public String clientTrustCertPath() { return values.get(CLIENT_TRUST_CERT_PATH); }
    public TlsSettings clientTrustCertPath(String v) { values.set(CLIENT_TRUST_CERT_PATH, v); return this; }
    public ClientAuth serverNeedClientAuth() { return values.get(SERVER_NEED_CLIENT_AUTH); }
    public String serverTrustCertPath() { return values.get(SERVER_TRUST_CERT_PATH); }
    /** Asks TLS clients for a certificate signed by a CA of {@code trustCertPath} (mutual TLS). */
    public TlsSettings serverClientAuth(ClientAuth auth, String trustCertPath) {
        values.set(SERVER_NEED_CLIENT_AUTH, auth);
        values.set(SERVER_TRUST_CERT_PATH, trustCertPath);
        return this;
    }
    public String clientCertPath() { return values.get(CLIENT_CERT_PATH); }
    public String clientKeyPath() { return values.get(CLIENT_KEY_PATH); }
    /** The certificate the server's outbound connections present when asked (mutual TLS). */
    public TlsSettings clientCertificate(String certPath, String keyPath) {
        values.set(CLIENT_CERT_PATH, certPath);
        values.set(CLIENT_KEY_PATH, keyPath);
        return this;
    }
    public String clientKeyPassword() { return values.get(CLIENT_KEY_PASSWORD); }
    public boolean clientVerifyHostname() { return values.get(CLIENT_VERIFY_HOSTNAME); }
    public TlsSettings clientVerifyHostname(boolean v) { values.set(CLIENT_VERIFY_HOSTNAME, v); return this; }

    /**
     * The policy of the server's ports (not started).
     *
     * @throws IllegalArgumentException when the mode needs a certificate and none is configured
     */
    public ServerTls serverTls(String serverName, Clock clock, FaultRegistry faults) {
        ServerTls tls = new ServerTls(serverName, mode(), path(serverCertPath()), path(serverKeyPath()),
                serverKeyPassword(), reloadIntervalMillis(), clock, faults);
        if (mode() != TlsMode.DISABLED) {
            tls.clientCertificates(new ClientCertificates(serverNeedClientAuth(), path(serverTrustCertPath())));
        }
        return tls;
    }

    /** The TLS settings of the server's outbound connections, or null when they are plaintext. */
    public TlsConfig outbound() {
        if (!enable()) {
            return null;
        }
        String trust = clientTrustCertPath();
        TlsConfig c = trust == null ? TlsConfig.clientTrustingDefaults() : TlsConfig.clientTrusting(new File(trust));
        if (clientCertPath() != null || clientKeyPath() != null) {
            c.clientCertificate(file(clientCertPath(), CLIENT_CERT_PATH), file(clientKeyPath(), CLIENT_KEY_PATH),
                    clientKeyPassword());
        }
        return c.verifyHostname(clientVerifyHostname());
    }

    private static File file(String p, ConfigKey<String> key) {
        if (p == null) {
            throw new IllegalArgumentException("tlsClientCertPath and tlsClientKeyPath go together: " + key.name()
                    + " is not set");
        }
        return new File(p);
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }
}
