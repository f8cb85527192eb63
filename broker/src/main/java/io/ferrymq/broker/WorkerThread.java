package io.ferrymq.broker;

import io.ferrymq.common.NamedThreads;

/**
 * One named daemon thread that runs a service's loop between {@link #start} and {@link #stop}. The loop polls
 * {@link #running()} and exits when it turns false; {@link #stop} clears it, interrupts the thread (which also
 * wakes it from {@code LockSupport.park} or a blocking poll) and waits up to 5 s for it to end.
 * {@code start} and {@code stop} are idempotent and may be called from any thread.
 */
public final class WorkerThread {
    private static final long JOIN_MILLIS = 5000;

    private final String name;
    private final Runnable loop;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param name thread name
     * @param loop the service's loop; it returns once {@link #running()} is false
     */
    public WorkerThread(String name, Runnable loop) {
        this.name = name;
        this.loop = loop;
    }

    /** Starts the thread unless it is running already. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        Thread t = NamedThreads.factory(name).newThread(loop);
        thread = t;
        t.start();
    }

    /** True from {@link #start} until {@link #stop}: the loop's condition. */
    public boolean running() {
        return running;
    }

    /** The thread while started (to wake it with {@code LockSupport.unpark}), null before start and after stop. */
    public Thread thread() {
        return thread;
    }

    /** Stops the loop and waits up to 5 s for the thread to end. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
