package io.ferrymq.console.alert;

import java.util.regex.Pattern;

/**
 * A name pattern of a rule or silence: {@code *} matches any run of characters, {@code ?} one character, anything
 * else itself (case-sensitive, as topic and group names are). {@code *} alone matches everything, the empty name
 * included. Immutable.
 */
public final class NamePattern {
    /** Characters allowed in a pattern: those of topic, group, cluster and broker names, ':' and the wildcards. */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.%|:@*?-]{1,255}");
    public static final NamePattern ANY = new NamePattern("*");

    private final String text;
    private final Pattern regex;

    private NamePattern(String text) {
        this.text = text;
        StringBuilder sb = new StringBuilder();
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        this.regex = Pattern.compile(sb.toString());
    }

    /** Parses a pattern; throws IllegalArgumentException saying what is allowed. */
    public static NamePattern parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equals("*")) {
            return ANY;
        }
        if (!ALLOWED.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a name pattern (letters, digits, _ . % | : @ -, "
                    + "and the wildcards * and ?; at most 255 characters)");
        }
        return new NamePattern(t);
    }

    public boolean any() {
        return this == ANY;
    }

    public boolean matches(String name) {
        return any() || regex.matcher(name == null ? "" : name).matches();
    }

    /** True when any of {@code names} matches (false for none, unless this matches everything). */
    public boolean matchesAny(Iterable<String> names) {
        if (any()) {
            return true;
        }
        for (String n : names) {
            if (matches(n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamePattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
