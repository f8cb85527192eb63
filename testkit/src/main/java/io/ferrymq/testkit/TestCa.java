package io.ferrymq.testkit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throwaway certificate authority for tests: issues certificates for servers and clients (EC P-256, valid one
 * day, both key usages, as node certificates of a cluster often are) naming 127.0.0.1 and localhost, and writes them as PEM files the way an operator would have them: the chain file
 * (server certificate, then the CA's), the PKCS#8 key file, the CA certificate for clients to trust.
 */
public final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCa(X500Name name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    public static TestCa create(String name) throws GeneralSecurityException, IOException {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder b = builder(subject, subject, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCa(subject, keys, sign(b, keys));
    }

    /** Writes the CA certificate (what clients trust) to {@code file}. */
    public Path writeCertificate(Path file) throws IOException, GeneralSecurityException {
        Files.writeString(file, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * A server (or mutual TLS client) certificate for {@code cn} naming {@code hostsAndIps} (default 127.0.0.1 and
     * localhost).
     */
    public Issued issue(String cn, String... hostsAndIps) throws GeneralSecurityException, IOException {
        KeyPair serverKeys = ecKeys();
        JcaX509v3CertificateBuilder b = builder(name, new X500Name("CN=" + cn), serverKeys);
        String[] names = hostsAndIps.length == 0 ? new String[] {"127.0.0.1", "localhost"} : hostsAndIps;
        GeneralName[] san = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            san[i] = new GeneralName(names[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName,
                    names[i]);
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        return new Issued(sign(b, keys), certificate, serverKeys);
    }

    /** A server certificate and key, written with {@link #writeTo}. */
    public record Issued(X509Certificate certificate, X509Certificate ca, KeyPair keys) {
        /** Writes {@code <dir>/<name>.crt} (chain) and {@code <dir>/<name>.key} (PKCS#8); returns the chain file. */
        public Path writeTo(Path dir, String name) throws IOException, GeneralSecurityException {
            writeTo(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
            return dir.resolve(name + ".crt");
        }

        /** Writes (replaces) the chain and key files. */
        public void writeTo(Path chainFile, Path keyFile) throws IOException, GeneralSecurityException {
            Files.writeString(chainFile, pem("CERTIFICATE", certificate.getEncoded()) + pem("CERTIFICATE",
                    ca.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
