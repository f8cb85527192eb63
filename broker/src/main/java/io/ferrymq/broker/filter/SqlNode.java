package io.ferrymq.broker.filter;

import java.util.Set;

/**
 * The compiled tree of an SQL92 filter expression, evaluated with RocketMQ's semantics (its selector is
 * ActiveMQ's JMS selector with string conversion switched on):
 * <ul>
 *   <li>Values are {@link Boolean}, {@link Long}, {@link Double}, {@link String} or {@code null} (a missing
 *   property). Message properties are strings; compared with a number or boolean literal they are converted to
 *   its type, and a string that does not convert makes the whole evaluation fail ({@link SqlEvaluationException}),
 *   so the message is not delivered.</li>
 *   <li>Three-valued logic: a comparison with a missing property is unknown ({@code null}); {@code NOT unknown}
 *   is unknown; AND/OR follow SQL's truth tables. Only a result of TRUE delivers a message.</li>
 * </ul>
 * Nodes are immutable and safe to evaluate from any thread.
 */
sealed interface SqlNode {

    /** Evaluates against one message's properties. */
    Object eval(PropertySource props);

    /** Whether this node yields a boolean (or unknown), i.e. may stand where a condition is expected. */
    default boolean isCondition() {
        return false;
    }

    /** Reads a message property by name; null when absent. */
    @FunctionalInterface
    interface PropertySource {
        String get(String name);
    }

    enum CompareOp {
        GT(">"), GE(">="), LT("<"), LE("<=");

        final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        boolean accept(int cmp) {
            return switch (this) {
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
            };
        }
    }

    enum StringOp { CONTAINS, STARTSWITH, ENDSWITH }

    record Constant(Object value) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            return value;
        }

        @Override
        public boolean isCondition() {
            return value == null || value instanceof Boolean;
        }

        @Override
        public String toString() {
            return value instanceof String s ? "'" + s + "'" : String.valueOf(value).toUpperCase(java.util.Locale.ROOT);
        }
    }

    record Property(String name) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            return props.get(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A bare property used as a condition: TRUE only for a Boolean TRUE value, which string properties never are. */
    record BooleanCast(SqlNode operand) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object v = operand.eval(props);
            if (v == null) {
                return null;
            }
            return v instanceof Boolean b ? b : Boolean.FALSE;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    record Negate(SqlNode operand) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object v = operand.eval(props);
            if (v instanceof Long l) {
                return -l;
            }
            if (v instanceof Double d) {
                return -d;
            }
            return null;
        }
    }

    record Not(SqlNode operand) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object v = operand.eval(props);
            return v == null ? null : !(Boolean) v;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    record And(SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Boolean l = (Boolean) left.eval(props);
            if (l != null && !l) {
                return Boolean.FALSE;
            }
            Boolean r = (Boolean) right.eval(props);
            if (r != null && !r) {
                return Boolean.FALSE;
            }
            return l == null || r == null ? null : Boolean.TRUE;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    record Or(SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Boolean l = (Boolean) left.eval(props);
            if (l != null && l) {
                return Boolean.TRUE;
            }
            Boolean r = (Boolean) right.eval(props);
            if (r != null && r) {
                return Boolean.TRUE;
            }
            return l == null || r == null ? null : Boolean.FALSE;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    /** {@code =}; IS NULL is an Equal with a NULL constant (true exactly when the value is missing). */
    record Equal(SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object l = left.eval(props);
            Object r = right.eval(props);
            if (l == null && r == null) {
                return Boolean.TRUE;
            }
            if (l == null) {
                return null;
            }
            if (r == null) {
                return Boolean.FALSE;
            }
            if (l.equals(r)) {
                return Boolean.TRUE;
            }
            return Values.compare(l, r) == 0;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    record Compare(CompareOp op, SqlNode left, SqlNode right) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object l = left.eval(props);
            if (l == null) {
                return null;
            }
            Object r = right.eval(props);
            if (r == null) {
                return null;
            }
            if (l instanceof String ls && r instanceof String rs) {
                return op.accept(Double.compare(Values.toDouble(ls), Values.toDouble(rs)));
            }
            return op.accept(Values.compare(l, r));
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    record In(Property property, Set<String> values, boolean negated) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object v = property.eval(props);
            if (!(v instanceof String s)) {
                return null;
            }
            return values.contains(s) ^ negated;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }

    record StringTest(StringOp op, SqlNode operand, String literal, boolean negated) implements SqlNode {
        @Override
        public Object eval(PropertySource props) {
            Object v = operand.eval(props);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                return Boolean.FALSE;
            }
            boolean hit = switch (op) {
                case CONTAINS -> s.contains(literal);
                case STARTSWITH -> s.startsWith(literal);
                case ENDSWITH -> s.endsWith(literal);
            };
            return hit ^ negated;
        }

        @Override
        public boolean isCondition() {
            return true;
        }
    }
}
