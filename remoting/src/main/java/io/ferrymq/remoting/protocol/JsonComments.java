package io.ferrymq.remoting.protocol;

/**
 * Finds a comment in JSON text: a {@code '/'} outside any string. JSON has no comments and no peer sends them, but
 * fastjson2 (2.0.53) accepts them as an extension and never returns from some inputs that have one inside an array
 * inside an object (e.g. {@code {"a":[1/]}}: found by fuzzing, see docs/security.md). Every JSON read from the
 * network is checked with this first, so such input is refused with its declared error instead of pinning a thread.
 * Stateless; a linear scan with no allocation.
 */
public final class JsonComments {
    private JsonComments() {
    }

    /** Offset of the first {@code '/'} outside a double-quoted string in UTF-8 {@code json[from, to)}, or -1. */
    public static int find(byte[] json, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = json[i]; // UTF-8: bytes of multi-byte characters are >= 0x80, never '"', '\\' or '/'
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '/') {
                return i - from;
            }
        }
        return -1;
    }

    /** Offset of the first {@code '/'} outside a double-quoted string in {@code json}, or -1. */
    public static int find(CharSequence json) {
        boolean inString = false;
        for (int i = 0, n = json.length(); i < n; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/') {
                return i;
            }
        }
        return -1;
    }

    /** The refusal text for a comment at {@code offset}. */
    public static String describe(int offset) {
        return "a comment ('/' outside a string) at offset " + offset + "; JSON has no comments";
    }
}
