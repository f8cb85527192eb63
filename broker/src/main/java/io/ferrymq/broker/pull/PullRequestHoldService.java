package io.ferrymq.broker.pull;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongBiFunction;

/**
 * Long polling: holds pulls that found nothing new and releases each as soon as a matching message is
 * dispatched to its queue, or when its hold time is over.
 *
 * <p>Threading: the parked requests are owned by the {@code pull-hold} {@link DutyCycleWorker} thread (the map's
 * monitor only guards the approximate {@link #parkedCount()} read by other threads). Other threads only queue
 * commands on the worker: {@link #park} from pull threads and {@link #onDispatched} from the store's dispatch
 * thread (which queues only for queues that have parked pulls, so the dispatch hot path stays a map lookup).
 * Released requests are handed to the {@link Releaser} (which re-runs them on the pull executor); a request the
 * releaser cannot take is answered with SYSTEM_ERROR at once and counted as fault {@value #RERUN_FAILED}, so
 * the consumer never waits for its own timeout.
 *
 * <p>No lost wake-up: the hold thread publishes a queue key in {@link #waitingKeys} <em>before</em> it compares
 * the queue's current max offset with the parked offset. A message dispatched before that comparison is seen
 * by it; one dispatched after sees the key and enqueues an arrival.
 */
public final class PullRequestHoldService {
    private static final Logger log = LoggerFactory.getLogger(PullRequestHoldService.class);
    /** Even without arrivals, parked requests are re-checked against the store this often. */
    private static final long RECHECK_MILLIS = 1000;
    /** Fault: a released pull could not be handed back to the pull executor (answered with an error). */
    public static final String RERUN_FAILED = "pull.held_rerun_failed";

    /** Re-runs a released request (suspend disabled). */
    @FunctionalInterface
    public interface Releaser {
        void release(ParkedPull pull);

