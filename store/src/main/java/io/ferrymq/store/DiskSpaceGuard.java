package io.ferrymq.store;

import io.ferrymq.common.fault.FaultRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the store's disk-full verdict (one owner for a disk condition instead of every writer guessing). Puts are
 * refused while
 * <ul>
 *   <li>the file system holding the store is at least {@code diskSpaceWarningLevelRatio} % used, or</li>
 *   <li>fewer than {@link #MIN_FREE_BYTES} bytes are usable (a small volume fills before any ratio is reached), or</li>
 *   <li>a writer could not reserve blocks for a mapped file ({@link #outOfSpace}) and the file system has not
 *       since freed what it asked for plus {@link #MIN_FREE_BYTES}.</li>
 * </ul>
 * {@link #check()} runs every {@value #CHECK_MILLIS} ms on the {@code store-disk-guard} worker (and in every
 * retention pass), so a filling disk is refused within a second and freed space accepted again within a second.
 * While refusing, the condition {@value #DISK_FULL} is failing in the fault registry (the broker reports itself
 * unhealthy) and the reason, starting with "disk full", is every refused put's remark.
 *
 * <p>Threads: {@link #check()} on the guard worker or the housekeeping thread, {@link #outOfSpace} on any writer
 * thread (both synchronized); {@link #refusal()} from any thread.
 */
final class DiskSpaceGuard {
    /** Failing condition while puts are refused for lack of space. */
    static final String DISK_FULL = "store.disk_full";
    /** Counted each time a writer met ENOSPC while reserving blocks. */
    static final String OUT_OF_SPACE = "store.out_of_space";
    static final long CHECK_MILLIS = 250;
    /** Puts stop while fewer bytes are usable: room for consume queues, index and checkpoint to keep working. */
    static final long MIN_FREE_BYTES = 4L * MappedSegment.RESERVE_CHUNK;
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceGuard.class);

    private final Path root;
    private final DiskUsage usage;
    private final int warningRatioPercent;
    private final FaultRegistry faults;
    private volatile String refusal;
    private volatile double usedRatio;
    /** Bytes a failed reservation asked for; puts resume only when that much (plus the minimum) is free. */
    private long neededBytes;

    DiskSpaceGuard(Path root, DiskUsage usage, int warningRatioPercent, FaultRegistry faults) {
        this.root = root;
        this.usage = usage;
        this.warningRatioPercent = warningRatioPercent;
        this.faults = faults;
    }

    /** Why puts are refused for lack of space (starts with "disk full"), or null. */
    String refusal() {
        return refusal;
    }

    /** Used share of the file system at the last check, 0..1. */
    double usedRatio() {
        return usedRatio;
    }

    /** Measures the file system and sets or clears the refusal; returns the used ratio. */
    synchronized double check() {
        double ratio;
        long usable;
        try {
            ratio = usage.usedRatio(root);
            usable = usage.usableBytes(root);
        } catch (IOException e) {
            faults.record("store.disk_check_failed", "cannot read the disk usage of " + root + ": " + e);
            LOG.warn("cannot read disk usage of {}", root, e);
            return usedRatio;
        }
        usedRatio = ratio;
        String why = null;
        if (ratio * 100 >= warningRatioPercent) {
            why = String.format("disk full: %s is %.1f%% used, over diskSpaceWarningLevelRatio=%d%%;"
                + " puts are refused until retention or an operator frees space", root, ratio * 100,
                warningRatioPercent);
        } else if (usable < MIN_FREE_BYTES) {
            why = "disk full: only " + usable + " bytes are usable on the file system of " + root + " (the store "
                + "keeps at least " + MIN_FREE_BYTES + " free); puts are refused until space is freed";
        } else if (neededBytes > 0 && usable < neededBytes + MIN_FREE_BYTES) {
            why = "disk full: the file system of " + root + " had no room for " + neededBytes + " bytes of a store "
                + "file and has " + usable + " usable now; puts are refused until space is freed";
        } else {
            neededBytes = 0;
        }
        set(why);
        return ratio;
    }

    /**
     * A writer could not reserve {@code bytes} for a store file: refuse puts at once, until the file system has
     * that much room again (and the minimum).
     */
    synchronized void outOfSpace(String what, long bytes) {
        neededBytes = Math.max(neededBytes, bytes);
        faults.record(OUT_OF_SPACE, what);
        set("disk full: " + what + "; puts are refused until space is freed on the file system of " + root);
    }

    private void set(String why) {
        String was = refusal;
        if (why == null) {
            if (was != null) {
                refusal = null;
                faults.recovered(DISK_FULL);
                LOG.info("store {}: disk space available again ({}% used), accepting puts", root,
                    String.format("%.1f", usedRatio * 100));
            }
            return;
        }
        refusal = why;
        if (was == null) { // counted once per episode; the remark of each refused put carries the current figures
            faults.failing(DISK_FULL, why);
            LOG.error("store {}: {}", root, why);
        }
    }
}
