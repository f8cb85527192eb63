package io.ferrymq.store;

import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reserves disk blocks ahead of the commit-log writer ({@link MappedSegment#reserve}: zeros written with a plain
 * write so a full disk is an ENOSPC, never a SIGBUS through the mapping), so that the append lock is not held
 * while those zeros are written. It keeps {@link #LEAD} bytes past the published write position reserved, one
 * {@link MappedSegment#RESERVE_CHUNK} per round; {@link CommitLog#append}, and a slave's {@link CommitLog#appendRaw},
 * ask it ({@link #request}) when the lead falls below {@link #WAKE_LEAD}. While appends flow it polls for those
 * requests instead of being unparked.
 *
 * <p>It is only an optimisation: the writer still reserves whatever it is about to write that is not reserved yet
 * (start of a new segment, a reserver that fell behind or met a full disk), so what a put sees on a full disk does
 * not change. A failed reservation here is counted and left to the writer to meet and report.
 *
 * <p>Threads: one {@link DutyCycleWorker}, "store-reserve"; it and the writer serialise on the segment
 * ({@link MappedSegment#reserve} is synchronized). Tests leave it unstarted and call {@link #doWork()}.
 */
final class BlockReserver implements Duty {
    /** Bytes kept reserved past the write position. */
    static final int LEAD = 8 * MappedSegment.RESERVE_CHUNK;
    /** The writer wakes the reserver when fewer bytes than this are reserved ahead of it. */
    static final int WAKE_LEAD = LEAD - MappedSegment.RESERVE_CHUNK;
    /** Idle pause: wake-ups drive it; this only bounds the delay of one that raced with going idle. */
    private static final long IDLE_MILLIS = 100;
    /** Poll period while appends flow: far below the time the writer takes to use up {@link #LEAD}. */
    static final long POLL_MILLIS = 1;
    /** Polls without a request after which the reserver stops polling (about 100 ms without appends). */
    static final int QUIET_ROUNDS = 100;

    private final CommitLog commitLog;
    private final AtomicLong errors;
    private final DutyCycleWorker worker;
    /**
     * Set by the writer ({@link #request}), cleared when the lead is full or a reservation failed: the reserver
     * works only when asked, so after a full disk it does not take freed space (which the disk guard measures
     * before letting puts in again) until a put has been accepted.
     */
    private volatile boolean wanted;
    /** True from a reservation until {@link #QUIET_ROUNDS} polls found nothing asked; read by the writer. */
    private volatile boolean polling;
    /** Polls since the last reservation; reserver thread only. */
    private int quietRounds = QUIET_ROUNDS;

    BlockReserver(CommitLog commitLog, AtomicLong errors, FaultRegistry faults) {
        this.commitLog = commitLog;
        this.errors = errors;
        this.worker = new DutyCycleWorker("store-reserve", this, IDLE_MILLIS, faults);
    }

    /** Starts the thread and hooks it to the commit log's appends. */
    void start() {
        worker.start();
        commitLog.reserveAheadHook(this::request);
    }

    /** Unhooks and stops the thread (the writer reserves for itself again). */
    void stop() {
        commitLog.reserveAheadHook(null);
        worker.close();
    }

    /**
     * Asks for the lead to be filled up (the writer's hook); any thread. Unparks the reserver only when it is not
     * polling: an unpark once per chunk still cost 17% of the appender's samples (the woken thread often took the
     * appender's CPU right there), while a polling reserver sees the request within {@link #POLL_MILLIS}.
     */
    void request() {
        if (!wanted) {
            wanted = true;
            if (!polling) {
                worker.wakeup();
            }
        }
    }

    /** Whether the reserver is polling for requests (tests). */
    boolean polling() {
        return polling;
    }

    /**
     * While polling, rounds come every {@value #POLL_MILLIS} ms instead of waiting for a wake-up; a lost race
     * between {@link #request} and the end of polling costs at most one idle pause, and the writer reserves for
     * itself meanwhile.
     */
    @Override
    public long millisUntilNextRound() {
        return polling ? POLL_MILLIS : Long.MAX_VALUE;
    }

    /** One chunk, if asked and the lead is short; returns bytes reserved (0: nothing to do or it failed). */
    @Override
    public int doWork() {
        if (!wanted) {
            if (quietRounds < QUIET_ROUNDS && ++quietRounds == QUIET_ROUNDS) {
                polling = false; // appends stopped: sleep until woken
            }
            return 0;
        }
        wanted = false; // a request from here on is seen by the next round
        try {
            int n = commitLog.reserveAhead(LEAD);
            if (n > 0) {
                wanted = true; // until the lead is full
                quietRounds = 0;
                polling = true;
            }
            return n;
        } catch (DiskFullException e) {
            return 0; // the writer meets it itself when it gets there, and the store reports it then
        } catch (IOException e) {
            errors.incrementAndGet(); // the writer retries the reservation itself and owns a disk failure
            return 0;
        }
    }
}
