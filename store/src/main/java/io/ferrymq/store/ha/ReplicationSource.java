package io.ferrymq.store.ha;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.store.MessageStore;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Master side of replication: serves slaves' pulls of commit-log bytes from its store, holds a pull that is
 * caught up until new bytes are appended (long polling), and tracks each slave's acknowledged offset so that
 * SYNC_MASTER sends can wait for them ({@link #awaitReplicated}).
 *
 * <p>Threading: pulls arrive on the replication server's I/O threads and are served on the single
 * {@code ha-source} thread, which also owns the held pulls and the replication waiters; {@link #onAppended()}
 * and {@link #awaitReplicated} only enqueue work for it.
 */
public final class ReplicationSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicationSource.class);

    private final MessageStore store;
    private final ReplicationConfig config;
    private final RemotingServer server;
    private final ScheduledExecutorService worker;
    private final Map<RemotingChannel, Slave> slaves = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<HeldPull> held = new ConcurrentLinkedQueue<>();
    private final List<Waiter> waiters = new ArrayList<>(); // ha-source thread only
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();

    private static final class Slave {
        final String address;
        volatile long ackOffset;
        volatile long caughtUpNanos = System.nanoTime();

        Slave(String address) {
            this.address = address;
        }
    }

    private record HeldPull(RemotingChannel channel, RemotingCommand request, long offset, int maxBytes,
                            long deadlineNanos) {
    }

    private record Waiter(long offset, int replicas, CompletableFuture<ReplicaAck> future, long deadlineNanos) {
    }

    public ReplicationSource(MessageStore store, ReplicationConfig config) {
        this.store = store;
        this.config = config.validate();
        this.worker = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("ha-source"));
        this.server = new RemotingServer(new RemotingServerConfig().name("ha-source-server")
                .bindAddress(config.bindAddress()).listenPort(config.haListenPort()).ioThreads(1)
                .channelMaxIdleSeconds(0));
        server.registerProcessor(ReplicationProtocol.HA_PULL, this::onPull, worker);
        server.registerProcessor(ReplicationProtocol.HA_READ, this::onRead, worker);
        server.setChannelEventListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                Slave s = slaves.remove(channel);
                if (s != null) {
                    log.info("replication: slave {} disconnected (it held up to offset {})", s.address, s.ackOffset);
                }
            }
        });
    }

    public ReplicationSource start() {
        server.start();
        worker.scheduleWithFixedDelay(this::expire, 50, 50, TimeUnit.MILLISECONDS);
        log.info("replication: master serving slaves on port {}", server.port());
        return this;
    }

    /** The replication port (useful when configured as 0). */
    public int port() {
        return server.port();
    }

    /**
     * Tells the source that the store's commit log grew, so held pulls are answered now. Cheap and
     * coalescing: call it after every append (e.g. from a dispatch listener).
     */
    public void onAppended() {
        if (wakeScheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                wakeScheduled.set(false);
                serveHeld(false);
            });
        }
    }

    /**
     * Completes when at least {@code replicas} slaves hold every commit-log byte below {@code endOffset}:
     * {@link ReplicaAck#OK}; {@link ReplicaAck#NO_SLAVE} at once when fewer slaves are connected;
     * {@link ReplicaAck#TIMEOUT} after {@code timeoutMillis}. Never completes exceptionally.
     */
    public CompletableFuture<ReplicaAck> awaitReplicated(long endOffset, int replicas, long timeoutMillis) {
        if (slaves.size() < replicas) {
            return CompletableFuture.completedFuture(ReplicaAck.NO_SLAVE);
        }
        if (ackedBy(replicas) >= endOffset) {
            return CompletableFuture.completedFuture(ReplicaAck.OK);
        }
        CompletableFuture<ReplicaAck> f = new CompletableFuture<>();
        Waiter w = new Waiter(endOffset, replicas, f, System.nanoTime() + timeoutMillis * 1_000_000L);
        worker.execute(() -> {
            waiters.add(w);
            completeWaiters();
        });
        return f;
    }

    /** Connected slaves, most advanced first. */
    public List<ReplicaStatus> slaves() {
        long max = store.commitLogMaxOffset();
        long now = System.nanoTime();
        List<ReplicaStatus> out = new ArrayList<>();
        for (Slave s : slaves.values()) {
            long lag = Math.max(0, max - s.ackOffset);
            out.add(new ReplicaStatus(s.address, s.ackOffset, lag,
                    lag == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - s.caughtUpNanos)));
        }
        out.sort(Comparator.comparingLong(ReplicaStatus::ackOffset).reversed());
        return out;
    }

    /** The offset below which at least {@code replicas} slaves hold every byte (-1 if fewer slaves). */
    private long ackedBy(int replicas) {
        List<Long> acks = new ArrayList<>();
        for (Slave s : slaves.values()) {
            acks.add(s.ackOffset);
        }
        if (acks.size() < replicas || replicas <= 0) {
            return replicas <= 0 ? Long.MAX_VALUE : -1;
        }
        acks.sort(Comparator.reverseOrder());
        return acks.get(replicas - 1);
    }

    private RemotingCommand onPull(RemotingChannel ch, RemotingCommand req) throws HeaderFieldException {
        long offset = req.ext().requireLong(ReplicationProtocol.OFFSET);
        int maxBytes = clampBytes(req.ext().optInt(ReplicationProtocol.MAX_BYTES, config.maxTransferBytes()));
        long hold = Math.min(req.ext().optLong(ReplicationProtocol.HOLD_MILLIS, 0), 10_000);
        Slave slave = slaves.computeIfAbsent(ch, c -> {
            log.info("replication: slave {} connected at offset {}", c.remoteAddress(), offset);
            return new Slave(c.remoteAddress());
        });
        slave.ackOffset = offset;
        long max = store.commitLogMaxOffset();
        if (offset >= max) {
            slave.caughtUpNanos = System.nanoTime();
        }
        completeWaiters();
        RemotingCommand answer = read(req, offset, maxBytes);
        if (answer.code() == ReplicationProtocol.SUCCESS && answer.bodyLength() == 0 && hold > 0) {
            held.add(new HeldPull(ch, req, offset, maxBytes, System.nanoTime() + hold * 1_000_000L));
            return null;
        }
        return answer;
    }

    private RemotingCommand onRead(RemotingChannel ch, RemotingCommand req) throws HeaderFieldException {
        long offset = req.ext().requireLong(ReplicationProtocol.OFFSET);
        int maxBytes = clampBytes(req.ext().optInt(ReplicationProtocol.MAX_BYTES, config.maxTransferBytes()));
        return read(req, offset, maxBytes);
    }

    private int clampBytes(int maxBytes) {
        return Math.max(1, Math.min(maxBytes, config.maxTransferBytes()));
    }

    private RemotingCommand read(RemotingCommand req, long offset, int maxBytes) {
        long min = store.commitLogMinOffset();
        long max = store.commitLogMaxOffset();
        ByteBuffer bytes = offset < min || offset > max ? null : store.readCommitLog(offset, maxBytes);
        if (bytes == null) {
            return RemotingCommand.response(ReplicationProtocol.OFFSET_OUT_OF_RANGE,
                            "offset " + offset + " is outside the master's commit log [" + min + ", " + max + "]")
                    .putExt(ReplicationProtocol.MASTER_MIN, Long.toString(min))
                    .putExt(ReplicationProtocol.MASTER_MAX, Long.toString(max));
        }
        RemotingCommand r = RemotingCommand.response(ReplicationProtocol.SUCCESS, null)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MASTER_MIN, Long.toString(min))
                .putExt(ReplicationProtocol.MASTER_MAX, Long.toString(max));
        if (bytes.hasRemaining()) {
            r.bodyBuffer(Unpooled.wrappedBuffer(bytes));
        }
        return r;
    }

    /** On the ha-source thread: answers held pulls that now have bytes, or whose hold expired. */
    private void serveHeld(boolean expiredOnly) {
        long now = System.nanoTime();
        for (HeldPull h : held) {
            boolean expired = now - h.deadlineNanos >= 0;
            if (!h.channel.isActive()) {
                held.remove(h);
                continue;
            }
            if (expiredOnly && !expired) {
                continue;
            }
            RemotingCommand answer = read(h.request, h.offset, h.maxBytes);
            if (answer.bodyLength() > 0 || expired || answer.code() != ReplicationProtocol.SUCCESS) {
                held.remove(h);
                h.channel.reply(h.request, answer);
            } else if (answer.bodyBuffer() != null) {
                answer.bodyBuffer().release();
            }
        }
    }

    private void expire() {
        try {
            serveHeld(true);
            completeWaiters();
        } catch (RuntimeException e) {
            log.error("replication: housekeeping failed", e);
        }
    }

    /** On the ha-source thread: completes waiters that enough slaves have acknowledged, or that timed out. */
    private void completeWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        waiters.removeIf(w -> {
            if (ackedBy(w.replicas) >= w.offset) {
                w.future.complete(ReplicaAck.OK);
                return true;
            }
            if (now - w.deadlineNanos >= 0) {
                w.future.complete(slaves.size() < w.replicas ? ReplicaAck.NO_SLAVE : ReplicaAck.TIMEOUT);
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        server.shutdown();
        worker.shutdownNow();
        for (Waiter w : waiters) {
            w.future.complete(ReplicaAck.NO_SLAVE);
        }
    }
}
