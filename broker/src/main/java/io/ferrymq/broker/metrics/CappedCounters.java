package io.ferrymq.broker.metrics;

import io.ferrymq.broker.stats.StatsTable;
import io.ferrymq.broker.stats.WindowedCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Exposes one {@link StatsTable} (e.g. TOPIC_PUT_NUMS) as a Prometheus counter family: each key becomes the
 * labels {@code labelsOf} gives it (capped by {@link LabelLimit}), and keys that share labels (everything under
 * {@code other}) are summed into one counter. The series read the statistics' own totals: one source of truth.
 * {@link #refresh()} runs on the refresh thread; scrapes read the member lists concurrently.
 */
final class CappedCounters {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String baseUnit;
    private final StatsTable table;
    private final Function<String, Tags> labelsOf;
    private final Set<String> placed = ConcurrentHashMap.newKeySet();
    private final Map<Tags, List<WindowedCounter>> buckets = new ConcurrentHashMap<>();

    CappedCounters(MeterRegistry registry, String name, String description, String baseUnit, StatsTable table,
                   Function<String, Tags> labelsOf) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
        this.table = table;
        this.labelsOf = labelsOf;
    }

    /** Gives every key seen since the last call its series (or its place in a shared one). */
    void refresh() {
        for (Map.Entry<String, WindowedCounter> e : table.counters().entrySet()) {
            if (placed.add(e.getKey())) {
                Tags tags = labelsOf.apply(e.getKey());
                buckets.computeIfAbsent(tags, this::register).add(e.getValue());
            }
        }
    }

    private List<WindowedCounter> register(Tags tags) {
        List<WindowedCounter> members = new CopyOnWriteArrayList<>();
        FunctionCounter.Builder<List<WindowedCounter>> b = FunctionCounter.builder(name, members, CappedCounters::sum)
                .description(description).tags(tags);
        if (baseUnit != null) {
            b.baseUnit(baseUnit);
        }
        b.register(registry);
        return members;
    }

    private static double sum(List<WindowedCounter> members) {
        long s = 0;
        for (WindowedCounter c : members) {
            s += c.total();
        }
        return s;
    }
}
