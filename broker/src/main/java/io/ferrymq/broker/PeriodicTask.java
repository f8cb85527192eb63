package io.ferrymq.broker;

import io.ferrymq.common.NamedThreads;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on one named thread with a fixed delay between rounds (the first at once), from {@link #start} until
 * {@link #stop}. Extra rounds can be queued onto the same thread with {@link #execute}, so the task's state is
 * only ever touched by that thread. {@code start} and {@code stop} are idempotent, any thread.
 */
public final class PeriodicTask {
    private final String threadName;
    private final Runnable task;
    private final long delayMillis;
    private final long stopWaitMillis;
    private volatile ScheduledExecutorService executor;

    /**
     * @param delayMillis    pause between the end of one round and the start of the next
     * @param stopWaitMillis how long {@link #stop} waits for an interrupted round to end
     */
    public PeriodicTask(String threadName, Runnable task, long delayMillis, long stopWaitMillis) {
        this.threadName = threadName;
        this.task = task;
        this.delayMillis = delayMillis;
        this.stopWaitMillis = stopWaitMillis;
    }

    /** Starts the rounds unless they run already. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory(threadName));
        e.scheduleWithFixedDelay(task, 0, delayMillis, TimeUnit.MILLISECONDS);
        executor = e;
    }

    /** True between {@link #start} and {@link #stop}. */
    public boolean started() {
        return executor != null;
    }

    /**
     * Runs {@code work} on the task's thread after the round in progress, if any.
     *
     * @return false when not started or stopping (then {@code work} never runs)
     */
    public boolean execute(Runnable work) {
        ScheduledExecutorService e = executor;
        if (e == null) {
            return false;
        }
        try {
            e.execute(work);
            return true;
        } catch (RejectedExecutionException ex) {
            return false;
        }
    }

    /**
     * Stops the rounds: interrupts the one in progress and waits up to {@code stopWaitMillis} for it.
     *
     * @return true when this call stopped a started task (false when it was not started or already stopped)
     */
    public boolean stop() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
            executor = null;
        }
        if (e == null) {
            return false;
        }
        e.shutdownNow();
        try {
            e.awaitTermination(stopWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
