package io.ferrymq.store.ha;

import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.ReplicaAppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slave side of replication: pulls the master's commit log from the local end offset on and appends the bytes
 * at the same offsets ({@link MessageStore#appendReplicated}), so the replicated range is byte-identical. The
 * store dispatches consume queues and indexes from them as for any append.
 *
 * <p>After every (re)connection the sink first checks that its last message is byte-identical to the master's
 * at the same offset; if not (e.g. an old master restarted as slave with an unreplicated tail), it finds the
 * last common message boundary, truncates its log there and replays from the master. It never serves bytes the
 * master does not have past that check.
 *
 * <p>Threading: one thread, {@code ha-sink}, does all of it; {@link #masterAddress(String)} may be called from
 * any thread (the broker updates it from name-server registration results).
 */
public final class ReplicationSink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicationSink.class);
    private static final int SCAN_CHUNK = 8 * 1024 * 1024;

    private final MessageStore store;
    private final ReplicationConfig config;
    private final int segmentSize;
    private final RemotingClient client;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile String masterAddress;
    private volatile boolean running = true;
    private volatile boolean verified;
    private volatile long lastContactNanos;
    private volatile long masterMaxOffset = -1;

    public ReplicationSink(MessageStore store, int commitLogSegmentSize, ReplicationConfig config) {
        this.store = store;
        this.config = config.validate();
        this.segmentSize = commitLogSegmentSize;
        this.masterAddress = config.haMasterAddress();
        this.client = new RemotingClient(new RemotingClientConfig().name("ha-sink-client").channelMaxIdleSeconds(0));
        this.thread = NamedThreads.factory("ha-sink", true).newThread(this::run);
    }

    public ReplicationSink start() {
        thread.start();
        return this;
    }

    /** Points the sink at the master's replication address (ip:port); null pauses replication. */
    public void masterAddress(String address) {
        if (address != null && address.isBlank()) {
            address = null;
        }
        String old = masterAddress;
        if (old == null ? address == null : old.equals(address)) {
            return;
        }
        log.info("replication: master replication address {} -> {}", old, address);
        masterAddress = address;
        verified = false;
        if (old != null) {
            client.closeChannel(old);
        }
        signal();
    }

    public String masterAddress() {
        return masterAddress;
    }

    /** Bytes the master had that this slave did not, as of the last exchange (-1 before any contact). */
    public long lagBytes() {
        long m = masterMaxOffset;
        return m < 0 ? -1 : Math.max(0, m - store.commitLogMaxOffset());
    }

    /** Whether the sink heard from its master within the last {@code millis}. */
    public boolean inContactWithin(long millis) {
        return lastContactNanos != 0 && System.nanoTime() - lastContactNanos < millis * 1_000_000L;
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void pause(long millis) {
        lock.lock();
        try {
            changed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        String lastError = null;
        while (running) {
            String addr = masterAddress;
            if (addr == null) {
                pause(500);
                continue;
            }
            try {
                if (!verified) {
                    alignWithMaster(addr);
                    verified = true;
                }
                pullOnce(addr);
                lastError = null;
            } catch (RemotingException | IOException | IllegalStateException | HeaderFieldException e) {
                if (!running) {
                    break;
                }
                verified = false;
                String msg = e.getMessage();
                if (!msg.equals(lastError)) {
                    log.warn("replication: pulling from master {} failed: {}; retrying every {} ms", addr, msg,
                            config.retryBackoffMillis());
                    lastError = msg;
                }
                pause(config.retryBackoffMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void pullOnce(String addr)
            throws RemotingException, InterruptedException, IOException, HeaderFieldException {
        long offset = store.commitLogMaxOffset();
        RemotingCommand req = RemotingCommand.request(ReplicationProtocol.HA_PULL)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MAX_BYTES, Integer.toString(config.maxTransferBytes()))
                .putExt(ReplicationProtocol.HOLD_MILLIS, Long.toString(config.holdMillis()));
        RemotingCommand resp = client.invokeSync(addr, req, config.holdMillis() + config.requestTimeoutMillis());
        lastContactNanos = System.nanoTime();
        masterMaxOffset = resp.ext().optLong(ReplicationProtocol.MASTER_MAX, masterMaxOffset);
        if (resp.code() == ReplicationProtocol.OFFSET_OUT_OF_RANGE) {
            long masterMin = resp.ext().optLong(ReplicationProtocol.MASTER_MIN, -1);
            if (offset > masterMaxOffset) {
                log.warn("replication: this slave's commit log ends at {} beyond the master's end {}; realigning",
                        offset, masterMaxOffset);
                verified = false;
                return;
            }
            throw new IllegalStateException("this slave's commit log ends at " + offset
                    + ", below the master's earliest retained offset " + masterMin
                    + "; the missing range is gone from the master. Stop this slave, move its store directory "
                    + "aside and start it empty so it copies the master from the start");
        }
        if (resp.code() != ReplicationProtocol.SUCCESS) {
            throw new IllegalStateException("master answered code " + resp.code() + ": " + resp.remark());
        }
        byte[] body = resp.body();
        if (body == null || body.length == 0) {
            return;
        }
        ReplicaAppendResult r = store.appendReplicated(offset, ByteBuffer.wrap(body));
        if (!r.ok()) {
            verified = false;
            throw new IllegalStateException("appending " + body.length + " replicated bytes at " + offset
                    + " failed: " + r.reason());
        }
    }

    // ------------------------------------------------------------------ divergence

    /** Makes sure every byte this slave holds is also the master's; truncates to the common point if not. */
    private void alignWithMaster(String addr) throws RemotingException, InterruptedException, IOException {
        long min = store.commitLogMinOffset();
        long end = store.commitLogMaxOffset();
        if (end <= min) {
            return;
        }
        long last = lastEntryStart(Math.max(min, segmentStart(end - 1)), end);
        if (last >= 0 && sameAsMaster(addr, last, (int) (end - last))) {
            return;
        }
        long common = commonPoint(addr, min, end);
        log.warn("replication: this slave's commit log [{}, {}) is not the master's past offset {}; "
                + "truncating to {} and replaying from the master", min, end, common, common);
        store.truncateCommitLog(common);
    }

    private long segmentStart(long offset) {
        return offset - offset % segmentSize;
    }

    /** The last common entry boundary: the newest segment whose first entry matches, scanned entry by entry. */
    private long commonPoint(String addr, long min, long end) throws RemotingException, InterruptedException {
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
    private long firstMismatch(String addr, long from, long to) throws RemotingException, InterruptedException {
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

    private boolean sameAsMaster(String addr, long offset, int length) throws RemotingException, InterruptedException {
        ByteBuffer mine = store.readCommitLog(offset, Math.max(length, 1));
        if (mine == null || mine.remaining() < length) {
            return false;
        }
        ByteBuffer theirs = masterBytes(addr, offset, length);
        return theirs != null && theirs.remaining() >= length
                && mine.slice(mine.position(), length).equals(theirs.slice(theirs.position(), length));
    }

    private ByteBuffer masterBytes(String addr, long offset, int length) throws RemotingException, InterruptedException {
        RemotingCommand resp = client.invokeSync(addr, RemotingCommand.request(ReplicationProtocol.HA_READ)
                .putExt(ReplicationProtocol.OFFSET, Long.toString(offset))
                .putExt(ReplicationProtocol.MAX_BYTES, Integer.toString(Math.max(length, 1))),
                config.requestTimeoutMillis());
        lastContactNanos = System.nanoTime();
        if (resp.code() != ReplicationProtocol.SUCCESS || resp.body() == null) {
            return null;
        }
        return ByteBuffer.wrap(resp.body());
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

    @Override
    public void close() {
        running = false;
        signal();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
    }
}
