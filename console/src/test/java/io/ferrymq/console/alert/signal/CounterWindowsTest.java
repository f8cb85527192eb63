package io.ferrymq.console.alert.signal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rising counters (DLQ depth, SYSTEM_BUSY answers, faults) measured over a window. */
class CounterWindowsTest {
    private final CounterWindows w = new CounterWindows();

    @Test
    void theRiseIsMeasuredOverTheWindowAndFallsBackToZeroWhenTheCounterStops() {
        assertTrue(Double.isNaN(w.rise("dlq", 0, 5, 60_000)), "no earlier sample yet");
        assertEquals(0, w.rise("dlq", 15_000, 5, 60_000));
        assertEquals(2, w.rise("dlq", 30_000, 7, 60_000));
        assertEquals(3, w.rise("dlq", 45_000, 8, 60_000));
        assertEquals(3, w.rise("dlq", 60_000, 8, 60_000), "window 0..60 s: 5 -> 8");
        assertEquals(3, w.rise("dlq", 75_000, 8, 60_000), "window 15..75 s: 5 -> 8");
        assertEquals(1, w.rise("dlq", 90_000, 8, 60_000), "window 30..90 s: 7 -> 8");
        assertEquals(0, w.rise("dlq", 105_000, 8, 60_000), "window 45..105 s: no rise");
    }

    @Test
    void aCounterThatGoesDownStartsAgain() {
        w.rise("busy", 0, 100, 60_000);
        w.rise("busy", 15_000, 120, 60_000);
        assertTrue(Double.isNaN(w.rise("busy", 30_000, 3, 60_000)), "broker restarted: counting starts again");
        assertEquals(4, w.rise("busy", 45_000, 7, 60_000));
    }

    @Test
    void haSlavesListsLagOfEveryConnectedSlave() {
        List<long[]> s = ClusterSignals.haSlaves("127.0.0.1:4711 100 20 5;127.0.0.1:4712 90 30 7");
        assertEquals(2, s.size());
        assertEquals(30, s.get(1)[0]);
        assertTrue(ClusterSignals.haSlaves("").isEmpty());
    }
}
