package io.ferrymq.remoting.acl;

import java.util.regex.Pattern;

/**
 * A topic or group name, or a pattern where {@code *} matches any run of characters ({@code orders-*},
 * {@code *}). Immutable.
 */
public final class NamePattern {
    private final String text;
    private final Pattern regex;

    private NamePattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    public static NamePattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty topic or group name");
        }
        String t = text.trim();
        if (t.indexOf('*') < 0) {
            return new NamePattern(t, null);
        }
        return new NamePattern(t, Pattern.compile(String.join(".*", quoteAll(t.split("\\*", -1)))));
    }

    private static String[] quoteAll(String[] parts) {
        String[] q = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            q[i] = parts[i].isEmpty() ? "" : Pattern.quote(parts[i]);
        }
        return q;
    }

    public boolean isExact() {
        return regex == null;
    }

    public boolean matches(String name) {
        return regex == null ? text.equals(name) : regex.matcher(name).matches();
    }

    /** Two patterns are equal when written the same: the regex is derived from the text. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NamePattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
