package io.ferrymq.store.ha;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.ReplicaAppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Master side: a master restarted behind its slave (its store deleted, or cut by a power loss) copies back from the
 * slave what it lost before it writes anything of its own at those offsets. Otherwise its next puts would land at
 * offsets the slave already holds with other messages, and the slave, which follows its master, would truncate
 * acknowledged messages (issue 15, fault 3).
 *
 * <p>States, from {@link #begin}: {@code WAITING} (client puts held, at most {@code waitMillis}, until a slave
 * reports its offset), {@code OPEN} (puts taken; a restore may still start while none has been taken since the
 * start), {@code RESTORING} (puts held; one slave connection pushes its bytes, {@code HA_PUSH}), {@code SERVING}
 * (final: a slave reported an offset within this master's log, a put was taken before any slave reported more, or
 * the restore finished or was abandoned). When the wait passes, {@code OPEN} follows. A restore starts only while the commit log has not moved since the start, so no byte of the
 * master's own is ever overwritten; an abandoned one ({@value #ABANDONED}) leaves the slave's log untouched (it
 * never truncates below a master that is behind it, see {@link ReplicationSink}).
 *
 * <p>Threading: the {@code ha-source} worker only.
 */
final class MasterRestore {
    /** Fault name: this master restored commit-log bytes it had lost from a slave. */
    static final String RESTORED = "replication.source.restored_from_slave";
    /** Fault name: a restore from a slave stopped without progress or on a chunk the store refused. */
    static final String ABANDONED = "replication.source.restore_abandoned";
    /** Failing condition while client puts are held for a restore. */
    static final String RESTORING = "replication.source.restoring";
    /** A restore without a pushed chunk for this long is abandoned (the slave died, or the peer was no slave). */
    static final long STALL_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(MasterRestore.class);

    enum State { WAITING, OPEN, RESTORING, SERVING }

    private final MessageStore store;
    private final Clock clock;
    private final FaultRegistry faults;
    private State state = State.SERVING;
    private long endAtStart;
    private long deadlineNanos;
    private SlaveLink from;
    private long restoreStart;
    private long lastProgressNanos;

    MasterRestore(MessageStore store, Clock clock, FaultRegistry faults) {
        this.store = store;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * At the start of the master: with {@code waitMillis} > 0 (SYNC_MASTER) holds client puts until a slave reports
     * its offset or the wait passes; with 0 takes puts at once, a restore still possible until the first one.
     */
    void begin(long waitMillis) {
        endAtStart = store.commitLogMaxOffset();
        if (waitMillis <= 0) {
            state = State.OPEN;
            return;
        }
        state = State.WAITING;
        deadlineNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        store.holdPuts("the master has just started and waits up to " + waitMillis + " ms for its slave's offset, "
                + "in case it must first restore commit log it lost from the slave; retry shortly");
    }

    State state() {
        return state;
    }

    /** One line for status displays: the state, and the range being restored. */
    String describe() {
        return state == State.RESTORING ? state + " [" + restoreStart + ", ...) from " + from.remoteAddress()
                + ", at " + store.commitLogMaxOffset() : state.toString();
    }

    /**
     * A pull from {@code link} at {@code offset} while the master ends at {@code masterEnd}: true when it must be
     * answered MASTER_BEHIND (send me your bytes), false when it is served as usual (or refused as a peer ahead).
     */
    boolean onPull(SlaveLink link, long offset, long masterEnd) {
        switch (state) {
            case SERVING -> {
                return false;
            }
            case RESTORING -> {
                if (!link.equals(from)) {
                    return false;
                }
                if (offset <= masterEnd) {
                    finish(masterEnd);
                    return false;
                }
                return true;
            }
            default -> {
                if (offset <= masterEnd) {
                    serve("slave " + link.remoteAddress() + " reported offset " + offset + ", within this master's "
                            + "commit log (end " + masterEnd + "): nothing to restore");
                    return false;
                }
                if (masterEnd != endAtStart) {
                    toServing(); // the master took puts of its own since it started: nothing may overwrite them
                    return false;
                }
                state = State.RESTORING;
                from = link;
                restoreStart = masterEnd;
                lastProgressNanos = clock.nanoTime();
                String why = "restoring the commit log [" + masterEnd + ", " + offset + ") this master lost from its "
                        + "slave " + link.remoteAddress() + "; puts are held until it is back";
                store.holdPuts(why + "; retry shortly");
                faults.failing(RESTORING, why);
                log.warn("replication: {}", why);
                return true;
            }
        }
    }

    /** An HA_PUSH from {@code link}: appends the slave's bytes at {@code offset} while restoring from it. */
    ChunkReply onPush(SlaveLink link, long offset, ByteBuffer bytes) {
        if (state != State.RESTORING || !link.equals(from)) {
            return ChunkReply.pushRefused("this master is not restoring from " + link.remoteAddress() + " (state "
                    + state + ")", store.commitLogMinOffset(), store.commitLogMaxOffset());
        }
        ReplicaAppendResult r = store.appendReplicated(offset, bytes);
        if (!r.ok()) {
            abandon("the store refused the chunk at " + offset + " from " + link.remoteAddress() + ": " + r.reason());
            return ChunkReply.pushRefused(r.reason(), store.commitLogMinOffset(), store.commitLogMaxOffset());
        }
        lastProgressNanos = clock.nanoTime();
        return ChunkReply.success(offset, store.commitLogMinOffset(), r.commitLogMaxOffset(), null);
    }

    /** The restoring slave's connection closed: wait (puts still held) for it to come back and go on. */
    void onDisconnected(SlaveLink link) {
        if (state == State.RESTORING && link.equals(from)) {
            log.warn("replication: slave {} disconnected while this master restored from it (at {}); waiting up to "
                    + "{} ms for it to reconnect", link.remoteAddress(), store.commitLogMaxOffset(), STALL_MILLIS);
            state = State.WAITING;
            endAtStart = store.commitLogMaxOffset();
            deadlineNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
            from = null;
        }
    }

    /** The periodic round: ends a wait that passed, abandons a stalled restore. */
    void expire() {
        long now = clock.nanoTime();
        if (state == State.WAITING && now - deadlineNanos >= 0) {
            log.warn("replication: no slave reported its offset within the wait; taking puts. A slave that reports "
                    + "more later still restores this master if no put came first; after one, the slave's differing "
                    + "tail is truncated (counted as {} on the slave)", ReplicationSink.TRUNCATED);
            state = State.OPEN;
            store.releasePuts();
        } else if (state == State.RESTORING
                && now - lastProgressNanos >= TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
            abandon("no bytes from " + from.remoteAddress() + " for " + STALL_MILLIS + " ms");
        }
    }

    private void finish(long end) {
        String what = "restored the commit log [" + restoreStart + ", " + end + ") (" + (end - restoreStart)
                + " bytes) from slave " + from.remoteAddress() + "; taking puts again";
        faults.record(RESTORED, what);
        faults.recovered(RESTORING);
        log.warn("replication: {}", what);
        toServing();
    }

    private void abandon(String why) {
        String what = "restore from a slave abandoned at " + store.commitLogMaxOffset() + ": " + why + "; taking "
                + "puts. The slave keeps its log and stops replicating: to keep its messages, stop this master, copy "
                + "the slave's store directory to it and start it again";
        faults.record(ABANDONED, what);
        faults.recovered(RESTORING);
        log.error("replication: {}", what);
        toServing();
    }

    private void serve(String why) {
        if (state == State.WAITING) {
            log.info("replication: {}", why);
        }
        toServing();
    }

    private void toServing() {
        state = State.SERVING;
        from = null;
        store.releasePuts();
    }
}
