package io.ferrymq.remoting.tls;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TLS policy of a server's ports: the {@link TlsMode} and the certificate presented, read from PEM files and
 * read again when they change (checked every {@code reloadIntervalMillis} on the worker thread
 * {@code tls-reload-<server>}; new connections get the new certificate, open ones keep theirs). One instance may
 * serve several ports of one server (a broker's client and replication ports).
 *
 * <p>Every connection starts with a {@link TlsSniffer} that looks at its first bytes: a TLS record header starts a
 * handshake with the current certificate, anything else is plaintext. What the mode does not allow is refused:
 * the connection is closed, counted in the {@link FaultRegistry} ({@value #FAULT_PLAINTEXT_REFUSED},
 * {@value #FAULT_TLS_REFUSED}) and logged (at most one line a second per server, so a client retrying in a loop
 * cannot flood the log). A changed pair of files that cannot be used (not PEM, key of another certificate) is
 * logged and reported as the failing condition {@value #FAULT_CERTIFICATE_INVALID}; the last good certificate
 * stays in use until a good pair appears.
 *
 * <p>Threading: the reload worker alone replaces the current certificate (a volatile field read by the I/O threads
 * when a handshake starts); counters are atomic.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    /** Failing condition: the certificate files changed into something unusable. */
    public static final String FAULT_CERTIFICATE_INVALID = "tls.certificate_invalid";
    /** Count: plaintext connections refused by an ENFORCING port. */
    public static final String FAULT_PLAINTEXT_REFUSED = "tls.plaintext_refused";
    /** Count: TLS handshakes refused by a DISABLED port. */
    public static final String FAULT_TLS_REFUSED = "tls.handshake_on_plaintext_port";
    /** Count: TLS handshakes that failed (client does not trust the certificate, no common cipher...). */
    public static final String FAULT_HANDSHAKE_FAILED = "tls.handshake_failed";

    private final String serverName;
    private final TlsMode mode;
    private final Path certFile;
    private final Path keyFile;
    private final String keyPassword;
    private volatile ClientCertificates clients = ClientCertificates.NONE;
    private final FaultRegistry faults;
    private final DutyCycleWorker reloader;
    private volatile ServerCertificate certificate;
    private final AtomicLong tlsConnections = new AtomicLong();
    private final AtomicLong plaintextConnections = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong failedHandshakes = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong();

    /**
     * @param serverName names the server in log lines and the reload thread ("broker-a", "namesrv")
     * @param certFile   PEM certificate chain, leaf first (needed unless {@code mode} is DISABLED)
     * @param keyFile    PKCS#8 PEM private key of the leaf
     * @param keyPassword password of an encrypted key, else null
     */
    public ServerTls(String serverName, TlsMode mode, Path certFile, Path keyFile, String keyPassword,
                     long reloadIntervalMillis, Clock clock, FaultRegistry faults) {
        this.serverName = serverName;
        this.mode = mode;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.keyPassword = keyPassword;
        this.faults = faults;
        if (mode != TlsMode.DISABLED && (certFile == null || keyFile == null)) {
            throw new IllegalArgumentException(serverName + ": tlsMode " + mode + " needs tlsServerCertPath and "
                    + "tlsServerKeyPath (PEM files; see docs/security.md)");
        }
        this.reloader = mode == TlsMode.DISABLED ? null : DutyCycleWorker.periodic("tls-reload-" + serverName,
                clock, reloadIntervalMillis, this::checkOnce, faults);
    }

    /** A policy that serves plaintext only and refuses TLS handshakes with a log line. */
    public static ServerTls disabled(String serverName, FaultRegistry faults) {
        return new ServerTls(serverName, TlsMode.DISABLED, null, null, null, 1000, Clock.SYSTEM, faults);
    }

    public TlsMode mode() {
        return mode;
    }

    /**
     * Asks TLS clients for a certificate chaining to {@code clients.trustFile()} (mutual TLS); the CA file is read
     * and reloaded with the server's own pair. Call before {@link #open()} / {@link #start()}.
     *
     * @throws IllegalStateException when the certificate was already read
     */
    public ServerTls clientCertificates(ClientCertificates clients) {
        if (certificate != null) {
            throw new IllegalStateException("set the client certificate policy before open()/start()");
        }
        this.clients = java.util.Objects.requireNonNull(clients, "clients");
        return this;
    }

    /** Whom this server asks for client certificates. */
    public ClientCertificates clientCertificates() {
        return clients;
    }

    /**
     * Reads the certificate and starts watching its files (nothing to do when DISABLED).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public ServerTls start() {
        open();
        if (reloader != null) {
            reloader.start();
        }
        return this;
    }

    /** Reads the certificate without starting the watcher thread; {@link #checkNow()} then reloads (tests). */
    public ServerTls open() {
        if (mode != TlsMode.DISABLED && certificate == null) {
            certificate = ServerCertificate.read(certFile, keyFile, keyPassword, clients);
            log.info("{}: TLS {} with certificate {} from {}{} (reloaded when the files change)", serverName, mode,
                    certificate.describe(), certFile.toAbsolutePath(), clients.asked() ? "; client certificates "
                            + clients.auth() + " (CA " + clients.trustFile().toAbsolutePath() + ")" : "");
        }
        return this;
    }

    /**
     * Checks the files once on the caller's thread, for a policy {@link #open() opened} without the watcher.
     *
     * @throws IllegalStateException when the watcher thread runs (it alone replaces the certificate)
     */
    public void checkNow() {
        if (reloader != null && reloader.isRunning()) {
            throw new IllegalStateException("the TLS reload thread is running; checkNow is for a policy opened "
                    + "with open()");
        }
        checkOnce();
    }

    private void checkOnce() {
        ServerCertificate current = certificate;
        if (current == null || !current.changed(certFile, keyFile, clients)) {
            return;
        }
        ServerCertificate next;
        try {
            next = ServerCertificate.read(certFile, keyFile, keyPassword, clients);
        } catch (IllegalArgumentException e) {
            if (!faults.failingConditions().stream().anyMatch(f -> f.name().equals(FAULT_CERTIFICATE_INVALID)
                    && e.getMessage().equals(f.lastMessage()))) {
                log.error("{}: TLS certificate files changed but cannot be used ({}); the certificate {} stays in "
                        + "use", serverName, e.getMessage(), current.describe());
            }
            faults.failing(FAULT_CERTIFICATE_INVALID, e.getMessage());
            return;
        }
        certificate = next;
        reloads.incrementAndGet();
        faults.recovered(FAULT_CERTIFICATE_INVALID);
        log.info("{}: TLS certificate reloaded from {}: now {} (was {}); new connections use it", serverName,
                certFile.toAbsolutePath(), next.describe(), current.describe());
    }

    /** Puts the sniffer first in a new connection's pipeline; called by the server for every connection. */
    public void install(ChannelPipeline pipeline) {
        pipeline.addFirst("tls-sniffer", new TlsSniffer(this));
    }

    /**
     * Called by the sniffer once the first bytes tell what the client speaks: rewires the pipeline, or refuses and
     * closes the connection.
     *
     * @return whether the connection is kept
     */
    boolean onFirstBytes(ChannelHandlerContext ctx, boolean tls) {
        String remote = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(ctx.channel().remoteAddress());
        if (tls && mode != TlsMode.DISABLED) {
            SslHandler handler = certificate.context().newHandler(ctx.alloc());
            ctx.pipeline().addAfter(ctx.name(), "tls", handler);
            ctx.pipeline().addAfter("tls", "tls-handshake", new HandshakeObserver(this, remote));
            ctx.pipeline().remove(ctx.handler());
            return true;
        } else if (!tls && mode != TlsMode.ENFORCING) {
            plaintextConnections.incrementAndGet();
            ctx.pipeline().remove(ctx.handler());
            return true;
        } else {
            refusedConnections.incrementAndGet();
            String why = tls
                    ? "refused a TLS handshake from " + remote + ": TLS is off on this port (tlsMode DISABLED); "
                    + "connect without TLS or set tlsMode PERMISSIVE or ENFORCING"
                    : "refused a plaintext connection from " + remote + ": this port requires TLS (tlsMode "
                    + "ENFORCING); connect with TLS (official client: -Dtls.enable=true; FerryMQ client: tlsEnable)";
            faults.record(tls ? FAULT_TLS_REFUSED : FAULT_PLAINTEXT_REFUSED, why);
            if (mayLog()) {
                log.warn("{}: {} ({} refused so far; at most one line a second)", serverName, why,
                        refusedConnections.get());
            }
            ctx.close();
            return false;
        }
    }

    void onHandshake(String remote, Throwable failure) {
        if (failure == null) {
            tlsConnections.incrementAndGet();
            return;
        }
        failedHandshakes.incrementAndGet();
        String why = "TLS handshake with " + remote + " failed: " + (failure.getMessage() == null
                ? failure.toString() : failure.getMessage())
                + (clients.auth() == io.netty.handler.ssl.ClientAuth.REQUIRE ? " (this port requires a client "
                + "certificate signed by a CA of " + clients.trustFile() + ")" : "");
        faults.record(FAULT_HANDSHAKE_FAILED, why);
        if (mayLog()) {
            log.warn("{}: {} ({} failed so far; at most one line a second)", serverName, why, failedHandshakes.get());
        }
    }

    private boolean mayLog() {
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        return (last == 0 || now - last >= 1_000_000_000L) && lastLogNanos.compareAndSet(last, now == 0 ? 1 : now);
    }

    /** Figures for GET_BROKER_RUNTIME_INFO and diagnostics. */
    public Map<String, String> figures() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tlsMode", mode.name());
        m.put("tlsConnections", Long.toString(tlsConnections.get()));
        m.put("tlsPlaintextConnections", Long.toString(plaintextConnections.get()));
        m.put("tlsRefusedConnections", Long.toString(refusedConnections.get()));
        m.put("tlsFailedHandshakes", Long.toString(failedHandshakes.get()));
        m.put("tlsClientAuth", clients.auth().name());
        ServerCertificate c = certificate;
        if (c != null) {
            m.put("tlsCertificate", c.describe());
            m.put("tlsCertificateReloads", Long.toString(reloads.get()));
        }
        return m;
    }

    /** Connections that completed a TLS handshake. */
    public long tlsConnections() {
        return tlsConnections.get();
    }

    /** Plaintext connections let through (DISABLED or PERMISSIVE). */
    public long plaintextConnections() {
        return plaintextConnections.get();
    }

    /** Connections closed because the mode does not allow what they spoke. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** Times a changed pair of files was taken into use. */
    public long reloads() {
        return reloads.get();
    }

    /** Stops watching the files; idempotent. */
    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }
}
