package io.ferrymq.broker;

import io.ferrymq.common.NamedThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The broker's request executors, one per kind of work so a flood of one kind (e.g. pulls) cannot starve another
 * (e.g. heartbeats). Each has a bounded queue; when it is full the transport answers SYSTEM_BUSY ("[OVERLOAD]"),
 * which producers treat as "try another broker".
 */
public final class BrokerExecutors {
    private final List<ThreadPoolExecutor> all = new ArrayList<>();

    /** A fixed pool of named daemon threads with a bounded queue (rejections are reported to the caller). */
    public ThreadPoolExecutor bounded(String name, int threads, int queueCapacity) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                queueCapacity <= 100_000 ? new ArrayBlockingQueue<>(queueCapacity)
                        : new LinkedBlockingQueue<>(queueCapacity), NamedThreads.factory(name));
        all.add(e);
        return e;
    }

    /** Stops every executor, letting queued tasks finish for up to a few seconds. */
    public void shutdown() {
        for (ThreadPoolExecutor e : all) {
            e.shutdown();
        }
        for (ThreadPoolExecutor e : all) {
            try {
                if (!e.awaitTermination(3, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ex) {
                e.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
