package io.ferrymq.store;

import io.ferrymq.common.fault.FaultRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store serves, and why it refuses puts: its life-cycle state, the one place that takes it out of
 * service after a disk I/O failure ({@link #diskFailed}), and the {@link DiskSpaceGuard}'s verdict (a full disk,
 * which passes once space is freed).
 *
 * <p>Threads: any thread reads it; the state changes only under the facade's start/shutdown, the failure reason is
 * set once by whichever thread met the failure (appender, flush worker).
 */
final class StoreStatus {
    /** Failing condition in the fault registry while the store refuses puts after an I/O failure. */
    static final String DISK_FAILED = "store.disk_failed";
    private static final Logger LOG = LoggerFactory.getLogger(StoreStatus.class);

    enum State { NEW, RUNNING, SHUT_DOWN }

    private final Path root;
    private final FaultRegistry faults;
    private final DiskSpaceGuard diskSpace;
    private volatile State state = State.NEW;
    /** Set when an append or force failed with an I/O error: puts are refused until restart. */
    private volatile String unavailableReason;
    /** Set while replication holds client puts (a master restoring its commit log from a slave); null otherwise. */
    private volatile String heldReason;

    StoreStatus(Path root, FaultRegistry faults, DiskSpaceGuard diskSpace) {
        this.root = root;
        this.faults = faults;
        this.diskSpace = diskSpace;
    }

    State state() {
        return state;
    }

    void state(State s) {
        state = s;
    }

    boolean running() {
        return state == State.RUNNING;
    }

    /** Takes the store out of service for puts after an I/O failure; the first reason wins. */
    synchronized void diskFailed(String reason) {
        if (unavailableReason == null) {
            unavailableReason = reason;
            faults.failing(DISK_FAILED, reason);
            LOG.error("store {} refuses puts: {}", root, reason);
        }
    }

    /** Why a put is refused now, or null when the store takes puts. */
    String refuseReason() {
        State s = state;
        if (s != State.RUNNING) {
            return s == State.NEW ? "store not started" : "store is shut down";
        }
        String failed = unavailableReason;
        return failed != null ? failed : diskSpace.refusal();
    }

    /**
     * Why a put is refused now, or null: {@link #refuseReason()}, or the replication hold. Replicated appends check
     * only {@link #refuseReason()}: they are what a hold waits for.
     */
    String putRefuseReason() {
        String refuse = refuseReason();
        return refuse != null ? refuse : heldReason;
    }

    /** Refuses puts (not replicated appends) with {@code reason} until {@link #releasePuts()}. */
    void holdPuts(String reason) {
        heldReason = reason;
    }

    void releasePuts() {
        heldReason = null;
    }

    /**
     * A writer met a full file system while reserving blocks: refuse puts until the guard sees space again (the
     * store stays in service, unlike {@link #diskFailed}). Returns the refusal to answer the put with.
     */
    String outOfSpace(DiskFullException e) {
        diskSpace.outOfSpace(e.getMessage(), e.neededBytes());
        String why = diskSpace.refusal();
        return why != null ? why : "disk full: " + e.getMessage();
    }

    void requireRunning(String what) {
        State s = state;
        if (s != State.RUNNING) {
            throw new IllegalStateException(what + ": store " + root + " is "
                + (s == State.NEW ? "not started" : "shut down"));
        }
    }
}
