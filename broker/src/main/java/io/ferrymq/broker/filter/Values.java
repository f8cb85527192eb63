package io.ferrymq.broker.filter;

/**
 * Ordering of SQL92 filter values with RocketMQ's conversions: Long and Double compare as doubles, a String
 * compared with a number or a boolean is converted to that type first (failing with
 * {@link SqlEvaluationException} when it does not convert). Values of unrelated types order as "less".
 */
final class Values {
    private Values() {
    }

    static int compare(Object l, Object r) {
        if (l instanceof String ls && !(r instanceof String)) {
            l = convert(ls, r);
        } else if (r instanceof String rs && !(l instanceof String)) {
            r = convert(rs, l);
        }
        if (l instanceof Long a && r instanceof Long b) {
            return Long.compare(a, b);
        }
        if (l instanceof Number a && r instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (l instanceof String a && r instanceof String b) {
            return a.compareTo(b);
        }
        if (l instanceof Boolean a && r instanceof Boolean b) {
            return Boolean.compare(a, b);
        }
        return -1;
    }

    static double toDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new SqlEvaluationException("'" + s + "' is not a number");
        }
    }

    private static Object convert(String s, Object like) {
        try {
            if (like instanceof Long) {
                return Long.valueOf(s);
            }
            if (like instanceof Double) {
                return Double.valueOf(s);
            }
        } catch (NumberFormatException e) {
            throw new SqlEvaluationException("'" + s + "' is not a number");
        }
        if (like instanceof Boolean) {
            return Boolean.valueOf(s);
        }
        return s;
    }
}
