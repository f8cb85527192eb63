package io.ferrymq.client.consumer;

import java.util.Objects;

/**
 * What a consumer receives from a topic: a tag expression ({@link #byTag}) or an SQL92 expression over the
 * message's properties ({@link #bySql}), evaluated on the broker. The same semantics as the official client's
 * {@code MessageSelector}; SQL92 needs a broker with {@code enablePropertyFilter=true}, and a consumer with a
 * selector the broker refuses (bad syntax, or SQL92 switched off) fails in {@code start()} with the broker's
 * reason. Immutable.
 *
 * <pre>{@code
 * consumer.subscribe("Orders", MessageSelector.bySql("region = 'eu' AND amount > 100"));
 * }</pre>
 */
public final class MessageSelector {
    /** Expression type of tag selectors (RocketMQ's wire name). */
    public static final String TAG = "TAG";
    /** Expression type of SQL92 selectors (RocketMQ's wire name). */
    public static final String SQL92 = "SQL92";

    private final String type;
    private final String expression;

    private MessageSelector(String type, String expression) {
        this.type = type;
        this.expression = expression;
    }

    /**
     * Selects by tag: {@code "*"} (or null) for every message, or tags separated by {@code ||}.
     */
    public static MessageSelector byTag(String tagExpression) {
        return new MessageSelector(TAG, tagExpression == null || tagExpression.isBlank() ? "*" : tagExpression.trim());
    }

    /**
     * Selects by an SQL92 condition over user properties and the tag (property {@code TAGS}): comparisons,
     * {@code BETWEEN}, {@code IN}, {@code IS [NOT] NULL}, {@code AND}/{@code OR}/{@code NOT}, string, numeric and
     * boolean literals. A comparison with a property the message does not have is not true, so such messages
     * are not delivered.
     *
     * @throws IllegalArgumentException when {@code sql} is null or blank
     */
    public static MessageSelector bySql(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("an SQL92 selector needs an expression, e.g. \"a > 5\"");
        }
        return new MessageSelector(SQL92, sql.trim());
    }

    /** {@link #TAG} or {@link #SQL92}. */
    public String type() {
        return type;
    }

    public String expression() {
        return expression;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageSelector s && s.type.equals(type) && s.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, expression);
    }

    @Override
    public String toString() {
        return type + "(" + expression + ")";
    }
}
