package io.ferrymq.broker.filter;

import io.ferrymq.broker.client.Subscription;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageFilter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which subscriptions the broker accepts, with RocketMQ's codes, and that SQL92 compiles once. */
class SubscriptionFiltersTest {
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final SubscriptionFilters filters = new SubscriptionFilters(enabled::get);

    private static SubscriptionFilters.Refused refused(SubscriptionFilters.Outcome o) {
        return assertInstanceOf(SubscriptionFilters.Refused.class, o);
    }

    @Test
    void tagSubscriptionsFilterByTagHashAndStarPassesAll() {
        SubscriptionFilters.Accepted all = assertInstanceOf(SubscriptionFilters.Accepted.class,
                filters.filterFor(Subscription.of("T", "*", "TAG", 1)));
        assertSame(MessageFilter.ALL, all.filter());
        MessageFilter tagA = ((SubscriptionFilters.Accepted) filters.filterFor(Subscription.of("T", "A || B", null, 1)))
                .filter();
        assertTrue(tagA.matchesTagsCode("A".hashCode()));
        assertFalse(tagA.matchesTagsCode("C".hashCode()));
    }

    @Test
    void sqlIsRefusedWithSystemErrorWhilePropertyFilterIsOffAndAcceptedOnceOn() {
        enabled.set(false);
        SubscriptionFilters.Refused r = refused(filters.filterFor(Subscription.of("T", "a > 1", "SQL92", 1)));
        assertEquals(ResponseCode.SYSTEM_ERROR, r.rejection().code());
        assertTrue(r.rejection().remark().startsWith("The broker does not support consumer to filter message by "
                + "SQL92"), r.rejection().remark());
        assertTrue(r.rejection().remark().contains("enablePropertyFilter=true"), r.rejection().remark());
        enabled.set(true);
        assertInstanceOf(SubscriptionFilters.Accepted.class,
                filters.filterFor(Subscription.of("T", "a > 1", "SQL92", 1)));
    }

    @Test
    void aBadSqlExpressionIsSubscriptionParseFailedNamingColumnTopicAndExpression() {
        SubscriptionFilters.Refused r = refused(filters.filterFor(Subscription.of("Orders", "a >", "SQL92", 1)));
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, r.rejection().code());
        assertTrue(r.rejection().remark().contains("Invalid SQL92 expression at column 4"), r.rejection().remark());
        assertTrue(r.rejection().remark().contains("topic Orders, expression: a >"), r.rejection().remark());
    }

    @Test
    void anUnknownExpressionTypeIsRefused() {
        SubscriptionFilters.Refused r = refused(filters.filterFor(Subscription.of("T", "x", "CLASS", 1)));
        assertEquals(ResponseCode.SYSTEM_ERROR, r.rejection().code());
        assertTrue(r.rejection().remark().contains("filter message by CLASS"), r.rejection().remark());
    }

    @Test
    void eachExpressionIsCompiledOnceForHeartbeatsChecksAndPulls() {
        for (int i = 0; i < 100; i++) {
            filters.filterFor(Subscription.of("T", "a BETWEEN 1 AND 3", "SQL92", i));
            filters.filterFor(Subscription.of("T", "a >", "SQL92", i));
        }
        assertEquals(2, filters.compilations());
    }
}
