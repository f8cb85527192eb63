package io.ferrymq.common.worker;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way FerryMQ runs a background loop: one named daemon thread that repeats rounds of a {@link Duty}
 * between {@link #start()} and {@link #close()}. Its thread is the only one that runs the duty and the
 * commands queued with {@link #execute(Runnable)}, so a duty's state needs no lock.
 *
 * <p>Every round is guarded: an exception is counted in the {@link FaultRegistry} as
 * {@code worker.<name>.round_failed}, logged, and the worker goes on with the next round after its idle time
 * (a failing round is never retried in a hot loop, and never silently cancels later rounds). A round that did
 * no work idles the thread for the idle time, or until the duty is next due, or until {@link #wakeup()}.
 *
 * <p>Tests either start the worker, or leave it stopped and call {@link #step()} to run exactly one round on
 * their own thread, stepping a {@link io.ferrymq.common.ManualClock} in between.
 *
 * <p>{@link #close()} does not interrupt the thread (an interrupt closes any {@code FileChannel} it is using):
 * duties must not block for long, and close waits for the round in progress to end.
 */
public final class DutyCycleWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DutyCycleWorker.class);
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final String name;
    private final Duty duty;
    private final long idleNanos;
    private final FaultRegistry faults;
    private final String faultName;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private volatile boolean idling;
    private volatile boolean wakeupPending;
    private volatile Thread thread;
    private long lastFailureLogNanos = Long.MIN_VALUE;
    private long failuresSinceLog;

    /**
     * @param name       thread name, also used in the fault name and log lines
     * @param duty       the loop's work
     * @param idleMillis the longest pause after a round that did no work (positive)
     * @param faults     where failed rounds are counted
     */
    public DutyCycleWorker(String name, Duty duty, long idleMillis, FaultRegistry faults) {
        if (idleMillis <= 0) {
            throw new IllegalArgumentException("idleMillis must be positive: " + idleMillis);
        }
        this.name = name;
        this.duty = duty;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.faults = faults;
        this.faultName = "worker." + name + ".round_failed";
    }

    /** A worker that runs {@code task} every {@code periodMillis} of {@code clock}, the first time at once. */
    public static DutyCycleWorker periodic(String name, Clock clock, long periodMillis, PeriodicDuty.Task task,
                                           FaultRegistry faults) {
        return new DutyCycleWorker(name, new PeriodicDuty(clock, periodMillis, task), periodMillis, faults);
    }

    /** Starts the thread unless it runs already; idempotent, any thread. */
    public synchronized DutyCycleWorker start() {
        if (thread != null) {
            return this;
        }
        running = true;
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /** Ends the loop after the round in progress and waits for the thread; idempotent, any thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("worker {} did not end within {} ms of close; its round is blocked", name, STOP_WAIT_MILLIS);
            faults.record("worker." + name + ".stop_timeout", "round still running " + STOP_WAIT_MILLIS
                    + " ms after close");
        }
    }

    /**
     * Ends an idle pause early so the next round starts now; a wakeup that arrives while a round runs makes the
     * worker run another round instead of idling. Cheap when the worker is busy (one volatile read, and a write
     * only when no wakeup is pending yet).
     */
    public void wakeup() {
        if (!wakeupPending) {
            wakeupPending = true;
        }
        if (idling) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Queues {@code command} to run on the worker's thread before its next round (or in the next {@link #step()}
     * when not started), and wakes the worker.
     */
    public void execute(Runnable command) {
        commands.add(command);
        wakeup();
    }

    /**
     * Runs one round (queued commands, then the duty) on the calling thread; for tests driving a stopped worker.
     *
     * @return the work the duty reported (0 when it failed)
     * @throws IllegalStateException when the worker's own thread is running
     */
    public int step() {
        if (running) {
            throw new IllegalStateException("worker " + name + " is running; step() is for a stopped worker");
        }
        return round();
    }

    /** True between {@link #start()} and {@link #close()}. */
    public boolean isRunning() {
        return running;
    }

    /** Rounds run so far (including failed ones). */
    public long rounds() {
        return rounds.get();
    }

    /** Rounds and commands that threw. */
    public long failures() {
        return failures.get();
    }

    public String name() {
        return name;
    }

    /** True when called from this worker's thread (for ownership assertions). */
    public boolean inWorkerThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        while (running) {
            int work = round();
            if (work == 0 && running && commands.isEmpty()) {
                idle();
            }
        }
    }

    private void idle() {
        long wait = idleNanos;
        long dueNanos = duty.nanosUntilNextRound();
        if (dueNanos != Long.MAX_VALUE) {
            wait = Math.min(wait, dueNanos);
        }
        if (wait <= 0) {
            return;
        }
        // Dekker-style hand-shake with wakeup(): this thread writes idling then reads wakeupPending, wakeup()
        // writes wakeupPending then reads idling, so at least one side sees the other and no wakeup is lost.
        idling = true;
        try {
            if (!wakeupPending && commands.isEmpty() && running) {
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            idling = false;
        }
    }

    private int round() {
        if (wakeupPending) {
            wakeupPending = false;
        }
        Runnable command;
        while ((command = commands.poll()) != null) {
            try {
                command.run();
            } catch (Throwable t) {
                failed(t);
            }
        }
        rounds.incrementAndGet();
        try {
            return duty.doWork();
        } catch (Throwable t) {
            failed(t);
            return 0;
        }
    }

    private void failed(Throwable t) {
        if (t instanceof VirtualMachineError vme && !(t instanceof OutOfMemoryError)) {
            throw vme;
        }
        failures.incrementAndGet();
        faults.record(faultName, t);
        // Log the first failure with its stack, then at most one summary line per interval: a round failing on
        // every pass must not flood the log, and the count stays exact in the fault registry.
        long now = System.nanoTime();
        failuresSinceLog++;
        if (lastFailureLogNanos == Long.MIN_VALUE) {
            LOG.error("worker {}: round failed (it keeps running; counted as fault {})", name, faultName, t);
            lastFailureLogNanos = now;
            failuresSinceLog = 0;
        } else if (now - lastFailureLogNanos >= TimeUnit.MILLISECONDS.toNanos(LOG_EVERY_MILLIS)) {
            LOG.error("worker {}: {} more failed rounds, the last: {}", name, failuresSinceLog,
                    FaultRegistry.describe(t));
            lastFailureLogNanos = now;
            failuresSinceLog = 0;
        }
    }
}
