package io.ferrymq.it.fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history checker on hand-built histories: a clean one passes, and each kind of violation is found. */
class CheckerTest {
    private static final String T = "Topic";
    private static final String ORD = "Ordered";
    private static final String QA0 = Queues.key(T, "broker-a", 0);
    private static final String QB0 = Queues.key(T, "broker-b", 0);
    private static final String OA0 = Queues.key(ORD, "broker-a", 0);

    @TempDir
    Path dir;

    private static SendRecord ok(String producer, long seq, String queue, long offset, long start, long end) {
        return new SendRecord(producer, seq, producer + ":" + seq, queue, offset, 1000 + offset, false, Outcome.OK, "",
                start, end);
    }

    private static SendRecord okOrdered(String producer, long seq, String queue, long offset, long time) {
        return new SendRecord(producer, seq, producer + ":" + seq, queue, offset, -1, true, Outcome.OK, "", time,
                time + 1);
    }

    private static SendRecord failed(String producer, long seq, Outcome outcome, long start, long end) {
        return new SendRecord(producer, seq, producer + ":" + seq, "", -1, -1, false, outcome,
                "RemotingTimeoutException: wait response timeout", start, end);
    }

    private static DeliveryRecord got(String group, String id, String queue, long offset, long time) {
        return new DeliveryRecord(group, group + "-c1", id, queue, offset, time);
    }

    /** Two producers, one group that received everything once: passes, nothing reported. */
    private static History clean() {
        History h = History.inMemory();
        h.group("g", Set.of(T));
        h.send(ok("p1", 1, QA0, 0, 100, 110));
        h.send(ok("p1", 2, QA0, 1, 120, 130));
        h.send(ok("p2", 1, QB0, 0, 100, 105));
        h.delivery(got("g", "p1:1", QA0, 0, 200));
        h.delivery(got("g", "p1:2", QA0, 1, 201));
        h.delivery(got("g", "p2:1", QB0, 0, 202));
        h.commit(new CommitRecord("g", QA0, 2, 300, "broker-a"));
        return h;
    }

    @Test
    void aCleanHistoryPasses() {
        Verdict v = Checker.check("clean", clean());
        assertTrue(v.passed(), v.table());
        assertEquals(3, v.acknowledged());
        assertEquals(0, v.duplicates());
        assertTrue(v.windows().isEmpty());
        assertTrue(v.oneLine().contains("PASS"), v.oneLine());
    }

    @Test
    void anAcknowledgedMessageNeverDeliveredIsLostForTheGroupThatMissedIt() {
        History h = clean();
        h.group("late", Set.of(T));
        h.delivery(got("late", "p1:1", QA0, 0, 400));
        h.delivery(got("late", "p2:1", QB0, 0, 401));
        h.send(failed("p1", 3, Outcome.UNKNOWN, 140, 3140)); // not acknowledged: never counted as lost

        Verdict v = Checker.check("lost", h);
        assertFalse(v.passed());
        assertEquals(List.of("p1:2"), v.lost());
        assertEquals(List.of("p1:2"), v.lostByGroup().get("late"));
        assertEquals(List.of(), v.lostByGroup().get("g"));
        assertTrue(v.oneLine().contains("FAIL") && v.oneLine().contains("lost 1"), v.oneLine());
    }

    @Test
    void duplicatesAreCountedButDoNotFail() {
        History h = clean();
        h.delivery(got("g", "p1:1", QA0, 0, 500));
        h.delivery(got("g", "p1:1", QA0, 0, 501));

        Verdict v = Checker.check("dup", h);
        assertTrue(v.passed(), v.table());
        assertEquals(2, v.duplicates());
    }

