package io.ferrymq.remoting;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.remoting.tls.TlsMode;
import io.ferrymq.testkit.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first request on a fresh TLS connection to an ENFORCING port, sent right behind the client's handshake
 * messages (a request frame encoded by the official library, over the JDK's own TLS socket), 200 times from four
 * threads while the certificate is replaced and reloaded as fast as it can be: every request is answered and no
 * handshake fails. It guards what could race there on the server: the sniffer handing the first bytes over to the
 * TLS handler it inserts, and a reload swapping the server's context while handshakes are under way. (Written
 * while looking for the cause of a one-off "send request failed" of the official client's first GET_MIN_OFFSET in
 * a full CI run; see OfficialTlsClientMain in it/.)
 */
@Timeout(120)
class TlsFreshConnectionStressTest {
    private static final int THREADS = 4;
    private static final int CONNECTIONS_PER_THREAD = 50;
    @TempDir
    Path dir;
    private final ExecutorService processors = Executors.newFixedThreadPool(2);
    private final ExecutorService clients = Executors.newFixedThreadPool(THREADS);
    private final AtomicBoolean reloading = new AtomicBoolean(true);
    private RemotingServer server;

    @AfterEach
    void stop() {
        reloading.set(false);
        clients.shutdownNow();
        if (server != null) {
            server.shutdown();
        }
        processors.shutdownNow();
    }

    @Test
    void everyFirstRequestOnAFreshTlsConnectionIsAnsweredWhileTheCertificateIsReloaded() throws Exception {
        TestCa ca = TestCa.create("stress CA");
        Path caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        Path certFile = ca.issue("stress-0").writeTo(dir, "server");
        Path keyFile = dir.resolve("server.key");
        FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);
        ServerTls tls = new ServerTls("stress", TlsMode.ENFORCING, certFile, keyFile, null, 1000, Clock.SYSTEM, faults)
                .open();
        server = new RemotingServer(new RemotingServerConfig().name("stress").bindAddress("127.0.0.1").tls(tls));
        server.registerProcessor(1, (ch, req) -> RemotingCommand.response(0, "served"), processors);
        server.start();

        AtomicInteger reloads = new AtomicInteger();
        Thread reloader = new Thread(() -> {
            for (int i = 1; reloading.get(); i++) {
                try {
                    ca.issue("stress-" + i).writeTo(certFile, keyFile);
                    tls.checkNow();
                    reloads.incrementAndGet();
                    // pacing, not waiting for anything: a reload every ~20 ms leaves the CPU to the handshakes
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "stress-reloader");
        reloader.start();
        SSLContext trustingCa = trusting(caFile);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(clients.submit(() -> {
                for (int i = 0; i < CONNECTIONS_PER_THREAD; i++) {
                    try {
                        String remark = firstRequestOnAFreshConnection(trustingCa);
                        if (!"served".equals(remark)) {
                            failures.add(i + ": answered " + remark);
                        }
                    } catch (Exception e) {
                        failures.add(i + ": " + e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        reloading.set(false);
        reloader.join(10_000);
        System.out.printf("FIGURE: %d fresh TLS connections, each sending its first frame right behind the handshake, "
                + "%d certificate reloads meanwhile, %d failed: %s%n", THREADS * CONNECTIONS_PER_THREAD,
                reloads.get(), failures.size(), failures.stream().limit(8).toList());
        assertTrue(failures.isEmpty(), () -> failures.size() + " failed: " + failures.stream().limit(8).toList());
        assertTrue(reloads.get() > 0);
        assertEquals(0, faults.count(ServerTls.FAULT_HANDSHAKE_FAILED), "failed handshakes");
    }

    /**
     * Opens a TLS connection and writes a request frame (encoded by the official library) at once, so that it
     * follows the client's Finished message; returns the answer's remark.
     */
    private String firstRequestOnAFreshConnection(SSLContext trustingCa) throws Exception {
        byte[] request = toArray(org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(1, null)
                .encode());
        try (SSLSocket socket = (SSLSocket) trustingCa.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(ByteBuffer.wrap(frame)).getRemark();
        }
    }

    /** A JDK TLS context trusting the certificate in {@code caFile} only. */
    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }
}
