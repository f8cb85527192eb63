package io.ferrymq.console.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rates the console computes from sampled counters, and the chart points it keeps. */
class RateHistoryTest {
    @Test
    void aCounterRateIsTheChangeBetweenTheLastTwoSamplesPerSecond() {
        RateHistory h = new RateHistory(15_000);
        h.counter("topic:T", 0, 100);
        assertEquals(0, h.latest("topic:T"), "one sample: no rate yet");
        h.counter("topic:T", 5_000, 150);
        assertEquals(10.0, h.latest("topic:T"), 1e-9);
        h.counter("topic:T", 10_000, 150);
        assertEquals(0.0, h.latest("topic:T"), 1e-9);
    }

    @Test
    void aCounterThatWentDownRestartsFromThere() {
        RateHistory h = new RateHistory(15_000);
        h.counter("broker:a:put", 0, 1_000);
        h.counter("broker:a:put", 5_000, 10);
        assertEquals(0, h.latest("broker:a:put"), "a restarted broker's counter is not a negative rate");
        h.counter("broker:a:put", 10_000, 60);
        assertEquals(10.0, h.latest("broker:a:put"), 1e-9);
    }

    @Test
    void chartPointsAverageOverEachIntervalAndKeepAtMostAnHour() {
        RateHistory h = new RateHistory(15_000);
        for (long t = 0; t <= 2 * 3_600_000L; t += 5_000) {
            h.counter("topic:T", t, t / 1000 * 3); // 3 per second
        }
        List<RateHistory.Point> p = h.points("topic:T");
        assertTrue(p.size() <= RateHistory.MAX_POINTS && p.size() >= 200, "points: " + p.size());
        assertTrue(p.get(p.size() - 1).time() - p.get(0).time() <= RateHistory.HOUR_MILLIS);
        p.forEach(x -> assertEquals(3.0, x.value(), 1e-9));
    }

    @Test
    void gaugesAreChartedAsTheyAre() {
        RateHistory h = new RateHistory(15_000);
        h.gauge("group:g:lag", 0, 42);
        h.gauge("group:g:lag", 20_000, 7);
        assertEquals(7, h.latest("group:g:lag"));
        assertEquals(List.of(new RateHistory.Point(0, 42), new RateHistory.Point(20_000, 7)), h.points("group:g:lag"));
    }

    @Test
    void retainForgetsDeletedKeys() {
        RateHistory h = new RateHistory(15_000);
        h.gauge("group:gone:lag", 0, 1);
        h.gauge("group:kept:lag", 0, 1);
        h.retain(k -> k.contains("kept"));
        assertEquals(List.of(), h.points("group:gone:lag"));
        assertEquals(1, h.points("group:kept:lag").size());
    }
}
