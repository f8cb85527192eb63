package io.ferrymq.remoting.tls;

import io.netty.handler.ssl.SslContext;

import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Reads PEM certificate chains and PKCS#8 private keys (plain or encrypted) with Netty's own readers, so FerryMQ
 * accepts exactly the files Netty's {@code SslContextBuilder} accepts. Netty exposes those readers only to
 * {@link SslContext} subclasses; this abstract subclass is never instantiated and exists only to call them.
 */
abstract class PemKeys extends SslContext {
    private PemKeys() {
    }

    /** The certificates of a PEM chain, leaf first. */
    static X509Certificate[] certificates(byte[] pem) throws Exception {
        X509Certificate[] chain = toX509Certificates(new ByteArrayInputStream(pem));
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("no certificate found (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    /** A PKCS#8 PEM private key; {@code password} for an encrypted one, else null. */
    static PrivateKey privateKey(byte[] pem, String password) throws Exception {
        PrivateKey key = toPrivateKey(new ByteArrayInputStream(pem), password);
        if (key == null) {
            throw new IllegalArgumentException("no private key found (expected PKCS#8 PEM: -----BEGIN PRIVATE KEY-----)");
        }
        return key;
    }
}
