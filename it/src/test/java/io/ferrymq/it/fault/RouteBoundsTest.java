package io.ferrymq.it.fault;

import io.ferrymq.it.fault.RouteTimeline.Answer;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults 5 and 8's route bounds on hand-written name-server answers (wall clock in ms; the master is stopped at
 * 10,000, resumed at 30,000; the broker expiry is 3 s, so its route must be gone by 14,000).
 */
class RouteBoundsTest {
    private static final long STOP = 10_000;
    private static final long CONT = 30_000;
    private static final long EXPIRY = 3000;

    /** Answers every 100 ms: {@code before} until {@code switchAt}, then {@code after}, from {@code from} to {@code to}. */
    private static RouteTimeline answers(long from, long to, Answer before, long switchAt, Answer after) {
        RouteTimeline t = new RouteTimeline();
        for (long at = from; at <= to; at += 100) {
            t.add(at, at < switchAt ? before : after);
        }
        return t;
    }

    @Test
    void aStoppedMasterDroppedThreeAndAHalfSecondsLaterMeetsExpiryPlusOneSecond() {
        RouteTimeline t = answers(STOP, CONT, Answer.LISTED, STOP + 3500, Answer.NOT_LISTED);
        Deadline d = RouteBounds.removedAfterStop(t, "namesrv-0", "broker-a-0", STOP, CONT, EXPIRY).orElseThrow();
        assertEquals(3500, d.millis());
        assertEquals(4000, d.limitMillis());
        assertTrue(d.met(), d.toString());
    }

    @Test
    void aStoppedMasterStillRoutedAfterExpiryPlusOneSecondMissesTheBound() {
        RouteTimeline t = answers(STOP, CONT, Answer.LISTED, STOP + 4300, Answer.NOT_LISTED);
        Deadline d = RouteBounds.removedAfterStop(t, "namesrv-0", "broker-a-0", STOP, CONT, EXPIRY).orElseThrow();
        assertEquals(4300, d.millis());
        assertFalse(d.met(), d.toString());
    }

    @Test
    void aStoppedMasterRoutedUntilItsSigcontWasNeverRemoved() {
        RouteTimeline t = answers(STOP, CONT + 5000, Answer.LISTED, Long.MAX_VALUE, Answer.LISTED);
        Deadline d = RouteBounds.removedAfterStop(t, "namesrv-0", "broker-a-0", STOP, CONT, EXPIRY).orElseThrow();
        assertEquals(-1, d.millis());
        assertFalse(d.met());
        assertTrue(d.toString().contains("never"), d.toString());
    }

    @Test
    void aRemovalAfterTheSigcontDoesNotCountAsRemovalDuringTheStop() {
        RouteTimeline t = answers(STOP, CONT + 5000, Answer.LISTED, CONT + 200, Answer.NOT_LISTED);
        assertEquals(-1, RouteBounds.removedAfterStop(t, "namesrv-0", "broker-a-0", STOP, CONT, EXPIRY)
                .orElseThrow().millis());
    }

    @Test
    void aStopShorterThanTheBoundMeasuresNothingUnlessTheRouteWentAnyway() {
        long cont = STOP + 2000;
        RouteTimeline routed = answers(STOP, cont, Answer.LISTED, Long.MAX_VALUE, Answer.LISTED);
        assertEquals(Optional.empty(), RouteBounds.removedAfterStop(routed, "namesrv-0", "broker-a-0", STOP, cont,
                EXPIRY));
        RouteTimeline gone = answers(STOP, cont, Answer.LISTED, STOP + 1500, Answer.NOT_LISTED);
        assertTrue(RouteBounds.removedAfterStop(gone, "namesrv-0", "broker-a-0", STOP, cont, EXPIRY).orElseThrow()
                .met());
    }

    @Test
    void nameServerSilenceIsNeitherRoutedNorRemoved() {
        RouteTimeline t = answers(STOP, STOP + 5000, Answer.LISTED, STOP + 500, Answer.NO_ANSWER);
        t.add(STOP + 5200, Answer.NOT_LISTED);
        assertEquals(5200, RouteBounds.removedAfterStop(t, "namesrv-1", "broker-a-0", STOP, CONT, EXPIRY)
                .orElseThrow().millis());
    }

    @Test
    void registeredAgainIsMeasuredFromTheSigcontToTheFirstAnswerRoutingToIt() {
        RouteTimeline t = answers(STOP, CONT + 10_000, Answer.NOT_LISTED, CONT + 1200, Answer.LISTED);
        Deadline d = RouteBounds.registeredAfterResume(t, "namesrv-0", "broker-a-0", CONT, CONT + 18_000);
        assertEquals(1200, d.millis());
        assertEquals(6000, d.limitMillis());
        assertTrue(d.met(), d.toString());
    }

    @Test
    void notRegisteredWithinSixSecondsOfTheSigcontMissesTheBound() {
        RouteTimeline late = answers(STOP, CONT + 10_000, Answer.NOT_LISTED, CONT + 6500, Answer.LISTED);
        assertFalse(RouteBounds.registeredAfterResume(late, "namesrv-0", "broker-a-0", CONT, CONT + 18_000).met());
        RouteTimeline never = answers(STOP, CONT + 18_000, Answer.NOT_LISTED, Long.MAX_VALUE, Answer.NOT_LISTED);
        assertEquals(-1, RouteBounds.registeredAfterResume(never, "namesrv-0", "broker-a-0", CONT, CONT + 18_000)
                .millis());
    }

    @Test
    void aRestartedNameServerIsRebuiltWhenItFirstRoutesToEveryBroker() {
        long restart = 50_000;
        RouteTimeline t = new RouteTimeline();
        t.add(restart + 100, Answer.NO_ANSWER);  // JVM still starting
        t.add(restart + 1400, Answer.NOT_LISTED); // listening, no broker registered yet
        t.add(restart + 2300, Answer.NOT_LISTED); // some brokers registered, not all
        t.add(restart + 2900, Answer.LISTED);
        Deadline d = RouteBounds.rebuiltAfterRestart(t, "namesrv-1", restart, restart + 18_000);
        assertEquals(2900, d.millis());
        assertTrue(d.met(), d.toString());
    }

    @Test
    void aNameServerStillWithoutEveryBrokerSixSecondsAfterItsRestartMissesTheBound() {
        long restart = 50_000;
        RouteTimeline t = answers(restart, restart + 18_000, Answer.NOT_LISTED, restart + 7000, Answer.LISTED);
        Deadline d = RouteBounds.rebuiltAfterRestart(t, "namesrv-1", restart, restart + 18_000);
        assertEquals(7000, d.millis());
        assertFalse(d.met(), d.toString());
    }
}
