package io.ferrymq.console.alert.signal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much a counter rose over a window, from samples taken each round (DLQ depth, SYSTEM_BUSY answers, fault
 * counts). A counter that goes down (a broker restarted) starts again from that sample. Owned by the alert worker
 * thread.
 */
final class CounterWindows {
    private static final int MAX_SAMPLES = 4096;

    private record Sample(long time, double value) {
    }

    private final Map<String, List<Sample>> series = new HashMap<>();

    /**
     * Records {@code value} at {@code now} and returns its rise since the newest sample at or before the window's
     * start (or the oldest sample, when none is that old), or NaN when there is no earlier sample yet.
     */
    double rise(String key, long now, double value, long windowMillis) {
        List<Sample> s = series.computeIfAbsent(key, k -> new ArrayList<>());
        if (!s.isEmpty() && value < s.get(s.size() - 1).value()) {
            s.clear();
        }
        s.add(new Sample(now, value));
        while (s.size() >= 2 && (s.get(1).time() <= now - windowMillis || s.size() > MAX_SAMPLES)) {
            s.remove(0);
        }
        return s.size() < 2 ? Double.NaN : value - s.get(0).value();
    }

    /** Forgets counters whose key is no longer observed. */
    void retain(Set<String> keys) {
        series.keySet().retainAll(keys);
    }
}
