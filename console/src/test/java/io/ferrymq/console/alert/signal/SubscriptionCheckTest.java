package io.ferrymq.console.alert.signal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Members of a group are compared by what they subscribe, retry topics left out. */
class SubscriptionCheckTest {
    @Test
    void membersOutsideTheLargestVariantAreCounted() {
        SubscriptionCheck.Result r = SubscriptionCheck.compare(5, Map.of(
                "a", Map.of("Orders", "*", "%RETRY%g", "*"),
                "b", Map.of("Orders", "", "%RETRY%g", "*"),
                "c", Map.of("Orders", "paid || refunded")));
        assertEquals(3, r.clients());
        assertEquals(1, r.differing());
        assertEquals(List.of("Orders *", "Orders paid || refunded"), List.copyOf(r.variants().keySet()),
                "the largest variant first; a blank expression is *");
        assertEquals(List.of("a", "b"), r.variants().get("Orders *"));
        assertEquals("2", r.evidence().get("subscriptionVariants"));
        assertEquals("Orders paid || refunded <- 1 consumer(s): c", r.evidence().get("variant2"));
    }

    @Test
    void membersThatSubscribeAlikeDoNotDiffer() {
        SubscriptionCheck.Result r = SubscriptionCheck.compare(5, Map.of(
                "a", Map.of("Orders", "paid", "Refunds", "*"),
                "b", Map.of("Refunds", "*", "Orders", "paid")));
        assertEquals(0, r.differing());
        assertEquals(1, r.variants().size());
    }
}
