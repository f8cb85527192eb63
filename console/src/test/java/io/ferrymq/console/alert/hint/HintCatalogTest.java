package io.ferrymq.console.alert.hint;

import io.ferrymq.console.alert.Alert;
import io.ferrymq.console.alert.Condition;
import io.ferrymq.console.alert.Severity;
import io.ferrymq.console.alert.Target;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every condition has a "what to do" card built from the alert's evidence. */
class HintCatalogTest {
    private static Alert alert(Condition c, Target t, Map<String, String> evidence) {
        return new Alert(1, "k", c, t, c.id(), Severity.WARNING, Alert.Status.FIRING, 5, 1, 0, evidence,
                1_700_000_000_000L, 1_700_000_060_000L, 0, 0, false, "", 0, 0);
    }

    @Test
    void everyConditionHasACardWithCauseNextStepAndAnAction() {
        for (Condition c : Condition.values()) {
            Target t = switch (c.kind()) {
                case GROUP -> Target.group("local", "c1", "orders", Set.of("Orders"));
                case BROKER -> Target.broker("local", "c1", "broker-a", "10.0.0.1:10911");
                case BROKER_GROUP -> Target.brokerGroup("local", "c1", "broker-a");
            };
            Hint h = HintCatalog.forAlert(alert(c, t, Map.of()));
            assertEquals(c.id(), h.problem());
            assertTrue(h.title().contains(t.kind() == io.ferrymq.console.alert.TargetKind.GROUP ? "orders"
                    : "broker-a"), h.title());
            assertFalse(h.cause().isBlank(), c.id());
            assertFalse(h.next().isBlank(), c.id());
            assertFalse(h.actions().isEmpty(), c.id());
            assertTrue(h.evidence().size() >= 2, c.id());
        }
    }

    @Test
    void backlogWithoutConsumerNamesTheGroupAndItsLastConsumer() {
        Hint h = HintCatalog.forAlert(alert(Condition.BACKLOG_NO_CONSUMER, Target.group("local", "c1", "orders",
                Set.of("Orders")), Map.of("backlog", "120", "topics", "Orders", "lastConsumer", "10.0.0.5@app",
                "lastConsumerAddress", "10.0.0.5:53422", "lastConsumerSeenAt", "1700000000000")));
        assertTrue(h.what().contains("orders"), h.what());
        assertTrue(h.what().contains("120 messages"), h.what());
        assertTrue(h.what().contains("last consumer was 10.0.0.5@app at 10.0.0.5:53422"), h.what());
        assertTrue(h.next().contains("last seen on 10.0.0.5"), h.next());
        assertEquals("#/groups/orders", h.actions().get(0).href());
    }
}
