package io.ferrymq.console.history;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample store: one sample per minute for a week, downsampled answers, memory bounds. */
class HistoryStoreTest {
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    static final long WEEK = 7 * 24 * HOUR;
    static final long T0 = 1_764_633_600_000L; // 2025-12-02 00:00 UTC, a whole hour
    static final SeriesKey LAG = new SeriesKey("local", SeriesKey.Kind.GROUP, "orders", "backlog");

    private final ManualClock clock = new ManualClock(T0);
    private final FaultRegistry faults = new FaultRegistry(clock);

    HistoryStore store(long maxBytes, int maxSeries) {
        return new HistoryStore(MINUTE, WEEK, maxBytes, maxSeries, faults);
    }

    /** Records value(i) at minute i for {@code minutes} minutes, stepping the clock, maintaining each round. */
    void fill(HistoryStore s, SeriesKey key, int minutes, java.util.function.IntToDoubleFunction value) {
        for (int i = 0; i < minutes; i++) {
            s.record(key, clock.currentTimeMillis(), value.applyAsDouble(i));
            s.maintain(clock.currentTimeMillis());
            clock.advance(MINUTE);
        }
    }

    @Test
    void theLastHourIsAnsweredMinuteByMinute() {
        HistoryStore s = store(1 << 30, 100);
        fill(s, LAG, 90, i -> i);
        long now = clock.currentTimeMillis() - 1;
        List<HistoryStore.Point> p = s.read("local", SeriesKey.Kind.GROUP, "orders", now - HOUR + 1, now, 360)
                .get("backlog");
        assertEquals(60, p.size());
        assertEquals(30.0, p.get(0).value());
        assertEquals(89.0, p.get(59).value());
        assertEquals(T0 + 89 * MINUTE, p.get(59).time());
    }

    @Test
    void samplesOlderThanTheRetentionAreGoneAndAWeekIsKept() {
        HistoryStore s = store(1 << 30, 100);
        fill(s, LAG, (int) (WEEK / MINUTE) + 120, i -> i < 60 ? 1_000_000 : 5);
        long now = clock.currentTimeMillis() - 1;
        List<HistoryStore.Point> week = s.read("local", SeriesKey.Kind.GROUP, "orders", now - WEEK + 1, now, 10_080)
                .get("backlog");
        assertEquals(10_080, week.size(), "one point per minute for 7 days");
        assertTrue(week.stream().allMatch(p -> p.value() == 5), "the first hour's samples are past the retention");
        List<HistoryStore.Point> older = s.read("local", SeriesKey.Kind.GROUP, "orders", T0, T0 + HOUR - 1, 360)
                .get("backlog");
        assertEquals(List.of(), older);
    }

    @Test
    void aLongRangeIsAveragedIntoAtMostMaxPointsBucketsKeepingTheirPeak() {
        HistoryStore s = store(1 << 30, 100);
        fill(s, LAG, 24 * 60, i -> i % 10 == 0 ? 100 : 0); // a spike every 10 minutes
        long now = clock.currentTimeMillis() - 1;
        List<HistoryStore.Point> p = s.read("local", SeriesKey.Kind.GROUP, "orders", now - 24 * HOUR + 1, now, 144)
                .get("backlog");
        assertEquals(144, p.size(), "24 h in 10-minute buckets");
        for (HistoryStore.Point x : p) {
            assertEquals(10.0, x.value(), 1e-6, "mean of one spike in ten samples");
            assertEquals(100.0, x.max(), 1e-6, "the spike is not averaged away");
            assertEquals(0, (x.time() - T0) % (10 * MINUTE));
        }
    }

    @Test
    void aMissingSampleIsAGapNotAZero() {
        HistoryStore s = store(1 << 30, 100);
        s.record(LAG, T0, 7);
        s.record(LAG, T0 + 2 * MINUTE, 9);
        List<HistoryStore.Point> p = s.read("local", SeriesKey.Kind.GROUP, "orders", T0, T0 + 3 * MINUTE - 1, 360)
                .get("backlog");
        assertEquals(List.of(new HistoryStore.Point(T0, 7, 7), new HistoryStore.Point(T0 + 2 * MINUTE, 9, 9)), p);
    }

    @Test
    void anIdleSeriesTakesAFloatPerHourAndABusyOneAFloatPerMinute() {
        HistoryStore idle = store(1 << 30, 100);
        fill(idle, LAG, 24 * 60, i -> 0);
        clock.setWallMillis(T0);
        HistoryStore busy = store(1 << 30, 100);
        fill(busy, LAG, 24 * 60, i -> i);
        long ring = SeriesRing.OVERHEAD + (long) SeriesRing.OVERHEAD_PER_BLOCK * (7 * 24 + 1);
        assertEquals(ring + 23 * (16 + 4) + (16 + 4 * 60), idle.bytes(), "23 finished uniform hours: 1 float each");
        assertEquals(ring + 24 * (16 + 4 * 60), busy.bytes());
    }

    @Test
    void overTheMemoryBudgetTheOldestHoursAreAveragedFirst() {
        long ring = SeriesRing.OVERHEAD + (long) SeriesRing.OVERHEAD_PER_BLOCK * (7 * 24 + 1);
        long budget = ring + 10 * (16 + 4 * 60) + 2 * (16 + 4 * 6); // 10 hours minute by minute, 2 averaged
        HistoryStore s = store(budget, 100);
        fill(s, LAG, 12 * 60, i -> i);
        assertTrue(s.bytes() <= budget, s.bytes() + " > " + budget);
        assertEquals(2, s.coarsenedBlocks(), "the two oldest hours");
        long now = clock.currentTimeMillis() - 1;
        List<HistoryStore.Point> p = s.read("local", SeriesKey.Kind.GROUP, "orders", T0, now, 10_000).get("backlog");
        assertEquals(12 * 60, p.size(), "every minute still answers");
        assertEquals(34.5, p.get(35).value(), 1e-4, "minute 35 of the first hour: the mean of minutes 30-39");
        assertEquals(94.5, p.get(95).value(), 1e-4, "the second hour: 10-minute means too");
        assertEquals(125.0, p.get(125).value(), 1e-4, "the third hour stays minute by minute");
        assertEquals(719.0, p.get(719).value(), 1e-4);
    }

    @Test
    void newSeriesBeyondMaxSeriesAreRefusedAndCounted() {
        HistoryStore s = store(1 << 30, 2);
        for (String g : List.of("a", "b", "c")) {
            s.record(new SeriesKey("local", SeriesKey.Kind.GROUP, g, "backlog"), T0, 1);
        }
        assertEquals(2, s.size());
        assertEquals(1, s.refusedSeries());
        assertEquals(1, faults.count("history.series_refused"));
        Map<String, List<HistoryStore.Point>> c = s.read("local", SeriesKey.Kind.GROUP, "c", T0, T0 + MINUTE, 10);
        assertTrue(c.isEmpty());
    }

    @Test
    void retainDropsTheSeriesOfDeletedGroups() {
        HistoryStore s = store(1 << 30, 100);
        s.record(LAG, T0, 1);
        s.record(new SeriesKey("local", SeriesKey.Kind.GROUP, "gone", "backlog"), T0, 1);
        s.retain(k -> !k.name().equals("gone"));
        assertEquals(1, s.size());
    }

    @Test
    void aSeriesWithNoSampleLeftInTheRetentionIsForgotten() {
        HistoryStore s = store(1 << 30, 100);
        s.record(LAG, T0, 1);
        clock.advance(WEEK + 2 * HOUR);
        s.maintain(clock.currentTimeMillis());
        assertEquals(0, s.size());
    }
}
