package io.ferrymq.broker.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * One statistic (e.g. messages put into topic T): a running total and the number of additions, plus snapshots
 * taken by {@link StatsSampler} so the total over the last minute, hour and day can be read as a difference.
 *
 * <p>Threads: request threads call {@link #add}; the sampler thread writes the snapshot rings and readers (admin
 * threads, the metrics scrape) read them, both under this object's monitor. The minute ring holds samples taken
 * every 10 s, the hour ring every 10 min, the day ring every hour; a window's figures are the live total minus
 * the oldest sample still in the ring, so they are non-zero as soon as traffic flows (no wait for a full window).
 */
public final class WindowedCounter {
    /** Minute window: 7 samples 10 s apart cover the last 60-70 s. */
    static final int MINUTE_SAMPLES = 7;
    /** Hour window: 7 samples 10 min apart. */
    static final int HOUR_SAMPLES = 7;
    /** Day window: 25 samples an hour apart. */
    static final int DAY_SAMPLES = 25;

    private final LongAdder value = new LongAdder();
    private final LongAdder times = new LongAdder();
    private final Ring minute = new Ring(MINUTE_SAMPLES);
    private final Ring hour = new Ring(HOUR_SAMPLES);
    private final Ring day = new Ring(DAY_SAMPLES);

    /** The figures of one window: amount added, per second, and per addition. */
    public record Figures(long sum, double tps, double avgpt) {
        public static final Figures ZERO = new Figures(0, 0, 0);
    }

    /** Which ring a sample goes into or a window is read from. */
    public enum Window { MINUTE, HOUR, DAY }

    /** A counter created at {@code nowMillis} (monotonic): every window starts with a zero sample then. */
    public WindowedCounter(long nowMillis) {
        minute.push(nowMillis, 0, 0);
        hour.push(nowMillis, 0, 0);
        day.push(nowMillis, 0, 0);
    }

    /** Adds {@code amount} as one addition of {@code count} (e.g. bytes of a batch of count messages). */
    public void add(long amount, int count) {
        value.add(amount);
        times.add(count);
    }

    public long total() {
        return value.sum();
    }

    public long additions() {
        return times.sum();
    }

    /** Takes a sample of the totals into the window's ring (the sampler thread). */
    public synchronized void sample(Window w, long nowMillis) {
        ring(w).push(nowMillis, value.sum(), times.sum());
    }

    /** The live totals minus the oldest sample of the window. */
    public Figures window(Window w, long nowMillis) {
        return since(w, Long.MAX_VALUE, nowMillis);
    }

    /**
     * The live totals minus the newest sample of the window at least {@code ageMillis} old (or the oldest one
     * when none is that old): the rate over roughly the last {@code ageMillis}.
     */
    public Figures since(Window w, long ageMillis, long nowMillis) {
        long v = value.sum();
        long t = times.sum();
        long[] s;
        synchronized (this) {
            s = ring(w).newestOlderThan(nowMillis - ageMillis);
        }
        long sum = v - s[1];
        long n = t - s[2];
        double seconds = Math.max(1000, nowMillis - s[0]) / 1000.0;
        return new Figures(sum, sum / seconds, n == 0 ? 0 : (double) sum / n);
    }

    private Ring ring(Window w) {
        return switch (w) {
            case MINUTE -> minute;
            case HOUR -> hour;
            case DAY -> day;
        };
    }

    /** Fixed-size ring of (time, value, times) samples, oldest overwritten. Guarded by the counter's monitor. */
    private static final class Ring {
        private final long[] time;
        private final long[] value;
        private final long[] times;
        private int size;
        private int next;

        Ring(int capacity) {
            time = new long[capacity];
            value = new long[capacity];
            times = new long[capacity];
        }

        void push(long t, long v, long n) {
            time[next] = t;
            value[next] = v;
            times[next] = n;
            next = (next + 1) % time.length;
            size = Math.min(size + 1, time.length);
        }

        /** The newest sample taken at or before {@code limit}, or the oldest sample; as {time, value, times}. */
        long[] newestOlderThan(long limit) {
            int oldest = (next - size + time.length) % time.length;
            int pick = oldest;
            for (int k = 0; k < size; k++) {
                int i = (oldest + k) % time.length;
                if (time[i] <= limit) {
                    pick = i;
                }
            }
            return new long[] {time[pick], value[pick], times[pick]};
        }
    }
}
