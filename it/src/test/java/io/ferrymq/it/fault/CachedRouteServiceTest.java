package io.ferrymq.it.fault;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault 8's "healthy groups keep serving from cached routes" on hand-written sends (both name servers down 0-30 s). */
class CachedRouteServiceTest {
    private static final long DOWN = 100_000;
    private static final long UP = 130_000;
    private long seq;

    private SendRecord send(String brokerName, Outcome outcome, long endMillis) {
        seq++;
        return new SendRecord("p", seq, "p:" + seq, Queues.key("T", brokerName, 0), -1, -1, false, outcome,
                outcome == Outcome.OK ? "" : "RemotingTimeoutException", endMillis - 5, endMillis);
    }

    /** A SEND_OK from {@code brokerName} every {@code everyMillis} from {@code from} to {@code to}, skipping a hole. */
    private List<SendRecord> acks(String brokerName, long from, long to, long everyMillis, long holeFrom, long holeTo) {
        List<SendRecord> out = new ArrayList<>();
        for (long t = from; t <= to; t += everyMillis) {
            if (t < holeFrom || t >= holeTo) {
                out.add(send(brokerName, Outcome.OK, t));
            }
        }
        return out;
    }

    @Test
    void aGroupAcknowledgingEveryFiftyMillisecondsKeptServing() {
        Deadline d = CachedRouteService.longestGap(acks("broker-a", DOWN - 5000, UP + 5000, 50, 0, 0), "broker-a",
                "both name servers were down", DOWN, UP);
        assertTrue(d.met(), d.toString());
        assertTrue(d.millis() <= 50, d.toString());
        assertTrue(d.what().contains("601 SEND_OK, 0 not"), d.what());
    }

    @Test
    void threeSecondsWithoutASendOkInsideTheWindowIsNotServing() {
        List<SendRecord> sends = acks("broker-b", DOWN, UP, 50, DOWN + 10_000, DOWN + 13_000);
        sends.add(send("broker-b", Outcome.FAILED, DOWN + 11_000));
        Deadline d = CachedRouteService.longestGap(sends, "broker-b", "both name servers were down", DOWN, UP);
        assertEquals(3050, d.millis()); // from the last SEND_OK before the hole (+9,950) to the first after (+13,000)
        assertFalse(d.met(), d.toString());
        assertTrue(d.what().contains(", 1 not;"), d.what());
    }

    @Test
    void theGapsAtEitherEndOfTheWindowCount() {
        Deadline late = CachedRouteService.longestGap(acks("broker-a", DOWN + 2500, UP, 50, 0, 0), "broker-a", "down",
                DOWN, UP);
        assertEquals(2500, late.millis());
        assertFalse(late.met());
        Deadline stopped = CachedRouteService.longestGap(acks("broker-a", DOWN, UP - 2100, 100, 0, 0), "broker-a",
                "down", DOWN, UP);
        assertEquals(2100, stopped.millis());
        assertFalse(stopped.met());
    }

    @Test
    void aGroupWithNoSendOkInTheWindowNeverServed() {
        List<SendRecord> sends = acks("broker-a", DOWN, UP, 50, 0, 0);
        sends.add(send("broker-b", Outcome.FAILED, DOWN + 100));
        sends.addAll(acks("broker-b", DOWN - 5000, DOWN - 1, 50, 0, 0)); // before the window: not counted
        Deadline d = CachedRouteService.longestGap(sends, "broker-b", "down", DOWN, UP);
        assertEquals(-1, d.millis());
        assertFalse(d.met());
        assertTrue(d.toString().contains("never"), d.toString());
    }
}