    @Test
    void oneOffsetHoldingTwoMessagesIsInconsistent() {
        History h = clean();
        h.send(ok("p3", 1, QA0, 1, 150, 160)); // the broker acknowledged p3:1 at an offset p1:2 already holds
        h.delivery(got("g", "p3:1", QA0, 1, 600));

        Verdict v = Checker.check("inconsistent", h);
        assertFalse(v.passed());
        assertEquals(List.of(QA0 + "@1: p1:2 p3:1"), v.inconsistentOffsets());
    }

    @Test
    void anOrderedMessageFirstDeliveredAfterALaterOneOfItsProducerIsAnOrderViolation() {
        History h = History.inMemory();
        h.group("o", Set.of(ORD));
        h.send(okOrdered("po", 1, OA0, 0, 10));
        h.send(okOrdered("po", 2, OA0, 1, 20));
        h.send(okOrdered("po", 3, OA0, 2, 30));
        h.delivery(got("o", "po:1", OA0, 0, 100));
        h.delivery(got("o", "po:3", OA0, 2, 101));
        h.delivery(got("o", "po:2", OA0, 1, 102));

        Verdict v = Checker.check("order", h);
        assertFalse(v.passed());
        assertEquals(1, v.orderViolations().size(), v.table());
        assertTrue(v.orderViolations().get(0).contains("po:2 after po:3"), v.orderViolations().toString());
    }

    @Test
    void aRewindAfterFailoverRedeliversInOrderWithoutAViolation() {
        History h = History.inMemory();
        h.group("o", Set.of(ORD));
        h.send(okOrdered("po", 1, OA0, 0, 10));
        h.send(okOrdered("po", 2, OA0, 1, 20));
        h.delivery(got("o", "po:1", OA0, 0, 100));
        h.delivery(got("o", "po:2", OA0, 1, 101));
        h.delivery(got("o", "po:1", OA0, 0, 200)); // consumed again from the committed offset: a duplicate
        h.delivery(got("o", "po:2", OA0, 1, 201));

        Verdict v = Checker.check("rewind", h);
        assertTrue(v.passed(), v.table());
        assertEquals(2, v.duplicates());
    }

    @Test
    void aCommittedOffsetAheadOfProcessingIsReported() {
        History h = clean();
        h.commit(new CommitRecord("g", QB0, 1, 150, "broker-b")); // p2:1 at offset 0 delivered only at 202

        Verdict v = Checker.check("ahead", h);
        assertFalse(v.passed());
        assertEquals(1, v.commitsAhead().size(), v.table());
        assertTrue(v.commitsAhead().get(0).contains("p2:1 at offset 0 was delivered only at 202"),
                v.commitsAhead().toString());
    }

    @Test
    void aSendOkWhileTheGroupCouldNotReplicateIsAFalseAcknowledgement() {
        History h = clean();
        h.noAck(new NoAckWindow("broker-a", 115, 1000, "SIGSTOP broker-a-1"));
        h.noAck(new NoAckWindow("broker-b", 50, 1000, "SIGSTOP broker-b-1"));

        Verdict v = Checker.check("false-ack", h);
        assertFalse(v.passed());
        // p1:2 (broker-a, 120..130) and p2:1 (broker-b, 100..105) were sent inside; p1:1 started before
        assertEquals(2, v.falseAcks().size(), v.table());
        assertTrue(v.falseAcks().get(0).startsWith("p1:2"), v.falseAcks().toString());
    }

    @Test
    void anAcknowledgedMessageTheSlaveCannotReturnFails() {
        History h = clean();
        h.notOnSlave("p1:1 at commit-log offset 1000 of broker-a-1: SYSTEM_ERROR");
        assertFalse(Checker.check("slave", h).passed());
    }

