package io.ferrymq.broker.stats;

import io.ferrymq.common.Clock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All counters of one RocketMQ statistic name (TOPIC_PUT_NUMS, GROUP_GET_SIZE, ...) by key (a topic,
 * {@code topic@group}, a cluster name). Thread-safe: counters are created on first use.
 */
public final class StatsTable {
    private final String name;
    private final Clock clock;
    private final Map<String, WindowedCounter> counters = new ConcurrentHashMap<>();

    public StatsTable(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public void add(String key, long amount, int count) {
        WindowedCounter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> new WindowedCounter(clock.monotonicMillis()));
        }
        c.add(amount, count);
    }

    /** The counter of {@code key}, or null when nothing was ever added under it. */
    public WindowedCounter get(String key) {
        return counters.get(key);
    }

    /** Live view of every key's counter. */
    public Map<String, WindowedCounter> counters() {
        return counters;
    }

    void sample(WindowedCounter.Window w) {
        long now = clock.monotonicMillis();
        for (WindowedCounter c : counters.values()) {
            c.sample(w, now);
        }
    }
}
