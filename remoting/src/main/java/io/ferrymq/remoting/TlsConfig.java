package io.ferrymq.remoting;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.io.File;

/**
 * TLS settings. A server needs a PEM certificate chain and PEM PKCS#8 private key; a client needs the PEM
 * certificate(s) to trust, or {@code trustAll} (tests and closed networks only: it accepts any certificate).
 */
public final class TlsConfig {
    private File certificateChain;
    private File privateKey;
    private File trustCertificates;
    private boolean trustAll;

    public static TlsConfig server(File certificateChain, File privateKey) {
        TlsConfig c = new TlsConfig();
        c.certificateChain = certificateChain;
        c.privateKey = privateKey;
        return c;
    }

    public static TlsConfig clientTrusting(File trustCertificates) {
        TlsConfig c = new TlsConfig();
        c.trustCertificates = trustCertificates;
        return c;
    }

    public static TlsConfig clientTrustingAll() {
        TlsConfig c = new TlsConfig();
        c.trustAll = true;
        return c;
    }

    SslContext serverContext() {
        if (certificateChain == null || privateKey == null) {
            throw new IllegalArgumentException("TLS server needs both a certificate chain and a private key file");
        }
        requireReadable(certificateChain, "TLS certificate chain");
        requireReadable(privateKey, "TLS private key");
        try {
            return SslContextBuilder.forServer(certificateChain, privateKey).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load TLS certificate " + certificateChain + " / key "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    SslContext clientContext() {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (trustAll) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (trustCertificates != null) {
                requireReadable(trustCertificates, "TLS trust certificates");
                b.trustManager(trustCertificates);
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build TLS client context: " + e.getMessage(), e);
        }
    }

    private static void requireReadable(File f, String what) {
        if (!f.canRead()) {
            throw new IllegalArgumentException(what + " file " + f + " does not exist or is not readable");
        }
    }
}
