package io.ferrymq.console.alert;

import io.ferrymq.common.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How an alert goes from a figure to notifications, stepped with a {@link ManualClock}. */
class AlertEvaluatorTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final AlertHistory history = new AlertHistory(7L * 86_400_000);
    private final AlertEvaluator evaluator = new AlertEvaluator(history, 4 * 3_600_000L);
    private final Target orders = Target.group("local", "c1", "orders", Set.of("Orders"));
    private RuleBook rules = RuleBook.defaults().with(Rule.parse("group-backlog", Map.of("condition",
            "group-backlog", "threshold", "100", "resolveThreshold", "50", "forSeconds", "60"), true));
    private List<Silence> silences = List.of();

    private List<AlertEvent> backlog(double value) {
        return evaluator.evaluate(clock.currentTimeMillis(), List.of(Observation.of(Condition.GROUP_BACKLOG, orders,
                value, Map.of("backlog", Long.toString((long) value)))), Set.of("local"), rules, silences);
    }

    private List<AlertEvent> every15s(double value, int rounds) {
        List<AlertEvent> all = new java.util.ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            clock.advance(15_000);
            all.addAll(backlog(value));
        }
        return all;
    }

    private List<AlertEvent> fire() {
        List<AlertEvent> e = backlog(500);
        e = new java.util.ArrayList<>(e);
        e.addAll(every15s(500, 4));
        assertEquals(1, e.size(), "fired once: " + e);
        return e;
    }

    @Test
    void aFigureAboveTheThresholdFiresOnlyAfterTheForDuration() {
        assertTrue(backlog(500).isEmpty(), "pending at first");
        assertEquals(Alert.Status.PENDING, evaluator.alerts().get(0).status());
        assertTrue(every15s(500, 3).isEmpty(), "45 s of 60: still pending");
        List<AlertEvent> e = every15s(500, 1);
        assertEquals(1, e.size());
        assertEquals(AlertEvent.Type.FIRING, e.get(0).type());
        assertEquals("orders", e.get(0).alert().target().group());
        assertEquals(Alert.Status.FIRING, evaluator.alerts().get(0).status());
    }

    @Test
    void aFigureThatDipsUnderTheThresholdWhilePendingIsDroppedSilently() {
        backlog(500);
        every15s(500, 2);
        assertTrue(every15s(99, 1).isEmpty());
        assertTrue(evaluator.alerts().isEmpty(), "pending alert dropped");
        assertTrue(every15s(500, 4).isEmpty(), "the for-duration starts again");
        assertEquals(1, every15s(500, 1).size());
        assertTrue(history.find("RESOLVED", null, 0, 10).isEmpty(), "nothing resolved: it had not fired");
    }

    @Test
    void hysteresisKeepsAWobblingFigureFiringWithoutNewNotifications() {
        fire();
        // wobbling around the threshold of 100, above the resolve threshold of 50
        for (double v : new double[] {90, 120, 60, 101, 51, 99, 150}) {
            clock.advance(15_000);
            assertTrue(backlog(v).isEmpty(), "no notification at " + v);
            assertEquals(Alert.Status.FIRING, evaluator.alerts().get(0).status());
        }
        clock.advance(15_000);
        List<AlertEvent> e = backlog(50);
        assertEquals(1, e.size());
        assertEquals(AlertEvent.Type.RESOLVED, e.get(0).type());
        assertTrue(evaluator.alerts().isEmpty());
        assertTrue(every15s(80, 10).isEmpty(), "under the threshold after resolving: nothing");
    }

    @Test
    void aLongFiringAlertIsRepeatedOncePerRepeatIntervalUntilAcknowledged() {
        fire();
        clock.advance(4 * 3_600_000L - 15_000 - 1);
        assertTrue(backlog(500).isEmpty(), "not yet four hours");
        clock.advance(60_000);
        List<AlertEvent> e = backlog(500);
        assertEquals(List.of(AlertEvent.Type.REPEAT), e.stream().map(AlertEvent::type).toList());
        assertTrue(every15s(500, 10).isEmpty(), "one repeat, not one per round");
        long id = evaluator.alerts().get(0).id();
        assertTrue(evaluator.acknowledge(id, "alice", clock.currentTimeMillis()));
        clock.advance(8 * 3_600_000L);
        assertTrue(backlog(500).isEmpty(), "acknowledged: no repeat");
        clock.advance(15_000);
        assertEquals(AlertEvent.Type.RESOLVED, backlog(0).get(0).type(), "its resolution is still notified");
        assertEquals("alice", history.find("ACKNOWLEDGED", null, 0, 10).get(0).by());
    }

    @Test
    void aRulesOwnRepeatIntervalOverridesTheConsoles() {
        rules = rules.with(Rule.parse("group-backlog", Map.of("condition", "group-backlog", "threshold", "100",
                "forSeconds", "0", "repeatMinutes", "30"), true));
        assertEquals(AlertEvent.Type.FIRING, backlog(500).get(0).type());
        clock.advance(30 * 60_000L);
        assertEquals(AlertEvent.Type.REPEAT, backlog(500).get(0).type());
    }

    @Test
    void aSilencedAlertNotifiesNothingUntilTheSilenceEnds() {
        silences = List.of(new Silence(1, "group-backlog", "ord*", clock.currentTimeMillis() + 120_000, "bob",
                clock.currentTimeMillis(), "deploying"));
        assertTrue(backlog(500).isEmpty());
        assertTrue(every15s(500, 6).isEmpty(), "fired while silenced: no notification");
        Alert a = evaluator.alerts().get(0);
        assertEquals(Alert.Status.FIRING, a.status());
        assertEquals(1, a.silencedBy());
        assertEquals(1, history.find("SILENCED", null, 0, 10).size());
        List<AlertEvent> e = every15s(500, 2);
        assertEquals(List.of(AlertEvent.Type.FIRING), e.stream().map(AlertEvent::type).toList(),
                "notified once the silence ended");
    }

    @Test
    void aSilenceOfAnotherTargetOrRuleDoesNotMute() {
        silences = List.of(new Silence(1, "group-lag-seconds", "*", Long.MAX_VALUE, "bob", 0, ""),
                new Silence(2, "*", "payments", Long.MAX_VALUE, "bob", 0, ""));
        backlog(500);
        assertEquals(1, every15s(500, 4).size());
    }

    @Test
    void anUnknownFigureKeepsTheAlertAsItIs() {
        fire();
        clock.advance(15_000);
        assertTrue(evaluator.evaluate(clock.currentTimeMillis(), List.of(Observation.unknown(Condition.GROUP_BACKLOG,
                orders, "broker did not answer")), Set.of("local"), rules, silences).isEmpty());
        assertEquals(Alert.Status.FIRING, evaluator.alerts().get(0).status());
    }

    @Test
    void anAlertWhoseTargetIsGoneResolvesOnlyInACompleteRound() {
        fire();
        clock.advance(15_000);
        assertTrue(evaluator.evaluate(clock.currentTimeMillis(), List.of(), Set.of(), rules, silences).isEmpty(),
                "a partial round proves nothing");
        clock.advance(15_000);
        List<AlertEvent> e = evaluator.evaluate(clock.currentTimeMillis(), List.of(), Set.of("local"), rules,
                silences);
        assertEquals(AlertEvent.Type.RESOLVED, e.get(0).type());
        assertTrue(history.find("RESOLVED", null, 0, 1).get(0).detail().contains("no longer present"));
    }

    @Test
    void theMostSpecificRuleDecidesAndADisabledOneSwitchesTheConditionOff() {
        rules = rules.with(Rule.parse("orders-strict", Map.of("condition", "group-backlog", "group", "ord*",
                "threshold", "1000", "forSeconds", "0"), false));
        assertTrue(backlog(500).isEmpty(), "orders-strict (1000) overrides the built-in (100)");
        assertEquals(1, backlog(1001).size());
        rules = rules.with(Rule.parse("orders-strict", Map.of("condition", "group-backlog", "group", "orders",
                "enabled", "false"), false));
        clock.advance(15_000);
        List<AlertEvent> e = backlog(5000);
        assertEquals(AlertEvent.Type.RESOLVED, e.get(0).type(), "disabling the rule ends its alert");
        assertTrue(every15s(5000, 10).isEmpty());
    }

    @Test
    void aRestoredFiringAlertIsNotNotifiedAgain() {
        fire();
        List<Alert> saved = evaluator.alerts();
        AlertEvaluator restarted = new AlertEvaluator(history, 4 * 3_600_000L);
        restarted.restore(saved, evaluator.nextId());
        clock.advance(15_000);
        List<AlertEvent> e = restarted.evaluate(clock.currentTimeMillis(), List.of(Observation.of(
                Condition.GROUP_BACKLOG, orders, 500, Map.of())), Set.of("local"), rules, silences);
        assertTrue(e.isEmpty(), "no second FIRING after a restart: " + e);
        clock.advance(15_000);
        e = restarted.evaluate(clock.currentTimeMillis(), List.of(Observation.of(Condition.GROUP_BACKLOG, orders, 0,
                Map.of())), Set.of("local"), rules, silences);
        assertEquals(List.of(AlertEvent.Type.RESOLVED), e.stream().map(AlertEvent::type).toList());
    }
}
