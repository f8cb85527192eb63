package io.ferrymq.store.ha;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.ReplicaAppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Slave side of replication: pulls the master's commit log from the local end offset on and appends the bytes
 * at the same offsets ({@link MessageStore#appendReplicated}), so the replicated range is byte-identical. The
 * store dispatches consume queues and indexes from them as for any append. The network is a
 * {@link SinkTransport}.
 *
 * <p>After every (re)connection the sink first checks that its last message is byte-identical to the master's
 * at the same offset; if not (e.g. an old master restarted as slave with an unreplicated tail), it finds the
 * last common message boundary, truncates its log there (counted as {@value #TRUNCATED}) and replays from the
 * master. It never serves bytes the master does not have past that check.
 *
 * <p>A master that holds less than this slave, all of it the same as the slave's (its store was deleted or cut
 * by a power loss), is never followed down: the slave keeps its log. If the master answers MASTER_BEHIND (it
 * restores from its slave, {@link MasterRestore}), the sink first runs the {@link RestoreHook} (the broker sends
 * the master its topics and groups), then sends its own bytes from the master's end with {@code HA_PUSH}, one
 * chunk per round, and pulls as usual once the master has them all. If the master does not restore from it, the
 * slave replicates nothing while the master is behind (counted as {@value #MASTER_BEHIND}).
 *
 * <p>A message the slave's store found corrupt on a read (never served, {@link MessageStore#corruptEntryToRepair})
 * is re-fetched from the master at the same offset and written over the bad copy ({@link MessageStore#repairEntry}),
 * one per round before the pull.
 *
 * <p>Threading: one {@link DutyCycleWorker}, {@code ha-sink}, does all of it, one pull per round, until a pull
 * appends cleanly: from then on the steady pull loop runs on the transport's I/O thread
 * ({@link SinkTransport#pullOnIoThread}), which appends each answer and sends the next pull itself, and hands back
 * to the worker on anything else (the worker idles meanwhile, so only one of them pulls at a time).
 * {@link #masterAddress(String)} may be called from any thread (the broker updates it from name-server
 * registration results). A failed pull is counted as fault {@value #PULL_FAILED} and retried after
 * {@code retryBackoffMillis}.
 */
public final class ReplicationSink implements Duty, AutoCloseable {
    /** Fault name of a failed pull or alignment. */
    public static final String PULL_FAILED = "replication.sink.pull_failed";
    /** Fault name: a message this slave found corrupt was re-fetched from the master and repaired. */
    public static final String REPAIRED = "replication.sink.corrupt_entry_repaired";
    /** Fault name: a corrupt message could not be repaired from the master (its copy differs or is missing). */
    public static final String REPAIR_FAILED = "replication.sink.corrupt_entry_not_repaired";
    /** Fault name: the master holds less than this slave and does not restore from it; this slave keeps its log. */
    public static final String MASTER_BEHIND = "replication.sink.master_behind";
    /** Fault name: this slave truncated commit log its master does not hold (the master's log differs from it). */
    public static final String TRUNCATED = "replication.sink.truncated";
    /** Fault name: this slave sent a master that had lost it the commit log it missed. */
    public static final String RESTORED_MASTER = "replication.sink.restored_master";
    private static final Logger log = LoggerFactory.getLogger(ReplicationSink.class);
    private static final int SCAN_CHUNK = 8 * 1024 * 1024;
    /** Longest idle pause while no master address is known. */
    private static final long IDLE_MILLIS = 500;

    private final MessageStore store;
    private final ReplicationConfig config;
    private final int segmentSize;
    private final SinkTransport transport;
    private final Clock clock;
    private final FaultRegistry faults;
    private final DutyCycleWorker worker;
    private volatile String masterAddress;
    private volatile boolean closed;
    private volatile boolean verified;
    private volatile long lastContactNanos;
    private volatile long masterMaxOffset = -1;
    /** Wall-clock time of the last answer from the master, for status displays only (0 before any). */
    private volatile long lastContactMillis;
    private final ByteRate rate = new ByteRate();
    /** Monotonic millis before which no pull is tried after a failure; 0 when not backing off. */
    private volatile long retryAtMillis;
    /** Whether the pull loop runs on the transport's I/O thread ({@link #startIoLoop}); the worker idles meanwhile. */
    private volatile boolean ioLoopRunning;
    /** What stopped the I/O-thread loop, for the worker's next round (null: nothing to deal with). */
    private volatile IoLoopStop ioLoopStop;
    private String lastError; // ha-sink thread only
    private volatile RestoreHook restoreHook;
    /** Whether the restore hook ran for the master of this connection (ha-sink thread only). */
    private boolean hookRan;
    private volatile long pushedBytes;

    /** What the broker does before this slave sends its commit log to a master that lost it. */
    @FunctionalInterface
    public interface RestoreHook {
        /** Called on the sink's thread; a failure fails the round, which is retried after the back-off. */
        void beforePushing(String masterAddress) throws IOException, InterruptedException;
    }

    public ReplicationSink(MessageStore store, int commitLogSegmentSize, ReplicationConfig config,
                           SinkTransport transport) {
        this(store, commitLogSegmentSize, config, transport, Clock.SYSTEM, new FaultRegistry(Clock.SYSTEM));
    }

    /**
     * @param clock  monotonic time of back-off and contact (tests step a manual one)
     * @param faults where failed pulls are counted
     */
    public ReplicationSink(MessageStore store, int commitLogSegmentSize, ReplicationConfig config,
                           SinkTransport transport, Clock clock, FaultRegistry faults) {
        this.store = store;
        this.config = config.validate();
        this.segmentSize = commitLogSegmentSize;
        this.masterAddress = config.haMasterAddress();
        this.transport = transport;
        this.clock = clock;
        this.faults = faults;
        this.worker = new DutyCycleWorker("ha-sink", this, IDLE_MILLIS, faults);
    }

    public ReplicationSink start() {
        worker.start();
        return this;
    }

    /** Points the sink at the master's replication address (ip:port); null pauses replication. */
    public void masterAddress(String address) {
        if (address != null && address.isBlank()) {
            address = null;
        }
        String old = masterAddress;
        if (Objects.equals(old, address)) {
            return;
        }
        log.info("replication: master replication address {} -> {}", old, address);
        masterAddress = address;
        verified = false;
        retryAtMillis = 0;
        if (old != null) {
            transport.disconnect(old);
        }
        worker.wakeup();
    }

    public String masterAddress() {
        return masterAddress;
    }

    /** Sets what runs before this slave restores a master that lost its commit log (null: nothing). */
    public void onRestoringMaster(RestoreHook hook) {
        this.restoreHook = hook;
    }

    /** Commit-log bytes this slave has sent to masters restoring from it, since it started. */
    public long pushedBytes() {
        return pushedBytes;
    }

    /** Bytes the master had that this slave did not, as of the last exchange (-1 before any contact). */
    public long lagBytes() {
        long m = masterMaxOffset;
        return m < 0 ? -1 : Math.max(0, m - store.commitLogMaxOffset());
    }

    /** Wall-clock millis of the master's last answer (0 before any contact). */
    public long lastContactMillis() {
        return lastContactMillis;
    }

    /** The master's commit-log end as of the last exchange (-1 before any contact). */
    public long masterMaxOffset() {
        return masterMaxOffset;
    }

    /** Bytes replicated into this slave in the last completed second. */
    public long bytesPerSecond() {
        return rate.perSecond(clock.monotonicMillis());
    }

    /** Whether the sink heard from its master within the last {@code millis}. */
    public boolean inContactWithin(long millis) {
        return lastContactNanos != 0 && clock.nanoTime() - lastContactNanos < millis * 1_000_000L;
    }

    /**
     * One round: align with the master after a (re)connection, then one pull; 0 when idle, backing off, or while
     * the pull loop runs on the transport's I/O thread. After a pull that appended cleanly the loop moves there
     * ({@link #startIoLoop}) and comes back here, with what stopped it, on anything but a plain answer.
     */
    @Override
    public int doWork() throws InterruptedException {
        if (ioLoopRunning) {
            return 0;
        }
        String addr = masterAddress;
        if (closed || addr == null || clock.monotonicMillis() < retryAtMillis) {
            ioLoopStop = null;
            return 0;
        }
        try {
            IoLoopStop stop = ioLoopStop;
            if (stop != null) {
                ioLoopStop = null;
                if (stop.address.equals(addr)) {
                    finishIoLoop(addr, stop);
                }
            }
            if (!verified) {
                alignWithMaster(addr);
                verified = true;
            }
            repairOne(addr);
            pullOnce(addr);
            lastError = null;
            startIoLoop(addr);
            return 1;
        } catch (IOException | IllegalStateException e) {
            if (closed) {
                return 0;
            }
            verified = false;
            String msg = e.getMessage();
            faults.record(PULL_FAILED, "pulling from master " + addr + ": " + FaultRegistry.describe(e));
            if (!Objects.equals(msg, lastError)) {
                log.warn("replication: pulling from master {} failed: {}; retrying every {} ms", addr, msg,
                        config.retryBackoffMillis());
                lastError = msg;
            }
            retryAtMillis = clock.monotonicMillis() + config.retryBackoffMillis();
            return 0;
        }
    }

    @Override
    public long millisUntilNextRound() {
        long wait = retryAtMillis - clock.monotonicMillis();
        return wait > 0 ? wait : Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ the pull loop on the I/O thread

    /** Why the I/O-thread loop handed back to the worker: an answer other than a plain one, or a failure. */
    private record IoLoopStop(String address, long offset, ChunkReply answer, Exception failure) {
    }

    /**
     * Moves the pull loop to the transport's I/O thread when nothing needs the worker: the answer of each pull
     * is appended there and the next pull leaves at once, so a replication round costs no wake-up of this
     * worker. The loop stops, and wakes the worker with the reason, on a failure, an answer other than SUCCESS, a
     * corrupt message to repair, a new master address, or the sink's close.
     */
    private void startIoLoop(String addr) {
        if (closed || !verified || !addr.equals(masterAddress) || store.corruptEntryToRepair() >= 0) {
            return;
        }
        ioLoopRunning = true;
        if (!pullOnIoThread(addr)) {
            ioLoopRunning = false; // the transport cannot (no live connection): the worker pulls as before
        }
    }

    /** Starts one pull whose answer arrives on the I/O thread; false when the transport cannot. */
    private boolean pullOnIoThread(String addr) {
        long offset = store.commitLogMaxOffset();
        return transport.pullOnIoThread(addr, offset, config.maxTransferBytes(), config.holdMillis(),
                config.holdMillis() + config.requestTimeoutMillis(),
                (answer, failure) -> onIoThreadAnswer(addr, offset, answer, failure));
    }

    /** The I/O thread: appends a plain answer and pulls again, or hands back to the worker. */
    private void onIoThreadAnswer(String addr, long offset, ChunkReply answer, Throwable failure) {
        IoLoopStop stop;
        try {
            if (failure == null && answer.isSuccess() && !closed && verified && addr.equals(masterAddress)) {
                onAnswer(addr, offset, answer);
                if (store.corruptEntryToRepair() < 0 && pullOnIoThread(addr)) {
                    return;
                }
                stop = null;
            } else {
                stop = new IoLoopStop(addr, offset, answer, failure == null ? null
                        : failure instanceof Exception e ? e : new IOException(failure.toString(), failure));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop = new IoLoopStop(addr, offset, null, e); // InterruptedException: only a push waits, never done here
        }
        ioLoopStop = stop; // read by the worker after it sees ioLoopRunning false
        ioLoopRunning = false;
        worker.wakeup();
    }

    /**
     * The worker: deals with what stopped the I/O-thread loop as if its own pull had got it; a failure is thrown
     * so the round counts it and backs off as for any failed pull.
     */
    private void finishIoLoop(String addr, IoLoopStop stop) throws IOException, InterruptedException {
        if (stop.failure instanceof IOException e) {
            throw e;
        }
        if (stop.failure != null) {
            throw new IllegalStateException(String.valueOf(stop.failure.getMessage()), stop.failure);
        }
        // a SUCCESS answer stopped the loop only because something changed meanwhile: the next pull fetches it again
        if (stop.answer != null && !stop.answer.isSuccess() && stop.offset == store.commitLogMaxOffset()) {
            onAnswer(addr, stop.offset, stop.answer);
        }
    }

    // ------------------------------------------------------------------ pulls on the worker

    private void pullOnce(String addr) throws InterruptedException, IOException {
        long offset = store.commitLogMaxOffset();
        ChunkReply resp = transport.pull(addr, offset, config.maxTransferBytes(), config.holdMillis(),
                config.holdMillis() + config.requestTimeoutMillis());
        onAnswer(addr, offset, resp);
    }

    /**
     * Applies the master's answer to a pull from {@code offset}: appends its bytes, pushes this slave's log to a
     * master that is behind, or throws what stops the round. Runs on the worker, and on the I/O thread for SUCCESS
     * answers only (never a push, which waits).
     */
    private void onAnswer(String addr, long offset, ChunkReply resp) throws InterruptedException, IOException {
        lastContactNanos = clock.nanoTime();
        lastContactMillis = clock.currentTimeMillis();
        if (resp.masterMaxOffset() >= 0) {
            masterMaxOffset = resp.masterMaxOffset();
        }
        if (resp.code() == ReplicationProtocol.MASTER_BEHIND) {
            pushOnce(addr, resp.masterMaxOffset(), offset);
            return;
        }
        if (resp.code() == ReplicationProtocol.OFFSET_OUT_OF_RANGE) {
            long masterMin = resp.masterMinOffset();
            if (offset > masterMaxOffset) {
                faults.record(MASTER_BEHIND, "master " + addr + "'s commit log ends at " + masterMaxOffset
                        + ", below this slave's " + offset + ", and it does not restore from this slave");
                verified = false; // realign (without truncating what the master lacks) once it holds more
                throw new IllegalStateException("the master's commit log ends below this slave's and it does not "
                        + "restore from it (it took puts of its own since its start): this slave keeps its log and "
                        + "serves it, replicating nothing meanwhile. To keep this slave's messages, stop the master, "
                        + "copy this slave's store directory to it and start it again (docs/reliability.md)");
            }
            throw new IllegalStateException("this slave's commit log ends at " + offset
                    + ", below the master's earliest retained offset " + masterMin
                    + "; the missing range is gone from the master. Stop this slave, move its store directory "
                    + "aside and start it empty so it copies the master from the start");
        }
        if (!resp.isSuccess()) {
            throw new IllegalStateException("master answered code " + resp.code() + ": " + resp.remark());
        }
        ByteBuffer body = resp.bytes();
        if (!body.hasRemaining()) {
            return;
        }
        int length = body.remaining();
        ReplicaAppendResult r = store.appendReplicated(offset, body);
        rate.add(length, clock.monotonicMillis());
        if (!r.ok()) {
            verified = false;
            throw new IllegalStateException("appending " + length + " replicated bytes at " + offset
                    + " failed: " + r.reason());
        }
    }

    /**
     * Sends one chunk of this slave's log from {@code masterEnd} to a master restoring from it; the broker's hook
     * runs first, once per connection.
     */
    private void pushOnce(String addr, long masterEnd, long myEnd) throws IOException, InterruptedException {
        if (masterEnd < 0 || masterEnd >= myEnd) {
            throw new IllegalStateException("master answered MASTER_BEHIND with its end " + masterEnd
                    + " for this slave's end " + myEnd);
        }
        RestoreHook hook = restoreHook;
        if (!hookRan) {
            log.warn("replication: master {} lost its commit log beyond offset {}; sending it this slave's [{}, {})",
                    addr, masterEnd, masterEnd, myEnd);
            if (hook != null) {
                hook.beforePushing(addr);
            }
            hookRan = true;
        }
        ByteBuffer mine = store.readCommitLog(masterEnd, config.maxTransferBytes());
        if (mine == null || !mine.hasRemaining()) {
            throw new IllegalStateException("the master lost its commit log from " + masterEnd + " but this slave "
                    + "holds only [" + store.commitLogMinOffset() + ", " + myEnd + "); it cannot restore the master");
        }
        int length = mine.remaining();
        ChunkReply r = transport.push(addr, masterEnd, mine, config.requestTimeoutMillis());
        lastContactNanos = clock.nanoTime();
        lastContactMillis = clock.currentTimeMillis();
        if (!r.isSuccess()) {
            throw new IllegalStateException("master refused the restore chunk at " + masterEnd + ": " + r.remark());
        }
        pushedBytes += length;
        masterMaxOffset = r.masterMaxOffset();
        if (r.masterMaxOffset() >= myEnd) {
            faults.record(RESTORED_MASTER, "master " + addr + " restored its commit log up to " + myEnd
                    + " from this slave");
            log.warn("replication: master {} holds this slave's commit log again (up to {})", addr, myEnd);
        }
    }

    /** Re-fetches one corrupt message from the master and writes it over the local copy. */
    private void repairOne(String addr) throws IOException, InterruptedException {
        long bad = store.corruptEntryToRepair();
        if (bad < 0) {
            return;
        }
        ByteBuffer theirs = masterBytes(addr, bad, 1); // asking for 1 byte ships the first entry whole
        ByteBuffer entry = null;
        if (theirs != null && theirs.remaining() >= 4) {
            int size = theirs.getInt(theirs.position());
            if (size > 0 && size <= theirs.remaining()) {
                entry = theirs.slice(theirs.position(), size);
            }
        }
        if (entry != null && store.repairEntry(bad, entry)) {
            faults.record(REPAIRED, "the corrupt message at commit-log offset " + bad + " was re-fetched from master "
                    + addr);
            log.warn("replication: repaired the corrupt message at commit-log offset {} from master {}", bad, addr);
        } else {
            if (entry == null) {
                store.repairEntry(bad, ByteBuffer.allocate(0)); // takes it off the list; a later read lists it again
            }
            faults.record(REPAIR_FAILED, "the corrupt message at commit-log offset " + bad + " could not be "
                    + "repaired from master " + addr + " (its copy is missing or differs in size)");
        }
    }

    // ------------------------------------------------------------------ divergence

    /** Makes sure every byte this slave holds is also the master's; truncates to the common point if not. */
    private void alignWithMaster(String addr) throws InterruptedException, IOException {
        hookRan = false;
        long min = store.commitLogMinOffset();
        long end = store.commitLogMaxOffset();
        if (end <= min) {
            return;
        }
        ChunkReply probe = transport.read(addr, end, 1, config.requestTimeoutMillis());
        lastContactNanos = clock.nanoTime();
        long masterEnd = probe.masterMaxOffset();
        if (masterEnd >= 0 && masterEnd < end && masterIsPrefix(addr, min, masterEnd)) {
            // the master lost what it held beyond masterEnd, and this slave has it: never follow it down
            log.warn("replication: master {} holds [.., {}) of this slave's [{}, {}); keeping this slave's log", addr,
                    masterEnd, min, end);
            return;
        }
        long last = lastEntryStart(Math.max(min, segmentStart(end - 1)), end);
        if (last >= 0 && sameAsMaster(addr, last, (int) (end - last))) {
            return;
        }
        long common = commonPoint(addr, min, end);
        String what = "this slave's commit log [" + min + ", " + end + ") is not the master's past offset " + common
                + "; truncating " + (end - common) + " bytes to " + common + " and replaying from the master";
        faults.record(TRUNCATED, what);
        log.warn("replication: {}", what);
        store.truncateCommitLog(common);
    }

    /**
     * Whether the master's whole log is this slave's below {@code masterEnd}: the entry ending there is the same on
     * both (a master with nothing this slave holds, or nothing at all, trivially is).
     */
    private boolean masterIsPrefix(String addr, long min, long masterEnd) throws IOException, InterruptedException {
        if (masterEnd <= min) {
            return true;
        }
        long last = lastEntryStart(Math.max(min, segmentStart(masterEnd - 1)), masterEnd);
        if (last < 0) {
            return false;
        }
        ByteBuffer entry = store.readCommitLog(last, SCAN_CHUNK);
        if (entry == null || entry.remaining() < 4 || last + entry.getInt(entry.position()) != masterEnd) {
            return false;
        }
        return sameAsMaster(addr, last, (int) (masterEnd - last));
    }

    private long segmentStart(long offset) {
        return offset - offset % segmentSize;
    }

    /** The last common entry boundary: the newest segment whose first entry matches, scanned entry by entry. */
    private long commonPoint(String addr, long min, long end) throws IOException, InterruptedException {
        for (long seg = segmentStart(end - 1); seg >= segmentStart(min); seg -= segmentSize) {
            long start = Math.max(seg, min);
            ByteBuffer first = store.readCommitLog(start, SCAN_CHUNK);
            if (first == null || first.remaining() < 4) {
                continue;
            }
            int size = first.getInt(first.position());
            if (size <= 0 || !sameAsMaster(addr, start, Math.min(size, (int) (end - start)))) {
                continue;
            }
            return firstMismatch(addr, start, Math.min(seg + segmentSize, end));
        }
        return min;
    }

    /** Walks entries in [from, to), comparing each with the master; returns the first differing boundary. */
    private long firstMismatch(String addr, long from, long to) throws IOException, InterruptedException {
        long pos = from;
        while (pos < to) {
            ByteBuffer mine = store.readCommitLog(pos, SCAN_CHUNK);
            if (mine == null || !mine.hasRemaining()) {
                return pos;
            }
            ByteBuffer theirs = masterBytes(addr, pos, mine.remaining());
            int p = mine.position();
            while (p < mine.limit() && pos < to) {
                int size = mine.getInt(p);
                if (size <= 0 || p + size > mine.limit()) {
                    return pos;
                }
                int q = p - mine.position();
                if (theirs == null || q + size > theirs.remaining()
                        || !mine.slice(p, size).equals(theirs.slice(theirs.position() + q, size))) {
                    return pos;
                }
                p += size;
                pos += size;
            }
        }
        return Math.min(pos, to);
    }

    private boolean sameAsMaster(String addr, long offset, int length) throws IOException, InterruptedException {
        ByteBuffer mine = store.readCommitLog(offset, Math.max(length, 1));
        if (mine == null || mine.remaining() < length) {
            return false;
        }
        ByteBuffer theirs = masterBytes(addr, offset, length);
        return theirs != null && theirs.remaining() >= length
                && mine.slice(mine.position(), length).equals(theirs.slice(theirs.position(), length));
    }

    private ByteBuffer masterBytes(String addr, long offset, int length) throws IOException, InterruptedException {
        ChunkReply resp = transport.read(addr, offset, Math.max(length, 1), config.requestTimeoutMillis());
        lastContactNanos = clock.nanoTime();
        return resp.isSuccess() ? resp.bytes() : null;
    }

    /** Start of the last entry in [from, end), found by walking entry lengths from a known boundary. */
    private long lastEntryStart(long from, long end) {
        long pos = from;
        long last = -1;
        while (pos < end) {
            ByteBuffer b = store.readCommitLog(pos, SCAN_CHUNK);
            if (b == null || !b.hasRemaining()) {
                break;
            }
            int p = b.position();
            while (p + 4 <= b.limit() && pos < end) {
                int size = b.getInt(p);
                if (size <= 0) {
                    return last;
                }
                last = pos;
                p += size;
                pos += size;
            }
        }
        return last;
    }

    /** Runs one round on the calling thread; for tests of an unstarted sink. */
    int step() {
        return worker.step();
    }

    /** Stops pulling: closes the transport (failing a pull in progress), then the worker. Idempotent. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        worker.close();
    }
}
