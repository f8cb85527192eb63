package io.ferrymq.common.message;

import java.util.Arrays;

/**
 * Reads a few named properties of an encoded properties string in one pass, without building a map, by the
 * rules of {@link MessageProperties#decode}: a segment counts only when it is a pair decode keeps (at least 3
 * chars, non-empty name before its first 0x01, non-empty value), a missing trailing 0x02 is tolerated, and the
 * last pair of a name wins.
 *
 * <p>Why: the broker reads properties on hot paths, every record of a batch send and every dispatched message.
 * Decoding each into a HashMap (and encoding it again) was about 20% of broker CPU under batches of 32 messages,
 * and a {@link MessageProperties#get} per name scans the string once per name. One scan, with values kept as
 * positions and cut only when asked for, costs one pass and no allocation.
 *
 * <p>{@link #plainPairs} also tells whether the string is exactly what {@link MessageProperties#encode} would
 * write for its decoded map (but for the order of the pairs and a trailing 0x02), i.e. whether a pair with a new
 * name may be appended to it without leaving a name twice or a dropped segment in the result.
 *
 * <p>Reusable (each {@link #scan} starts afresh), not thread-safe: one instance per thread or per use.
 */
public final class PropertyScan {
    /** Pairs beyond this many make {@link #plainPairs} false without comparing names: its check is quadratic. */
    static final int MAX_COMPARED_PAIRS = 32;

    private final String[] names;
    private final int[] valueStart;
    private final int[] valueEnd;
    private final int[] pairNameStart = new int[MAX_COMPARED_PAIRS];
    private final int[] pairNameEnd = new int[MAX_COMPARED_PAIRS];
    private String properties = "";
    private int pairs;
    private boolean malformed;

    /**
     * A scan for {@code names}; a name is later referred to by its index in this array.
     *
     * @throws IllegalArgumentException for an empty name or one holding a separator: decode never yields those
     */
    public PropertyScan(String... names) {
        for (String n : names) {
            if (n.isEmpty() || n.indexOf(MessageProperties.NAME_VALUE_SEPARATOR) >= 0
                    || n.indexOf(MessageProperties.PROPERTY_SEPARATOR) >= 0) {
                throw new IllegalArgumentException("not a property name decode can yield: " + n);
            }
        }
        this.names = names.clone();
        this.valueStart = new int[names.length];
        this.valueEnd = new int[names.length];
    }

    /** Scans {@code properties} (null counts as ""), forgetting the previous scan; returns this. */
    public PropertyScan scan(String properties) {
        String p = properties == null ? "" : properties;
        this.properties = p;
        Arrays.fill(valueStart, -1);
        pairs = 0;
        malformed = false;
        int len = p.length();
        int index = 0;
        while (index < len) {
            int end = p.indexOf(MessageProperties.PROPERTY_SEPARATOR, index);
            if (end < 0) {
                end = len;
            }
            int kv = end - index >= 3 ? p.indexOf(MessageProperties.NAME_VALUE_SEPARATOR, index) : -1;
            if (kv > index && kv < end - 1) {
                pair(index, kv, end);
            } else {
                malformed = true;
            }
            index = end + 1;
        }
        return this;
    }

    private void pair(int nameStart, int kv, int end) {
        int nameLen = kv - nameStart;
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            if (n.length() == nameLen && properties.regionMatches(nameStart, n, 0, nameLen)) {
                valueStart[i] = kv + 1;
                valueEnd[i] = end;
            }
        }
        if (pairs < MAX_COMPARED_PAIRS) {
            pairNameStart[pairs] = nameStart;
            pairNameEnd[pairs] = kv;
        }
        pairs++;
    }

    /** True when the name at {@code index} has a value (as {@code decode(s).containsKey(name)}). */
    public boolean has(int index) {
        return valueStart[index] >= 0;
    }

    /** The value of the name at {@code index} (as {@code decode(s).get(name)}), or null. */
    public String value(int index) {
        return has(index) ? properties.substring(valueStart[index], valueEnd[index]) : null;
    }

    /** True when the name at {@code index} has a value equal to {@code expected}; compares in place. */
    public boolean valueEquals(int index, String expected) {
        if (!has(index) || expected == null) {
            return false;
        }
        int len = valueEnd[index] - valueStart[index];
        return len == expected.length() && properties.regionMatches(valueStart[index], expected, 0, len);
    }

    /**
     * True when every segment of the scanned string is a pair decode keeps and no name occurs twice (also for
     * "" and null). False as well, without comparing, beyond {@value #MAX_COMPARED_PAIRS} pairs.
     */
    public boolean plainPairs() {
        if (malformed || pairs > MAX_COMPARED_PAIRS) {
            return false;
        }
        for (int i = 1; i < pairs; i++) {
            int len = pairNameEnd[i] - pairNameStart[i];
            for (int j = 0; j < i; j++) {
                if (pairNameEnd[j] - pairNameStart[j] == len
                        && properties.regionMatches(pairNameStart[i], properties, pairNameStart[j], len)) {
                    return false;
                }
            }
        }
        return true;
    }
}
