package io.ferrymq.console.history;

import io.ferrymq.common.fault.FaultRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The console's metric history: one {@link SeriesRing} per {@link SeriesKey}, a sample per slot of
 * {@code intervalMillis}, kept for {@code retentionMillis}, answered downsampled to a bounded number of points.
 *
 * <p>Memory is bounded twice: at most {@code maxSeries} series (a new one beyond is refused and counted as the fault
 * {@code history.series_refused}), and at most {@code maxBytes} of samples and ring indexes: past it, {@link
 * #maintain} first averages the oldest hours of every series down to 6 values (10-minute means at one-minute
 * samples), then to 1, then drops the oldest hours, until the store fits again (counted, shown in the status). A
 * series of a deleted topic or group is dropped by {@link #retain}; one with no sample left in the retention is
 * forgotten.
 *
 * <p>Thread-safety: the series map is concurrent and each ring synchronizes itself; {@link #record} and
 * {@link #maintain} come from the sampler's thread, reads from HTTP threads.
 */
public final class HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    /** The coarser forms of a block tried in turn under memory pressure: 6 means, 1 mean, dropped. */
    private static final int[] COARSER = {6, 1, 0};

    /** One answered point: start of its bucket, mean and largest sample in it. */
    public record Point(long time, double value, double max) {
    }

    private final long intervalMillis;
    private final long retentionMillis;
    private final long maxBytes;
    private final int maxSeries;
    private final FaultRegistry faults;
    private final Map<SeriesKey, SeriesRing> series = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong coarsened = new AtomicLong();
    private volatile long bytes;

    public HistoryStore(long intervalMillis, long retentionMillis, long maxBytes, int maxSeries,
                        FaultRegistry faults) {
        if (intervalMillis <= 0 || retentionMillis < intervalMillis) {
            throw new IllegalArgumentException("history needs a positive interval and a retention of at least one "
                    + "interval (interval " + intervalMillis + " ms, retention " + retentionMillis + " ms)");
        }
        this.intervalMillis = intervalMillis;
        this.retentionMillis = retentionMillis;
        this.maxBytes = maxBytes;
        this.maxSeries = maxSeries;
        this.faults = faults;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public long retentionMillis() {
        return retentionMillis;
    }

    long retentionSlots() {
        return retentionMillis / intervalMillis;
    }

    /** Records {@code value} of {@code key} at wall time {@code timeMillis}; NaN and infinities are not kept. */
    public void record(SeriesKey key, long timeMillis, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        SeriesRing ring = series.get(key);
        if (ring == null) {
            if (series.size() >= maxSeries) {
                if (refused.incrementAndGet() == 1) {
                    log.warn("history holds history.maxSeries={} series: new ones (first {}) are not kept; counted "
                            + "as history.series_refused", maxSeries, key);
                }
                faults.record("history.series_refused", key + ": the store holds history.maxSeries=" + maxSeries
                        + " series");
                return;
            }
            ring = series.computeIfAbsent(key, k -> new SeriesRing(retentionSlots()));
        }
        ring.put(timeMillis / intervalMillis, (float) value);
    }

    /**
     * The series of {@code kind name} in {@code set} between {@code from} and {@code to} (wall ms), each as at most
     * {@code maxPoints} points: consecutive samples are grouped into equal buckets (of a whole number of sample
     * intervals), each answered as its mean and largest sample; a bucket with no sample is left out (a gap).
     */
    public Map<String, List<Point>> read(String set, SeriesKey.Kind kind, String name, long from, long to,
                                         int maxPoints) {
        Map<String, List<Point>> out = new TreeMap<>();
        long first = Math.max(from, to - retentionMillis + 1) / intervalMillis;
        long last = to / intervalMillis;
        long step = stepSlots(first, last, maxPoints);
        for (Map.Entry<SeriesKey, SeriesRing> e : series.entrySet()) {
            if (!e.getKey().of(set, kind, name)) {
                continue;
            }
            List<Point> points = new ArrayList<>();
            for (long b = first; b <= last; b += step) {
                double sum = 0;
                double max = Double.NEGATIVE_INFINITY;
                int n = 0;
                for (long s = b; s < b + step && s <= last; s++) {
                    float v = e.getValue().get(s);
                    if (!Float.isNaN(v)) {
                        sum += v;
                        max = Math.max(max, v);
                        n++;
                    }
                }
                if (n > 0) {
                    points.add(new Point(b * intervalMillis, sum / n, max));
                }
            }
            out.put(e.getKey().metric(), points);
        }
        return out;
    }

    /** Sample slots per answered point so that {@code first..last} takes at most {@code maxPoints} points. */
    public static long stepSlots(long first, long last, int maxPoints) {
        long slots = Math.max(1, last - first + 1);
        return Math.max(1, (slots + maxPoints - 1) / maxPoints);
    }

    /** Drops the series {@code keep} refuses (their topic, group or broker is gone). */
    public void retain(Predicate<SeriesKey> keep) {
        series.keySet().removeIf(k -> !keep.test(k));
    }

    /**
     * Frees what is out of retention at {@code now}, forgets series left with no sample, and brings the store back
     * under its memory budget (oldest hours coarsened first). Called by the sampler after each round.
     */
    public void maintain(long now) {
        int oldest = (int) (Math.max(0, now - retentionMillis) / intervalMillis / SeriesRing.BLOCK);
        series.entrySet().removeIf(e -> e.getValue().prune(oldest));
        long size = measure();
        for (int length : COARSER) {
            while (size > maxBytes) {
                int block = -1;
                for (SeriesRing r : series.values()) {
                    int b = r.oldestLongerThan(length);
                    if (b >= 0 && (block < 0 || b < block)) {
                        block = b;
                    }
                }
                if (block < 0) {
                    break;
                }
                for (SeriesRing r : series.values()) {
                    r.coarsen(block, length);
                }
                coarsened.incrementAndGet();
                size = measure();
                log.warn("history over its memory budget (history.maxMemoryMegabytes): the block starting {} of every "
                                + "series is now {}", new java.util.Date(block * SeriesRing.BLOCK * intervalMillis),
                        length == 0 ? "dropped" : length + " mean value(s)");
            }
        }
        bytes = size;
    }

    private long measure() {
        long b = 0;
        for (SeriesRing r : series.values()) {
            b += r.bytes();
        }
        return b;
    }

    /** Bytes of samples and ring indexes as of the last {@link #maintain}. */
    public long bytes() {
        return bytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int maxSeries() {
        return maxSeries;
    }

    public int size() {
        return series.size();
    }

    /** New series refused because the store held {@code maxSeries}. */
    public long refusedSeries() {
        return refused.get();
    }

    /** Times the oldest blocks were coarsened or dropped to stay under the memory budget. */
    public long coarsenedBlocks() {
        return coarsened.get();
    }

    /** The series and their blocks, for the history file. */
    Map<SeriesKey, List<SeriesRing.Block>> blocks() {
        Map<SeriesKey, List<SeriesRing.Block>> out = new java.util.HashMap<>();
        series.forEach((k, r) -> out.put(k, r.blocks()));
        return out;
    }

    /** Puts back a series read from the history file. */
    void restore(SeriesKey key, List<SeriesRing.Block> blocks) {
        if (series.size() >= maxSeries && !series.containsKey(key)) {
            refused.incrementAndGet();
            return;
        }
        SeriesRing ring = series.computeIfAbsent(key, k -> new SeriesRing(retentionSlots()));
        for (SeriesRing.Block b : blocks) {
            ring.restore(b.id(), b.values());
        }
    }
}