        /** Answers a pull that {@link #release} could not take with SYSTEM_ERROR naming {@code why}. */
        default void refuse(ParkedPull pull, String why) {
            if (pull.channel() != null && pull.request() != null) {
                pull.channel().reply(pull.request(), RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                        why + "; pull again"));
            }
        }
    }

    private record Arrival(String key, long maxOffset, long tagsCode) {
    }

    private final AtomicInteger queuedParks = new AtomicInteger();
    private final Set<String> waitingKeys = ConcurrentHashMap.newKeySet();
    /** Owned by the hold thread. */
    private final Map<String, List<ParkedPull>> parked = new HashMap<>();
    private final Clock clock;
    private final ToLongBiFunction<String, Integer> maxOffset;
    private final Releaser releaser;
    private final FaultRegistry faults;
    private final DutyCycleWorker worker;
    private long lastRecheck = Long.MIN_VALUE;

    public PullRequestHoldService(Clock clock, ToLongBiFunction<String, Integer> maxOffset, Releaser releaser,
                                  FaultRegistry faults) {
        this.clock = clock;
        this.maxOffset = maxOffset;
        this.releaser = releaser;
        this.faults = faults;
        this.worker = new DutyCycleWorker("pull-hold", new TimeoutDuty(), RECHECK_MILLIS, faults);
    }

    static String key(String topic, int queueId) {
        return topic + "@" + queueId;
    }

    public void start() {
        worker.start();
    }

    public void shutdown() {
        worker.close();
    }

    /** Parks a pull (any thread). */
    public void park(ParkedPull pull) {
        queuedParks.incrementAndGet();
        worker.execute(() -> {
            queuedParks.decrementAndGet();
            handle(pull);
        });
    }

    /** Store dispatch listener: a message is now readable at {@code queueOffset} (any thread, non-blocking). */
    public void onDispatched(String topic, int queueId, long queueOffset, long tagsCode) {
        String k = key(topic, queueId);
        if (waitingKeys.contains(k)) {
            Arrival a = new Arrival(k, queueOffset + 1, tagsCode);
            worker.execute(() -> handle(a));
        }
    }

    /** True once a pull waits on the queue, so arrivals to it are passed on (any thread; for tests). */
    boolean isWaitingOn(String topic, int queueId) {
        return waitingKeys.contains(key(topic, queueId));
    }

    /** Number of parked pulls (approximate, for stats and tests). */
    public int parkedCount() {
        int n = queuedParks.get();
        synchronized (parked) {
            for (List<ParkedPull> l : parked.values()) {
                n += l.size();
            }
        }
        return n;
    }

    /**
     * Runs one round on the calling thread: the queued parks and arrivals, then the timeouts (tests step a
     * service that was not started).
     */
    void step() {
        worker.step();
    }

    /** The worker's duty: expire and re-check parked pulls; due again at the next deadline or re-check. */
    private final class TimeoutDuty implements Duty {
        @Override
        public int doWork() {
            return doTimeouts();
        }

        @Override
        public long millisUntilNextRound() {
            return waitMillis();
        }
    }

    /** Processes one parked pull or arrival (hold thread; tests call it to step the service). */
    void handle(Object msg) {
        if (msg instanceof ParkedPull p) {
            String k = key(p.topic(), p.queueId());
            synchronized (parked) {
                parked.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
            }
            waitingKeys.add(k);
            long max = maxOffset.applyAsLong(p.topic(), p.queueId());
            if (max > p.offset()) {
                release(k, max, 0, true);
            }
        } else if (msg instanceof Arrival a) {
            release(a.key, a.maxOffset, a.tagsCode, false);
        }
    }

    /** Releases the parked pulls of {@code k} that the new max offset (and tag) satisfies. */
    private void release(String k, long max, long tagsCode, boolean ignoreTag) {
        List<ParkedPull> out = new ArrayList<>();
        synchronized (parked) {
            List<ParkedPull> list = parked.get(k);
            if (list == null) {
                return;
            }
            for (Iterator<ParkedPull> it = list.iterator(); it.hasNext(); ) {
                ParkedPull p = it.next();
                if (max > p.offset() && (ignoreTag || p.matchesTagsCode(tagsCode))) {
                    it.remove();
                    out.add(p);
                }
            }
            if (list.isEmpty()) {
                parked.remove(k);
                waitingKeys.remove(k);
            }
        }
        out.forEach(this::releaseOne);
    }

    /**
     * Releases expired pulls and periodically re-checks all keys against the store (hold thread, or tests).
     *
     * @return how many pulls were released
     */
    int doTimeouts() {
        long now = clock.monotonicMillis();
        if (lastRecheck == Long.MIN_VALUE) {
            lastRecheck = now;
        }
        boolean recheck = now - lastRecheck >= RECHECK_MILLIS;
        if (recheck) {
            lastRecheck = now;
        }
        List<ParkedPull> out = new ArrayList<>();
        synchronized (parked) {
            for (Iterator<Map.Entry<String, List<ParkedPull>>> ei = parked.entrySet().iterator(); ei.hasNext(); ) {
                Map.Entry<String, List<ParkedPull>> e = ei.next();
                List<ParkedPull> list = e.getValue();
                long max = -1;
                for (Iterator<ParkedPull> it = list.iterator(); it.hasNext(); ) {
                    ParkedPull p = it.next();
                    boolean due = now >= p.deadlineMillis() || !p.isAlive();
                    if (!due && recheck) {
                        if (max < 0) {
                            max = maxOffset.applyAsLong(p.topic(), p.queueId());
                        }
                        due = max > p.offset();
                    }
                    if (due) {
                        it.remove();
                        out.add(p);
                    }
                }
                if (list.isEmpty()) {
                    ei.remove();
                    waitingKeys.remove(e.getKey());
                }
            }
        }
        out.forEach(this::releaseOne);
        return out.size();
    }

    private long waitMillis() {
        long now = clock.monotonicMillis();
        if (lastRecheck == Long.MIN_VALUE) {
            return 0;
        }
        long next = lastRecheck + RECHECK_MILLIS;
        synchronized (parked) {
            for (List<ParkedPull> l : parked.values()) {
                for (ParkedPull p : l) {
                    next = Math.min(next, p.deadlineMillis());
                }
            }
        }
        return Math.max(1, next - now);
    }

    private void releaseOne(ParkedPull p) {
        if (!p.isAlive()) {
            return;
        }
        try {
            releaser.release(p);
        } catch (RuntimeException e) {
            // The consumer must not wait for its own RPC timeout: answer now, and keep the failure visible.
            String what = "cannot re-run a held pull of " + p.topic() + "@" + p.queueId() + ": "
                    + FaultRegistry.describe(e);
            faults.record(RERUN_FAILED, what);
            log.warn("{}; answering it with SYSTEM_ERROR", what);
            try {
                releaser.refuse(p, what);
            } catch (RuntimeException again) {
                faults.record(RERUN_FAILED, "cannot answer the held pull either: " + FaultRegistry.describe(again));
            }
        }
    }
}
