package io.ferrymq.client;

import io.ferrymq.remoting.TlsConfig;

import java.io.File;

/**
 * How a client (producer, consumer, admin client, {@code ferry-admin}, the console) connects to name servers and
 * brokers whose {@code tlsMode} is PERMISSIVE or ENFORCING: which CA certificates it trusts, whether the server's
 * certificate must name the address dialled, and the certificate it presents to servers that ask for one
 * ({@code tlsServerNeedClientAuth}, mutual TLS). Immutable; set it with {@link ClientConfig#tls(ClientTls)} or
 * the equivalent keys ({@code tlsEnable}, {@code tlsTrustCertPath}, {@code tlsVerifyHostname}, {@code tlsCertPath},
 * {@code tlsKeyPath}, {@code tlsKeyPassword}).
 *
 * @param trustCertPath  PEM certificates the servers' certificates must chain to (your CA); null: the JVM's
 *                       default trust store
 * @param verifyHostname whether a server's certificate must name the address dialled
 * @param certPath       PEM certificate chain presented when a server asks (mutual TLS), or null
 * @param keyPath        PKCS#8 PEM private key of {@code certPath}, or null
 * @param keyPassword    password of an encrypted key, or null
 */
public record ClientTls(String trustCertPath, boolean verifyHostname, String certPath, String keyPath,
                        String keyPassword) {

    /**
     * @throws IllegalArgumentException when only one of the client certificate and its key is given, or a key
     *                                  password without them
     */
    public ClientTls {
        if ((certPath == null) != (keyPath == null)) {
            throw new IllegalArgumentException("a TLS client certificate and its private key go together: "
                    + (certPath == null ? "a key (" + keyPath + ") is given without a certificate"
                    : "a certificate (" + certPath + ") is given without its key"));
        }
        if (keyPassword != null && keyPath == null) {
            throw new IllegalArgumentException("a TLS key password is given without a client certificate and key");
        }
    }

    /** TLS trusting the PEM certificate(s) of {@code trustCertPath} (null: the JVM's default trust store). */
    public static ClientTls trusting(String trustCertPath) {
        return new ClientTls(trustCertPath, true, null, null, null);
    }

    /** The same, presenting this certificate chain and PKCS#8 key when a server asks for one. */
    public ClientTls withClientCertificate(String chainPath, String privateKeyPath, String password) {
        return new ClientTls(trustCertPath, verifyHostname, chainPath, privateKeyPath, password);
    }

    /** The same, with the host name check on or off. */
    public ClientTls withVerifyHostname(boolean v) {
        return new ClientTls(trustCertPath, v, certPath, keyPath, keyPassword);
    }

    /** The remoting layer's settings for these. */
    public TlsConfig toRemoting() {
        TlsConfig c = trustCertPath == null ? TlsConfig.clientTrustingDefaults()
                : TlsConfig.clientTrusting(new File(trustCertPath));
        if (certPath != null) {
            c.clientCertificate(new File(certPath), new File(keyPath), keyPassword);
        }
        return c.verifyHostname(verifyHostname);
    }

    /** Without the key password, which must not reach logs. */
    @Override
    public String toString() {
        return "ClientTls[trust=" + (trustCertPath == null ? "JVM default" : trustCertPath) + ", verifyHostname="
                + verifyHostname + (certPath == null ? "" : ", clientCertificate=" + certPath) + "]";
    }
}
