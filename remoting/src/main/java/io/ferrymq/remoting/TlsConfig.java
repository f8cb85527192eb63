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
 * or any certificate with {@code trustAll}, for tests only) and whether it checks that the server's certificate
 * names the address dialled. Servers take {@link io.ferrymq.remoting.tls.ServerTls} instead.
 */
public final class TlsConfig {
    private File trustCertificates;
    private boolean trustAll;
    private boolean verifyHostname = true;

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

    SslContext clientContext() {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
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
                    + (trustCertificates == null ? "" : " trusting " + trustCertificates) + ": " + e.getMessage(), e);
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
