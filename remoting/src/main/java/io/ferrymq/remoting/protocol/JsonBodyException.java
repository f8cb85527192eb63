package io.ferrymq.remoting.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A request or response body is not the JSON its code calls for. Unchecked: a processor that lets it escape
 * answers SYSTEM_ERROR with this message, which names the expected type and quotes the start of the body.
 */
public class JsonBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int QUOTE_LIMIT = 120;

    public JsonBodyException(String expectedType, byte[] body, Throwable cause) {
        super("body is not a valid " + expectedType + " JSON (" + cause.getMessage() + "); body starts with: "
                + quote(body), cause);
    }

    private static String quote(byte[] body) {
        int n = Math.min(body.length, QUOTE_LIMIT);
        String s = new String(body, 0, n, StandardCharsets.UTF_8);
        return body.length > n ? s + "..." : s;
    }
}
