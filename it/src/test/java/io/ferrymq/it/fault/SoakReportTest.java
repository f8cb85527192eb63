package io.ferrymq.it.fault;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault 14's figures on a synthetic soak: baseline, quiet-period throughput, recovery per step. */
class SoakReportTest {
    private static final long START = 1_000_000;

    /** 10 acknowledged sends a second, except none from {@code downFrom} to {@code downTo} (ms after the start). */
    private static List<SendRecord> sends(long endMillis, long downFrom, long downTo, long slowFrom, long slowTo) {
        List<SendRecord> out = new ArrayList<>();
        long seq = 0;
        for (long t = 0; t < endMillis; t += 100) {
            boolean down = t >= downFrom && t < downTo;
            boolean skip = t >= slowFrom && t < slowTo && t % 200 == 0; // half the rate
            Outcome o = down ? Outcome.FAILED : Outcome.OK;
            if (!skip) {
                out.add(new SendRecord("p", ++seq, "p:" + seq, "", -1, -1, false, o, "", START + t, START + t + 5));
            }
        }
        return out;
    }

    @Test
    void aFaultThatHealsAtOnceRecoversAndTheQuietPeriodsHoldTheBaseline() {
        FaultSchedule s = FaultSchedule.parse("KILL9 broker-a-0 at=40000 for=10000 | tail=60000");
        SoakReport r = SoakReport.of(sends(120_000, 40_000, 50_000, -1, -1), s, START, 1000);
        assertEquals(10.0, r.baselinePerSecond(), 0.01);
        assertEquals(10.0, r.quietPerSecond(), 0.01);
        assertEquals(1, r.recoveries().size());
        assertEquals(0, r.recoveries().get(0).millis(), r.report());
        assertTrue(r.passed(), r.report());
    }

    @Test
    void halfTheThroughputAfterAFaultIsNoRecoveryAndNoQuietPeriod() {
        FaultSchedule s = FaultSchedule.parse("KILL9 broker-a-0 at=40000 for=10000 | tail=60000");
        SoakReport r = SoakReport.of(sends(120_000, 40_000, 50_000, 50_000, 120_000), s, START, 1000);
        assertEquals(-1, r.recoveries().get(0).millis(), r.report());
        assertFalse(r.throughputHeld(), r.report());
        assertFalse(r.passed());
        assertTrue(r.report().contains("FAIL"), r.report());
    }

    @Test
    void tooFewAcknowledgedFails() {
        FaultSchedule s = FaultSchedule.parse("KILL9 broker-a-0 at=40000 for=10000 | tail=60000");
        SoakReport r = SoakReport.of(sends(120_000, 40_000, 50_000, -1, -1), s, START, 500_000);
        assertFalse(r.passed(), r.report());
        assertTrue(r.report().contains("at least 500000: MISSED"), r.report());
    }

    /** 30 minutes: a 2-minute baseline, 4 cycles of faults 1, 5, 7, 9 and 12, a 4-minute quiet tail. */
    @Test
    void theThirtyMinuteScheduleMixesEveryFaultWithQuietPeriods() {
        FaultSchedule s = SoakSchedule.build(30, true);
        assertEquals(20, s.steps().size(), s.toString());
        assertEquals(120_000, s.steps().get(0).atMillis());
        assertEquals(30 * 60_000, s.endMillis() + s.quietTailMillis(), s.toString());
        for (FaultKind k : List.of(FaultKind.KILL9, FaultKind.SIGSTOP, FaultKind.PARTITION_OUT, FaultKind.PARTITION_IN,
                FaultKind.PARTITION, FaultKind.FLAKY, FaultKind.SLOW_LINK, FaultKind.DELAY, FaultKind.CHURN)) {
            assertTrue(s.steps().stream().anyMatch(st -> st.kind() == k), k + " in " + s);
        }
        assertEquals(12, SoakSchedule.build(30, false).steps().size());
    }
}
