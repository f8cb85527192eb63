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

    @Test
    void aNegativeLagOffersAResetToTheLatestOffsetsAfterConfirmation() {
        Hint h = HintCatalog.forAlert(alert(Condition.OFFSET_AHEAD, Target.group("local", "c1", "orders",
                Set.of("Orders")), Map.of("queuesAhead", "1", "aheadQueues",
                "Orders broker-a#0: committed 120, queue end 100", "onlineConsumers", "0")));
        assertTrue(h.evidence().contains("1 queue(s): Orders broker-a#0: committed 120, queue end 100"),
                h.evidence().toString());
        Hint.Action reset = h.actions().get(0);
        assertEquals("POST", reset.method());
        assertEquals("/api/sets/local/groups/orders/skip-backlog", reset.path());
        assertTrue(reset.confirm().contains("orders"), reset.confirm());
        assertEquals("#/groups/orders", h.actions().get(1).href());
    }

    @Test
    void mixedSubscriptionsListEachVariantWithItsMembers() {
        Hint h = HintCatalog.forAlert(alert(Condition.SUBSCRIPTION_MISMATCH, Target.group("local", "c1", "orders",
                Set.of("Orders")), Map.of("onlineConsumers", "3", "subscriptionVariants", "2",
                "variant1", "Orders * <- 2 consumer(s): a, b", "variant2", "Orders paid <- 1 consumer(s): c")));
        assertTrue(h.what().contains("of the 3 online consumers of group orders"), h.what());
        assertTrue(h.evidence().contains("Orders paid <- 1 consumer(s): c"), h.evidence().toString());
        assertTrue(h.next().contains("same topics and tag expression"), h.next());
    }
}
