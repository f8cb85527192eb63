package io.ferrymq.broker.filter;

import io.ferrymq.broker.Rejection;
import io.ferrymq.broker.client.Subscription;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ExpressionType;
import io.ferrymq.store.MessageFilter;

import java.util.function.BooleanSupplier;

/**
 * Turns a subscription (TAG or SQL92) into the store read filter, or says why it is refused, with RocketMQ's codes:
 * SQL92 while {@code enablePropertyFilter} is off, or any other expression type, is SYSTEM_ERROR "The broker does
 * not support consumer to filter message by ..."; an SQL92 expression that does not compile is
 * SUBSCRIPTION_PARSE_FAILED naming the column. Used by heartbeats and CHECK_CLIENT_CONFIG (refuse at subscribe
 * time) and by pulls (which find the compiled expression in the cache, never compiling again). Thread-safe.
 */
public final class SubscriptionFilters {
    /** Distinct expressions remembered; a busy broker has far fewer distinct SQL subscriptions than this. */
    static final int CACHE_CAPACITY = 4096;

    private final BooleanSupplier propertyFilterEnabled;
    private final SqlFilterCache cache = new SqlFilterCache(CACHE_CAPACITY);

    /** @param propertyFilterEnabled reads the broker's {@code enablePropertyFilter} (it may change at runtime) */
    public SubscriptionFilters(BooleanSupplier propertyFilterEnabled) {
        this.propertyFilterEnabled = propertyFilterEnabled;
    }

    /** The read filter for {@code s}, or a {@link Refused} naming the code and reason. */
    public Outcome filterFor(Subscription s) {
        if (s.isTagType()) {
            return new Accepted(s.matchesAll() ? MessageFilter.ALL : s::matchesTagsCode);
        }
        if (!ExpressionType.SQL92.equalsIgnoreCase(s.expressionType())) {
            return new Refused(new Rejection(ResponseCode.SYSTEM_ERROR, "The broker does not support consumer to "
                    + "filter message by " + s.expressionType() + " (supported: TAG, SQL92)"));
        }
        if (!propertyFilterEnabled.getAsBoolean()) {
            return new Refused(new Rejection(ResponseCode.SYSTEM_ERROR, "The broker does not support consumer to "
                    + "filter message by " + s.expressionType() + "; set enablePropertyFilter=true in the broker "
                    + "configuration to allow SQL92 subscriptions"));
        }
        try {
            return new Accepted(new SqlMessageFilter(cache.get(s.subString())));
        } catch (SqlSyntaxException e) {
            return new Refused(new Rejection(ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage()
                    + " (topic " + s.topic() + ", expression: " + s.subString() + ")"));
        }
    }

    /** Number of SQL92 compilations so far (each distinct expression once while it stays cached). */
    public long compilations() {
        return cache.compilations();
    }

    /** Result of {@link #filterFor}. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    public record Accepted(MessageFilter filter) implements Outcome {
    }

    public record Refused(Rejection rejection) implements Outcome {
    }
}
