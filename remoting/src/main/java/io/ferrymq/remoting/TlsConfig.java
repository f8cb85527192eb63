package io.ferrymq.remoting;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.File;

/**
 * TLS settings of a {@link RemotingClient}: which certificates it trusts (PEM file, the JVM's default trust store,
 * or any certificate with {@code trustAll}, for tests only), whether it checks that the server's certificate
 * names the address dialled, and the certificate it presents when a server asks for one (mutual TLS, servers with
 * {@code tlsServerNeedClientAuth}). Servers take {@link io.ferrymq.remoting.tls.ServerTls} instead.
 */
public final class TlsConfig {
    private File trustCertificates;
    private boolean trustAll;
    private boolean verifyHostname = true;
    private File clientCertChain;
    private File clientKey;
    private String clientKeyPassword;

    private TlsConfig() {
    }

    /** Trusts the PEM certificate(s) in the file (e.g. your CA). */
    public static TlsConfig clientTrusting(File trustCertificates) {
        TlsConfig c = new TlsConfig();
        c.trustCertificates = trustCertificates;
        return c;
    }

    /** Trusts what the JVM's default trust store trusts. */
    public static TlsConfig clientTrustingDefaults() {
        return new TlsConfig();
    }

    /** Accepts any certificate and any host name: tests and closed networks only. */
    public static TlsConfig clientTrustingAll() {
        TlsConfig c = new TlsConfig();
        c.trustAll = true;
        c.verifyHostname = false;
        return c;
    }

    /** Whether the server's certificate must name the host dialled (default true; false with trustAll). */
    public TlsConfig verifyHostname(boolean v) {
        verifyHostname = v && !trustAll;
        return this;
    }

    /**
     * Presents this certificate when a server asks for one (mutual TLS).
     *
     * @param chain    PEM certificate chain, this client's certificate first
     * @param key      PKCS#8 PEM private key of the chain's first certificate
     * @param password password of an encrypted key, else null
     */
    public TlsConfig clientCertificate(File chain, File key, String password) {
        clientCertChain = java.util.Objects.requireNonNull(chain, "chain");
        clientKey = java.util.Objects.requireNonNull(key, "key");
        clientKeyPassword = password;
        return this;
    }

    /** The client certificate chain presented when asked, or null. */
    public File clientCertChain() {
        return clientCertChain;
    }

    SslContext clientContext() {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (clientCertChain != null) {
                for (File f : new File[] {clientCertChain, clientKey}) {
                    if (!f.canRead()) {
                        throw new IllegalArgumentException("TLS client certificate file " + f
                                + " does not exist or is not readable");
                    }
                }
                b.keyManager(clientCertChain, clientKey, clientKeyPassword);
            }
            if (trustAll) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (trustCertificates != null) {
                if (!trustCertificates.canRead()) {
                    throw new IllegalArgumentException("TLS trust certificates file " + trustCertificates
                            + " does not exist or is not readable");
                }
                b.trustManager(trustCertificates);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot build TLS client context"
                    + (trustCertificates == null ? "" : " trusting " + trustCertificates)
                    + (clientCertChain == null ? "" : " with client certificate " + clientCertChain + " and key "
                    + clientKey + " (PKCS#8 PEM)") + ": " + e.getMessage(), e);
        }
    }

    /** The TLS handler of a connection to {@code host:port}, checking the host name when asked to. */
    SslHandler newHandler(SslContext context, io.netty.buffer.ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, host, port);
        if (verifyHostname) {
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        return handler;
    }
}
