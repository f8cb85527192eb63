package io.ferrymq.broker.filter;

import java.util.Map;
import java.util.function.Function;

/**
 * A compiled SQL92 subscription filter ({@code MessageSelector.bySql} in the official client). Compile once with
 * {@link #compile} (a bad expression fails there, naming the column), then {@link #matches} per message.
 * Immutable and thread-safe.
 */
public final class SqlFilter {
    private final String expression;
    private final SqlNode root;

    private SqlFilter(String expression, SqlNode root) {
        this.expression = expression;
        this.root = root;
    }

    /**
     * Compiles an expression.
     *
     * @throws SqlSyntaxException naming the column and the problem
     */
    public static SqlFilter compile(String expression) throws SqlSyntaxException {
        return new SqlFilter(expression, SqlParser.parse(expression));
    }

    public String expression() {
        return expression;
    }

    /**
     * Whether a message with these properties is delivered: only when the expression is TRUE. Unknown (a
     * comparison with a missing property) and a property that does not convert to the compared type both mean
     * "not delivered", as in RocketMQ.
     */
    public boolean matches(Map<String, String> properties) {
        return matches(properties::get);
    }

    /** As {@link #matches(Map)}, reading each property the expression names through {@code property}. */
    public boolean matches(Function<String, String> property) {
        try {
            return root.eval(property::apply) == Boolean.TRUE;
        } catch (SqlEvaluationException e) {
            return false;
        }
    }
}
