package io.ferrymq.common.fault;

import io.ferrymq.common.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults of one process (or one in-process broker), kept where operators can see them: every fault the code
 * cannot fix by itself is {@linkplain #record(String, String) recorded} under a stable name (count, last message,
 * last time) instead of vanishing into a log line, and {@code GET_BROKER_RUNTIME_INFO} and the metrics endpoint
 * report the {@linkplain #snapshot() snapshot}. A second kind of entry, a {@linkplain #failing(String, String)
 * failing condition}, marks something that is broken <em>now</em> (offsets cannot be persisted, say) until the
 * same code reports it {@linkplain #recovered(String) recovered}; any failing condition makes the component
 * {@linkplain #healthy() unhealthy}.
 *
 * <p>Fault names are dotted lower-case words naming the place and the fault, for example
 * {@code schedule.bad_real_queue_id} or {@code worker.dispatcher.round_failed}. Thread-safe; recording is a
 * map lookup and two atomic writes, cheap enough for rare faults but not meant for the per-message hot path.
 */
public final class FaultRegistry {
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Fault> failing = new ConcurrentHashMap<>();

    public FaultRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Counts one occurrence of {@code fault}; {@code message} says what happened and where (no secrets). */
    public void record(String fault, String message) {
        counters.computeIfAbsent(fault, Counter::new).record(message, clock.currentTimeMillis());
    }

    /** Counts one occurrence of {@code fault} caused by {@code cause}. */
    public void record(String fault, Throwable cause) {
        record(fault, describe(cause));
    }

    /** How often {@code fault} was recorded (0 when never). */
    public long count(String fault) {
        Counter c = counters.get(fault);
        return c == null ? 0 : c.count.get();
    }

    /** Every recorded fault, by name. */
    public List<Fault> snapshot() {
        List<Fault> out = new ArrayList<>(counters.size());
        for (Counter c : counters.values()) {
            out.add(c.view());
        }
        out.sort(Comparator.comparing(Fault::name));
        return out;
    }

    /**
     * Marks {@code condition} as failing now (and counts it as a fault of the same name); the component stays
     * unhealthy until {@link #recovered(String)} is called for it.
     */
    public void failing(String condition, String message) {
        record(condition, message);
        Counter c = counters.get(condition);
        failing.put(condition, c.view());
    }

    /** Clears a {@linkplain #failing(String, String) failing} condition; a no-op when it was not failing. */
    public void recovered(String condition) {
        failing.remove(condition);
    }

    /** Conditions failing now, by name. */
    public List<Fault> failingConditions() {
        List<Fault> out = new ArrayList<>(failing.values());
        out.sort(Comparator.comparing(Fault::name));
        return out;
    }

    /** True when no condition is failing. */
    public boolean healthy() {
        return failing.isEmpty();
    }

    /** A one-line description of {@code t} for fault messages and logs. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + m;
    }

    /**
     * One fault as seen at snapshot time.
     *
     * @param name           stable fault name
     * @param count          occurrences so far
     * @param lastMessage    what the last occurrence said
     * @param lastTimeMillis wall time of the last occurrence
     */
    public record Fault(String name, long count, String lastMessage, long lastTimeMillis) {
    }

    private static final class Counter {
        private final String name;
        private final AtomicLong count = new AtomicLong();
        private volatile String lastMessage = "";
        private volatile long lastTimeMillis;

        Counter(String name) {
            this.name = name;
        }

        void record(String message, long now) {
            lastMessage = message == null ? "" : message;
            lastTimeMillis = now;
            count.incrementAndGet();
        }

        Fault view() {
            return new Fault(name, count.get(), lastMessage, lastTimeMillis);
        }
    }
}
