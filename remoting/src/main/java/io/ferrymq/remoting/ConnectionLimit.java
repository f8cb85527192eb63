package io.ferrymq.remoting;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the connections a {@link RemotingServer} keeps open ({@code maxConnections}): thousands of idle
 * connections from one misbehaving or hostile peer must not exhaust the server's file descriptors and memory
 * while the idle timeout catches up. A connection over the limit is refused (closed as soon as it is accepted) and
 * counted; refusals are logged at WARN, at most one line a second, naming the limit and how many were refused.
 *
 * <p>Threads: called from the server's I/O threads (accept) and close listeners; state is atomic.
 */
final class ConnectionLimit {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final String server;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    ConnectionLimit(String server, int max) {
        this.server = server;
        this.max = max;
    }

    /** True when {@code ch} may stay open (it then counts until it closes); false when it must be closed. */
    boolean admit(Channel ch) {
        if (open.incrementAndGet() <= max) {
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            return true;
        }
        open.decrementAndGet();
        refused.incrementAndGet();
        refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
            log.warn("{}: refusing connection from {}: {} connections are open, the limit maxConnections={} "
                            + "({} refused since the last line, {} in all); raise maxConnections in the server's "
                            + "configuration if these clients are legitimate", server,
                    RemotingChannel.format(ch.remoteAddress()), max, max, refusedSinceLog.getAndSet(0), refused.get());
        }
        return false;
    }

    /** Connections refused since start. */
    long refused() {
        return refused.get();
    }

    /** Connections counted as open now. */
    int open() {
        return open.get();
    }
}
