package io.ferrymq.console.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rates computed by the console from counters it samples (messages put, queue max offsets, committed consumer
 * offsets) and gauges (backlog), with a chart series per key over the last hour: one point per at least
 * {@value #POINT_MILLIS} ms, at most {@value #MAX_POINTS} points. Written by the snapshot thread, read by HTTP
 * threads (each series is synchronized on itself).
 */
public final class RateHistory {
    static final long POINT_MILLIS = 15_000;
    static final int MAX_POINTS = 240;
    static final long HOUR_MILLIS = 3_600_000;

    /** One chart point: time (epoch ms) and value (per second for counters). */
    public record Point(long time, double value) {
    }

    private static final class Series {
        long lastTime = -1;
        long lastCounter;
        double rate;
        long pointStartTime = -1;
        long pointStartCounter;
        final ArrayList<Point> points = new ArrayList<>();
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final long pointMillis;

    public RateHistory() {
        this(POINT_MILLIS);
    }

    RateHistory(long pointMillis) {
        this.pointMillis = pointMillis;
    }

    /** Records a counter sample; a counter that went down (broker restart) restarts the rate from here. */
    public void counter(String key, long time, long value) {
        Series s = series.computeIfAbsent(key, k -> new Series());
        synchronized (s) {
            if (s.lastTime >= 0 && time > s.lastTime && value >= s.lastCounter) {
                s.rate = (value - s.lastCounter) * 1000.0 / (time - s.lastTime);
            } else if (s.lastTime >= 0 && value < s.lastCounter) {
                s.rate = 0;
                s.pointStartTime = -1;
            }
            s.lastTime = time;
            s.lastCounter = value;
            if (s.pointStartTime < 0) {
                s.pointStartTime = time;
                s.pointStartCounter = value;
            } else if (time - s.pointStartTime >= pointMillis) {
                add(s, new Point(time, (value - s.pointStartCounter) * 1000.0 / (time - s.pointStartTime)));
                s.pointStartTime = time;
                s.pointStartCounter = value;
            }
        }
    }

    /** Records a gauge sample (e.g. backlog): charted as is. */
    public void gauge(String key, long time, double value) {
        Series s = series.computeIfAbsent(key, k -> new Series());
        synchronized (s) {
            s.rate = value;
            if (s.pointStartTime < 0 || time - s.pointStartTime >= pointMillis) {
                add(s, new Point(time, value));
                s.pointStartTime = time;
            }
        }
    }

    private static void add(Series s, Point p) {
        s.points.add(p);
        long cutoff = p.time() - HOUR_MILLIS;
        int drop = 0;
        while (drop < s.points.size() && (s.points.get(drop).time() < cutoff || s.points.size() - drop > MAX_POINTS)) {
            drop++;
        }
        if (drop > 0) {
            s.points.subList(0, drop).clear();
        }
    }

    /** The latest rate of a counter (per second) or value of a gauge; 0 when unknown. */
    public double latest(String key) {
        Series s = series.get(key);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.rate;
        }
    }

    /** The chart points of {@code key} (oldest first). */
    public List<Point> points(String key) {
        Series s = series.get(key);
        if (s == null) {
            return List.of();
        }
        synchronized (s) {
            return List.copyOf(s.points);
        }
    }

    /** Forgets keys no longer present (deleted topics and groups). */
    public void retain(java.util.function.Predicate<String> keep) {
        series.keySet().removeIf(k -> !keep.test(k));
    }
}