    @Test
    void unavailabilityRunsFromTheFirstFailureToTheNextSuccessPerProducer() {
        History h = History.inMemory();
        h.send(ok("p", 1, QA0, 0, 0, 10));
        h.send(failed("p", 2, Outcome.FAILED, 1000, 1003));
        h.send(failed("p", 3, Outcome.UNKNOWN, 1010, 4010));
        h.send(ok("p", 4, QB0, 0, 4020, 4500));
        h.send(failed("q", 1, Outcome.FAILED, 2000, 2001)); // q never recovered

        Verdict v = Checker.check("windows", h);
        assertTrue(v.passed(), "unavailability is reported, not a failure");
        assertEquals(2, v.windows().size());
        Verdict.Unavailability p = v.windows().get(0);
        assertEquals("p", p.producer());
        assertEquals(3500, p.millis());
        assertEquals(2, p.failedSends());
        assertTrue(p.closed());
        assertFalse(v.windows().get(1).closed());
        assertEquals(p, v.longestUnavailability());
    }

    @Test
    void aHistoryWrittenToAFileIsCheckedAgainTheSameWay() throws Exception {
        Path file = dir.resolve("history.tsv");
        try (History h = History.toFile(file)) {
            h.group("g", Set.of(T));
            h.group("late", Set.of(T));
            h.send(ok("p1", 1, QA0, 0, 100, 110));
            h.send(new SendRecord("p1", 2, "p1:2", "", -1, -1, false, Outcome.UNKNOWN,
                    "timeout\twith a tab\nand a newline", 120, 3120));
            h.delivery(got("g", "p1:1", QA0, 0, 200));
            h.commit(new CommitRecord("g", QA0, 1, 300, "127.0.0.1:10911"));
            h.noAck(new NoAckWindow("broker-b", 0, 50, "SIGSTOP broker-b-1"));
            h.event(new FaultEvent(40, "SIGSTOP broker-b-1 (pid 42)"));
            h.notOnSlave("none really");
            h.member(10, "churn-1 joined");
            h.ownership(5000, "{Topic@broker-a#0=[]}");
            h.deadline(new Deadline("route to broker-a-1 removed", 6000, 5000));
        }
        Verdict live = Checker.check("file", History.load(file));
        assertEquals(List.of("p1:1"), live.lostByGroup().get("late"));
        assertEquals(1, live.notOnSlave().size());
        assertEquals(1, live.windows().size());
        assertEquals(2, live.sends());
        assertEquals(1, live.ownership().size());
        assertEquals(1, live.missedDeadlines().size());
    }

    /**
     * Fault 12: a queue without exactly one owner is a violation only once the group has had 2 s to settle since its
     * last membership change; samples before any change are the group forming.
     */
    @Test
    void aQueueWithoutExactlyOneOwnerTwoSecondsAfterAChangeIsAViolation() {
        History h = clean();
        h.ownership(500, "{Topic@broker-a#0=[]}");                    // before the group formed: not counted
        h.member(1000, "churn-1 joined");
        h.ownership(2900, "{Topic@broker-a#0=[churn-1, churn-2]}");   // 1.9 s after the change: settling
        h.member(5000, "kill -9 churn-1");
        h.ownership(7500, "{Topic@broker-b#0=[]}");                   // 2.5 s after the kill: a violation
        Verdict v = Checker.check("owners", h);
        assertFalse(v.passed());
        assertEquals(1, v.ownership().size(), v.table());
        assertTrue(v.ownership().get(0).contains("2.5 s after 'kill -9 churn-1'"), v.ownership().get(0));
    }

    /** A measured bound (route removal, catch-up, recovery) that was missed, or never reached, fails the run. */
    @Test
    void aMissedDeadlineFailsTheRunAndIsPrinted() {
        History h = clean();
        h.deadline(new Deadline("route to broker-a-1 removed", 4000, 5000));
        assertTrue(Checker.check("met", h).passed());
        h.deadline(new Deadline("broker-a-1 caught up with broker-a-0", -1, 30_000));
        Verdict v = Checker.check("missed", h);
        assertFalse(v.passed());
        assertTrue(v.oneLine().contains("deadlines missed 1 of 2"), v.oneLine());
        assertTrue(v.table().contains("caught up with broker-a-0: never (limit 30.0 s)"), v.table());
    }
}
