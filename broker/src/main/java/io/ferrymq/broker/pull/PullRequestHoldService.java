package io.ferrymq.broker.pull;

import io.ferrymq.common.Clock;
import io.ferrymq.broker.WorkerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongBiFunction;

/**
 * Long polling: holds pulls that found nothing new and releases each as soon as a matching message is
 * dispatched to its queue, or when its hold time is over.
 *
 * <p>Threading: the parked requests are owned by the single {@code pull-hold} thread (the map's monitor only
 * guards the approximate {@link #parkedCount()} read by other threads). Other threads only send it messages
 * through {@link #inbox}: {@link #park} from pull threads and {@link #onDispatched} from the store's
 * dispatch thread (which enqueues only for queues that have parked pulls, so the dispatch hot path stays a map
 * lookup). Released requests are handed to the {@link Releaser} (which re-runs them on the pull executor).
 *
 * <p>No lost wake-up: the hold thread publishes a queue key in {@link #waitingKeys} <em>before</em> it compares
 * the queue's current max offset with the parked offset. A message dispatched before that comparison is seen
 * by it; one dispatched after sees the key and enqueues an arrival.
 */
public final class PullRequestHoldService {
    private static final Logger log = LoggerFactory.getLogger(PullRequestHoldService.class);
    /** Even without arrivals, parked requests are re-checked against the store this often. */
    private static final long RECHECK_MILLIS = 1000;

    /** Re-runs a released request (suspend disabled). */
    @FunctionalInterface
    public interface Releaser {
        void release(ParkedPull pull);
    }

    private record Arrival(String key, long maxOffset, long tagsCode) {
    }

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Set<String> waitingKeys = ConcurrentHashMap.newKeySet();
    /** Owned by the hold thread. */
    private final Map<String, List<ParkedPull>> parked = new HashMap<>();
    private final Clock clock;
    private final ToLongBiFunction<String, Integer> maxOffset;
    private final Releaser releaser;
    private final WorkerThread worker = new WorkerThread("pull-hold", this::run);
    private long lastRecheck;

    public PullRequestHoldService(Clock clock, ToLongBiFunction<String, Integer> maxOffset, Releaser releaser) {
        this.clock = clock;
        this.maxOffset = maxOffset;
        this.releaser = releaser;
    }

    static String key(String topic, int queueId) {
        return topic + "@" + queueId;
    }

    public void start() {
        worker.start();
    }

    public void shutdown() {
        worker.stop();
    }

    /** Parks a pull (any thread). */
    public void park(ParkedPull pull) {
        inbox.offer(pull);
    }

    /** Store dispatch listener: a message is now readable at {@code queueOffset} (any thread, non-blocking). */
    public void onDispatched(String topic, int queueId, long queueOffset, long tagsCode) {
        String k = key(topic, queueId);
        if (waitingKeys.contains(k)) {
            inbox.offer(new Arrival(k, queueOffset + 1, tagsCode));
        }
    }

    /** Number of parked pulls (approximate, for stats and tests). */
    public int parkedCount() {
        int n = 0;
        for (Object o : inbox) {
            if (o instanceof ParkedPull) {
                n++;
            }
        }
        synchronized (parked) {
            for (List<ParkedPull> l : parked.values()) {
                n += l.size();
            }
        }
        return n;
    }

    private void run() {
        lastRecheck = clock.monotonicMillis();
        while (worker.running()) {
            try {
                Object msg = inbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (msg != null) {
                    handle(msg);
                }
                drainInbox();
                doTimeouts();
            } catch (InterruptedException e) {
                if (!worker.running()) {
                    break;
                }
            } catch (RuntimeException e) {
                log.error("long-polling loop failed on one step; continuing", e);
            }
        }
    }

    /** Processes every queued message (hold thread; tests call it to step the service). */
    void drainInbox() {
        Object msg;
        while ((msg = inbox.poll()) != null) {
            handle(msg);
        }
    }

    /** Processes one inbox message (hold thread; tests call it to step the service). */
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

    /** Releases expired pulls and periodically re-checks all keys against the store (hold thread, or tests). */
    void doTimeouts() {
        long now = clock.monotonicMillis();
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
    }

    private long waitMillis() {
        long now = clock.monotonicMillis();
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
            log.warn("cannot re-run a held pull of {}@{}: {}", p.topic(), p.queueId(), e.toString());
        }
    }
}
