package io.ferrymq.broker.client;

import io.ferrymq.common.message.TagHash;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One topic subscription of a consumer group, as a heartbeat (or a pull with the subscription flag) states it.
 * Immutable. TAG matching is by tag hash code as in RocketMQ: pass when the message has no tag, the
 * expression is {@code *}, or the code is in {@link #codes}.
 */
public record Subscription(String topic, String subString, String expressionType, Set<String> tags,
                           Set<Integer> codes, long subVersion) {
    public static final String TAG = "TAG";
    public static final String SUB_ALL = "*";

    public Subscription {
        expressionType = expressionType == null || expressionType.isEmpty() ? TAG : expressionType;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        codes = codes == null ? Set.of() : Set.copyOf(codes);
    }

    /** A subscription of any expression type; TAG (or a null/empty type) is parsed as {@link #ofTagExpression}. */
    public static Subscription of(String topic, String expression, String expressionType, long subVersion) {
        if (expressionType == null || expressionType.isEmpty() || TAG.equalsIgnoreCase(expressionType)) {
            return ofTagExpression(topic, expression, subVersion);
        }
        return new Subscription(topic, expression == null ? "" : expression, expressionType, Set.of(), Set.of(),
                subVersion);
    }

    /** Parses a TAG expression ("*", "" or "a || b"). */
    public static Subscription ofTagExpression(String topic, String expression, long subVersion) {
        String expr = expression == null ? "" : expression.trim();
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        if (!expr.isEmpty() && !expr.equals(SUB_ALL)) {
            for (String t : expr.split("\\|\\|")) {
                String tag = t.trim();
                if (!tag.isEmpty()) {
                    tags.add(tag);
                    codes.add(tag.hashCode());
                }
            }
        }
        return new Subscription(topic, expr.isEmpty() ? SUB_ALL : expr, TAG, tags, codes, subVersion);
    }

    public boolean isTagType() {
        return TAG.equalsIgnoreCase(expressionType);
    }

    /** For TAG subscriptions: whether every tag passes. Meaningless for SQL92 (see SubscriptionFilters). */
    public boolean matchesAll() {
        return SUB_ALL.equals(subString) || subString == null || subString.isEmpty() || codes.isEmpty();
    }

    /** Broker-side tag filter on the consume-queue tags code. */
    public boolean matchesTagsCode(long tagsCode) {
        if (!isTagType() || matchesAll() || tagsCode == 0) {
            return true;
        }
        return codes.contains((int) tagsCode);
    }

    /** Filter for a message whose tag string is {@code tag}. */
    public boolean matchesTag(String tag) {
        return matchesTagsCode(TagHash.tagsCode(tag));
    }
}
