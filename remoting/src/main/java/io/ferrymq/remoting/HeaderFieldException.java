package io.ferrymq.remoting;

/**
 * A request header field is missing or malformed. The transport answers such a request with
 * INVALID_PARAMETER and this message, which names the field.
 */
public class HeaderFieldException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    public HeaderFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public static HeaderFieldException missing(String field) {
        return new HeaderFieldException(field, "the header field '" + field + "' is required but missing");
    }

    public static HeaderFieldException malformed(String field, String value, String expected) {
        return new HeaderFieldException(field,
                "the header field '" + field + "' has value '" + value + "', expected " + expected);
    }
}
