package io.ferrymq.remoting.protocol.body;

/** Subscription expression types (the {@code expressionType} strings of the wire format). */
public final class ExpressionType {
    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";

    private ExpressionType() {
    }

    /** Null, empty and {@code TAG} all mean tag filtering. */
    public static boolean isTagType(String type) {
        return type == null || type.isEmpty() || TAG.equals(type);
    }
}
