package io.ferrymq.store.ha;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Master side of replication: serves slaves' pulls of commit-log bytes from its store, holds a pull that is
 * caught up until new bytes are appended (long polling), and tracks each slave's acknowledged offset so that
 * SYNC_MASTER sends can wait for them ({@link #awaitReplicated}). The network is a {@link SourceTransport}.
 *
 * <p>Threading: once the master is serving (its restore window closed, {@link MasterRestore}), a pull is served
 * on the transport thread that decoded it, and a held pull is answered on its connection's thread
 * ({@link SlaveLink#execute}) when {@link #onAppended()} reports new bytes, so a replication round costs no
 * hand-off to a worker of its own. Until then, and for reads and pushes always, the single {@code ha-source}
 * worker serves requests and owns the restore. The held pulls are a concurrent queue whose entries are answered
 * by whoever removes them; the replication waiters are guarded by their list's monitor and completed outside it.
 * Every {@value #EXPIRY_MILLIS} ms of the clock the worker also answers expired holds and waiters. Tests leave it
 * unstarted and drive it with {@link #step()}.
 */
public final class ReplicationSource implements SourceTransport.Handler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicationSource.class);
    /** How often held pulls and waiters are checked for expiry. */
    static final long EXPIRY_MILLIS = 50;
    /** Longest hold a slave may ask for. */
    private static final long MAX_HOLD_MILLIS = 10_000;
    /** Fault name of a peer that claimed to hold more of the commit log than this master has. */
    public static final String PEER_AHEAD = "replication.source.peer_ahead";

    private final MessageStore store;
    private final ReplicationConfig config;
    private final SourceTransport transport;
    private final Clock clock;
    private final DutyCycleWorker worker;
    private final FaultRegistry faults;
    private final Map<SlaveLink, Slave> slaves = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<HeldPull> held = new ConcurrentLinkedQueue<>();
    private final List<Waiter> waiters = new ArrayList<>(); // guarded by itself
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final MasterRestore restore; // ha-source thread only
    private volatile String restoreView = MasterRestore.State.SERVING.toString();
    /** Whether the restore is over for good (SERVING is final), so pulls need not pass the ha-source worker. */
    private volatile boolean serving;

    private static final class Slave {
        final String address;
        volatile long ackOffset;
        volatile long caughtUpNanos;
        final long connectedAt;
        final ByteRate rate = new ByteRate();

        Slave(String address, long nowNanos, long connectedAt) {
            this.address = address;
            this.caughtUpNanos = nowNanos;
            this.connectedAt = connectedAt;
            this.ackOffset = connectedAt;
        }
    }

    private record HeldPull(SlaveLink link, Consumer<ChunkReply> reply, long offset, int maxBytes,
                            long deadlineNanos) {
    }

    private record Waiter(long offset, int replicas, CompletableFuture<ReplicaAck> future, long deadlineNanos) {
    }

    public ReplicationSource(MessageStore store, ReplicationConfig config, SourceTransport transport) {
        this(store, config, transport, Clock.SYSTEM, new FaultRegistry(Clock.SYSTEM));
    }

    /**
     * @param clock  monotonic time of holds, waiter deadlines and lag (tests step a manual one)
     * @param faults where failed rounds of the {@code ha-source} worker and peers claiming more than this master has
     *               ({@value #PEER_AHEAD}) are counted
     */
    public ReplicationSource(MessageStore store, ReplicationConfig config, SourceTransport transport, Clock clock,
                             FaultRegistry faults) {
        this.store = store;
        this.config = config.validate();
        this.transport = transport;
        this.clock = clock;
        this.faults = faults;
        this.worker = DutyCycleWorker.periodic("ha-source", clock, EXPIRY_MILLIS, this::expire, faults);
        this.restore = new MasterRestore(store, clock, faults);
    }

    /**
     * Starts the worker, then binds the transport. From here a slave that reports more than this master holds
     * restores it ({@link MasterRestore}); with {@code haRestoreWaitMillis} > 0 client puts are held until a slave
     * has reported, at most that long.
     */
    public ReplicationSource start() {
        openRestoreWindow();
        worker.start();
        transport.start(this);
        log.info("replication: master serving slaves on port {}", transport.port());
        return this;
    }

    /** The replication port (useful when configured as 0). */
    public int port() {
        return transport.port();
    }

    /**
     * Tells the source that the store's commit log grew, so held pulls are answered now. Cheap and
     * coalescing: call it after every append (e.g. from a dispatch listener).
     */
    public void onAppended() {
        // Safe to skip when nothing is held: servePull re-reads the log end after holding a pull (see there).
        HeldPull first = held.peek();
        if (first == null || !wakeScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            first.link.execute(() -> {
                wakeScheduled.set(false);
                serveHeld(false);
            });
        } catch (RejectedExecutionException closing) {
            wakeScheduled.set(false); // the connection's thread stopped: its pulls are dropped as inactive
            worker.execute(() -> serveHeld(false));
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
        Waiter w = new Waiter(endOffset, replicas, f, clock.nanoTime() + timeoutMillis * 1_000_000L);
        synchronized (waiters) {
            waiters.add(w);
        }
        completeWaiters(); // an acknowledgement may have come in between the check above and the add
        return f;
    }

    /**
     * Begins the restore window of a (re)started master: {@link #start()} does it before its worker runs; tests of an
     * unstarted source call it before stepping.
     */
    void openRestoreWindow() {
        restore.begin(config.restoreWaitMillis());
        publishRestoreState();
    }

    /** The restore state for status displays: WAITING, OPEN, RESTORING [from, ...) from a slave, or SERVING. */
    public String restoreState() {
        return restoreView;
    }

    /** Connected slaves, most advanced first. */
    public List<ReplicaStatus> slaves() {
        long max = store.commitLogMaxOffset();
        long now = clock.nanoTime();
        List<ReplicaStatus> out = new ArrayList<>();
        for (Slave s : slaves.values()) {
            long lag = Math.max(0, max - s.ackOffset);
            out.add(new ReplicaStatus(s.address, s.ackOffset, lag,
                    lag == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - s.caughtUpNanos),
                    s.rate.perSecond(clock.monotonicMillis()), s.connectedAt));
        }
        out.sort(Comparator.comparingLong(ReplicaStatus::ackOffset).reversed());
        return out;
    }

    /** How many connected slaves hold every commit-log byte below {@code offset}. */
    public int slavesHolding(long offset) {
        int n = 0;
        for (Slave s : slaves.values()) {
            if (s.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    /**
     * The offset below which at least {@code replicas} slaves hold every byte (-1 if fewer slaves). Called for every
     * send under SYNC_MASTER, so it allocates nothing for one replica, the usual case.
     */
    private long ackedBy(int replicas) {
        if (replicas <= 0) {
            return Long.MAX_VALUE;
        }
        if (replicas == 1) {
            long best = -1;
            for (Slave s : slaves.values()) {
                best = Math.max(best, s.ackOffset);
            }
            return best;
        }
        long[] acks = slaves.values().stream().mapToLong(s -> s.ackOffset).toArray();
        if (acks.length < replicas) {
            return -1;
        }
        Arrays.sort(acks);
        return acks[acks.length - replicas];
    }

    // ------------------------------------------------------------------ requests (transport threads)

    @Override
    public void onPull(SlaveLink link, long offset, int maxBytes, long holdMillis, Consumer<ChunkReply> reply) {
        if (serving) {
            servePull(link, offset, maxBytes, holdMillis, reply);
        } else {
            worker.execute(() -> {
                boolean behind = restore.onPull(link, offset, store.commitLogMaxOffset());
                publishRestoreState();
                if (behind) {
                    reply.accept(ChunkReply.masterBehind(offset, store.commitLogMinOffset(),
                            store.commitLogMaxOffset()));
                } else {
                    servePull(link, offset, maxBytes, holdMillis, reply);
                }
            });
        }
    }

    @Override
    public void onRead(SlaveLink link, long offset, int maxBytes, Consumer<ChunkReply> reply) {
        worker.execute(() -> reply.accept(read(offset, clampBytes(maxBytes))));
    }

    @Override
    public void onPush(SlaveLink link, long offset, ByteBuffer bytes, Consumer<ChunkReply> reply) {
        worker.execute(() -> {
            reply.accept(restore.onPush(link, offset, bytes));
            publishRestoreState();
        });
    }

    @Override
    public void onDisconnected(SlaveLink link) {
        worker.execute(() -> {
            restore.onDisconnected(link);
            publishRestoreState();
        });
        Slave s = slaves.remove(link);
        if (s != null) {
            log.info("replication: slave {} disconnected (it held up to offset {})", s.address, s.ackOffset);
        }
    }

    // ------------------------------------------------------------------ serving (transport thread or ha-source)

    /**
     * Records the pull's acknowledgement and answers it, or holds it until new bytes come. Runs on the transport
     * thread that decoded it once the master serves, else on ha-source after the restore had its say.
     */
    private void servePull(SlaveLink link, long offset, int maxBytes, long holdMillis, Consumer<ChunkReply> reply) {
        int max = clampBytes(maxBytes);
        long hold = Math.min(holdMillis, MAX_HOLD_MILLIS);
        long now = clock.nanoTime();
        long masterEnd = store.commitLogMaxOffset();
        if (offset > masterEnd) {
            refusePeerAhead(link, offset, masterEnd, reply);
            return;
        }
        Slave slave = slaves.computeIfAbsent(link, l -> {
            log.info("replication: slave {} connected at offset {}", l.remoteAddress(), offset);
            return new Slave(l.remoteAddress(), now, offset);
        });
        slave.rate.add(offset - slave.ackOffset, clock.monotonicMillis());
        slave.ackOffset = offset;
        if (offset >= store.commitLogMaxOffset()) {
            slave.caughtUpNanos = now;
        }
        completeWaiters();
        ChunkReply answer = read(offset, max);
        if (answer.isSuccess() && !answer.bytes().hasRemaining() && hold > 0) {
            held.add(new HeldPull(link, reply, offset, max, now + hold * 1_000_000L));
            // An append between the read above and the add did not see this pull in onAppended (which skips an
            // empty queue): its end offset is already visible here, so serve it now rather than at expiry.
            if (store.commitLogMaxOffset() > offset) {
                serveHeld(false);
            }
            return;
        }
        reply.accept(answer);
    }

    /**
     * A pull offset is the peer's acknowledgement of every byte below it, so an offset past this master's end
     * acknowledges bytes the master never had (a rogue peer, or a slave ahead of a master restarted behind it):
     * counting it would let a SYNC_MASTER send no slave holds answer SEND_OK. The peer is not (or no longer)
     * a replica; a real slave realigns on the OFFSET_OUT_OF_RANGE answer and pulls again from a common offset.
     */
    private void refusePeerAhead(SlaveLink link, long offset, long masterEnd, Consumer<ChunkReply> reply) {
        Slave dropped = slaves.remove(link);
        faults.record(PEER_AHEAD, "replication peer " + link.remoteAddress() + " claimed offset " + offset
                + " beyond this master's commit-log end " + masterEnd + "; not counted as a replica"
                + (dropped == null ? "" : " (dropped; it had acknowledged " + dropped.ackOffset + ")"));
        log.warn("replication: peer {} claims offset {} beyond this master's end {}: not counted as a replica until "
                + "it pulls from an offset the master has", link.remoteAddress(), offset, masterEnd);
        reply.accept(ChunkReply.outOfRange(offset, store.commitLogMinOffset(), masterEnd));
    }

    private int clampBytes(int maxBytes) {
        int asked = maxBytes == SourceTransport.MAX_BYTES_NOT_GIVEN ? config.maxTransferBytes() : maxBytes;
        return Math.max(1, Math.min(asked, config.maxTransferBytes()));
    }

    private ChunkReply read(long offset, int maxBytes) {
        long min = store.commitLogMinOffset();
        long max = store.commitLogMaxOffset();
        ByteBuffer bytes = offset < min || offset > max ? null : store.readCommitLog(offset, maxBytes);
        if (bytes == null) {
            return ChunkReply.outOfRange(offset, min, max);
        }
        return ChunkReply.success(offset, min, max, bytes);
    }

    /** Answers held pulls that now have bytes, or whose hold expired. */
    private void serveHeld(boolean expiredOnly) {
        long now = clock.nanoTime();
        for (HeldPull h : held) {
            boolean expired = now - h.deadlineNanos >= 0;
            if (!h.link.isActive()) {
                held.remove(h);
                continue;
            }
            if (expiredOnly && !expired) {
                continue;
            }
            ChunkReply answer = read(h.offset, h.maxBytes);
            // several threads may serve the same hold: only the one that removes it answers
            if ((answer.bytes().hasRemaining() || expired || !answer.isSuccess()) && held.remove(h)) {
                h.reply.accept(answer);
            }
        }
    }

    /** The periodic round: answers expired holds and waiters (a failure is counted by the worker). */
    private void expire() {
        restore.expire();
        publishRestoreState();
        serveHeld(true);
        completeWaiters();
    }

    /**
     * Completes waiters that enough slaves have acknowledged, or that timed out. Any thread; the futures are
     * completed outside the monitor, since their continuations answer the sends.
     */
    private void completeWaiters() {
        List<Waiter> done = null;
        List<ReplicaAck> outcomes = null;
        synchronized (waiters) {
            if (waiters.isEmpty()) {
                return;
            }
            long now = clock.nanoTime();
            // Every waiter of a broker asks for the same replica count (only a config change alters it), so the
            // acknowledged offset is looked up once, not once per waiter.
            int count = waiters.get(0).replicas;
            long acked = ackedBy(count);
            int kept = 0;
            for (int i = 0; i < waiters.size(); i++) {
                Waiter w = waiters.get(i);
                ReplicaAck outcome = (w.replicas == count ? acked : ackedBy(w.replicas)) >= w.offset ? ReplicaAck.OK
                        : now - w.deadlineNanos < 0 ? null
                        : slaves.size() < w.replicas ? ReplicaAck.NO_SLAVE : ReplicaAck.TIMEOUT;
                if (outcome == null) {
                    waiters.set(kept++, w);
                    continue;
                }
                if (done == null) {
                    done = new ArrayList<>();
                    outcomes = new ArrayList<>();
                }
                done.add(w);
                outcomes.add(outcome);
            }
            waiters.subList(kept, waiters.size()).clear();
        }
        if (done != null) {
            for (int i = 0; i < done.size(); i++) {
                done.get(i).future.complete(outcomes.get(i));
            }
        }
    }

    private void publishRestoreState() {
        restoreView = restore.describe();
        serving = restore.state() == MasterRestore.State.SERVING;
    }

    /**
     * Runs one round of the {@code ha-source} worker on the calling thread: the queued requests, then the
     * periodic expiry if due. For tests of an unstarted source.
     */
    int step() {
        return worker.step();
    }

    /** Closes the transport, stops the worker, and answers NO_SLAVE to whoever still waits. */
    @Override
    public void close() {
        transport.close();
        worker.close();
        worker.step(); // requests and waiters queued before the close: answer them rather than leave them hanging
        List<Waiter> left;
        synchronized (waiters) {
            left = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter w : left) {
            w.future.complete(ReplicaAck.NO_SLAVE);
        }
    }
}
