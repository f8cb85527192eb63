package io.ferrymq.remoting.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * One server certificate chain and its private key as read from two PEM files, checked (the key must belong to
 * the leaf certificate) and turned into a server {@link SslContext}, which also asks clients for their certificates
 * when {@link ClientCertificates} say so (the CA file is then read with the pair). Immutable.
 *
 * @param context   the server context built from the pair
 * @param leaf      the certificate presented to clients
 * @param certBytes the certificate file's content when read (to notice a change)
 * @param keyBytes  the key file's content when read
 * @param trustBytes the client CA file's content when read (empty when client certificates are not asked)
 */
record ServerCertificate(SslContext context, X509Certificate leaf, byte[] certBytes, byte[] keyBytes,
                         byte[] trustBytes) {
    private static final byte[] PROBE = "ferrymq key/certificate pair check".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads and checks the pair.
     *
     * @throws IllegalArgumentException naming the file and what is wrong (unreadable, not PEM, wrong password,
     *                                  key of another certificate)
     */
    static ServerCertificate read(Path certFile, Path keyFile, String keyPassword, ClientCertificates clients) {
        byte[] cert = readFile(certFile, "certificate chain");
        byte[] key = readFile(keyFile, "private key");
        byte[] trust = clients.asked() ? readFile(clients.trustFile(), "client CA (tlsServerTrustCertPath)")
                : new byte[0];
        return build(certFile, cert, keyFile, key, keyPassword, clients, trust);
    }

    /** Whether the files' contents differ from what this was built from (true when one cannot be read). */
    boolean changed(Path certFile, Path keyFile, ClientCertificates clients) {
        try {
            return !Arrays.equals(certBytes, Files.readAllBytes(certFile))
                    || !Arrays.equals(keyBytes, Files.readAllBytes(keyFile))
                    || clients.asked() && !Arrays.equals(trustBytes, Files.readAllBytes(clients.trustFile()));
        } catch (IOException e) {
            return true;
        }
    }

    /** Subject and expiry, for log lines. */
    String describe() {
        return "'" + leaf.getSubjectX500Principal().getName() + "' valid until " + leaf.getNotAfter().toInstant();
    }

    private static ServerCertificate build(Path certFile, byte[] cert, Path keyFile, byte[] key, String password,
                                           ClientCertificates clients, byte[] trust) {
        X509Certificate[] chain;
        try {
            chain = PemKeys.certificates(cert);
        } catch (Exception e) {
            throw new IllegalArgumentException("TLS certificate chain " + certFile + " is not a PEM certificate: "
                    + message(e), e);
        }
        PrivateKey privateKey;
        try {
            privateKey = PemKeys.privateKey(key, password);
        } catch (Exception e) {
            throw new IllegalArgumentException("TLS private key " + keyFile + " cannot be read ("
                    + message(e) + "); it must be PKCS#8 PEM (openssl pkcs8 -topk8 converts other forms)"
                    + (password == null ? "" : " and tlsServerKeyPassword must be its password"), e);
        }
        checkPair(privateKey, chain[0], certFile, keyFile);
        X509Certificate[] clientCas = null;
        if (clients.asked()) {
            try {
                clientCas = PemKeys.certificates(trust);
            } catch (Exception e) {
                throw new IllegalArgumentException("TLS client CA file " + clients.trustFile()
                        + " (tlsServerTrustCertPath) is not a PEM certificate: " + message(e), e);
            }
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(privateKey, password, chain);
            if (clientCas != null) {
                b.trustManager(clientCas).clientAuth(clients.auth());
            }
            return new ServerCertificate(b.build(), chain[0], cert, key, trust);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use TLS certificate " + certFile + " with key " + keyFile
                    + ": " + message(e), e);
        }
    }

    /**
     * Signs a probe with the key and verifies it with the certificate, so a half-replaced pair (new certificate,
     * old key) is refused at load instead of failing every handshake.
     */
    private static void checkPair(PrivateKey key, X509Certificate leaf, Path certFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA"; // ECDSA: the name of a key read through BouncyCastle
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        Boolean matches = null;
        if (algorithm != null) {
            try {
                PrivateKey jdkKey = KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
                        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(jdkKey);
                signer.update(PROBE);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(leaf.getPublicKey());
                verifier.update(PROBE);
                matches = verifier.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                // a key of another type than the certificate's, or one the JDK cannot re-read: no match
                matches = !key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())
                        && !(key.getAlgorithm().equals("ECDSA") && leaf.getPublicKey().getAlgorithm().equals("EC"))
                        ? Boolean.FALSE : null;
            }
        }
        if (Boolean.FALSE.equals(matches)) {
            throw new IllegalArgumentException("TLS private key " + keyFile + " does not belong to the certificate "
                    + certFile + " (" + leaf.getSubjectX500Principal().getName() + "); replace both files together");
        }
        // null: a key type this cannot check; the handshake itself will tell
    }

    private static byte[] readFile(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read TLS " + what + " file " + file.toAbsolutePath() + ": "
                    + e, e);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
