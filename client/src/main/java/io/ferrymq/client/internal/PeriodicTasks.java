package io.ferrymq.client.internal;

import io.ferrymq.common.Clock;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.PeriodicDuty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The client's periodic housekeeping (route refresh, heartbeats, offset persistence, lock renewal, request
 * expiry) as one {@link Duty} of the client instance's {@code <name>-housekeeping} worker: each task runs every
 * its own period, the first time at once. A task that throws is reported to the failure handler by its name and
 * does not keep the others from running. Tasks may be added from any thread; they run on the worker's thread.
 */
final class PeriodicTasks implements Duty {
    private record Entry(String what, PeriodicDuty duty) {
    }

    private final Clock clock;
    private final BiConsumer<String, RuntimeException> onFailure;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    PeriodicTasks(Clock clock, BiConsumer<String, RuntimeException> onFailure) {
        this.clock = clock;
        this.onFailure = onFailure;
    }

    /** Runs {@code task} every {@code periodMillis}, the first time in the worker's next round. */
    void add(String what, long periodMillis, Runnable task) {
        entries.add(new Entry(what, new PeriodicDuty(clock, periodMillis, task::run)));
    }

    @Override
    public int doWork() {
        int work = 0;
        for (Entry e : entries) {
            try {
                work += e.duty().doWork();
            } catch (RuntimeException ex) {
                onFailure.accept(e.what(), ex);
                work++;
            } catch (Exception ex) {
                onFailure.accept(e.what(), new IllegalStateException(ex));
                work++;
            }
        }
        return work;
    }

    @Override
    public long millisUntilNextRound() {
        long next = Long.MAX_VALUE;
        for (Entry e : entries) {
            next = Math.min(next, e.duty().millisUntilNextRound());
        }
        return next;
    }
}
