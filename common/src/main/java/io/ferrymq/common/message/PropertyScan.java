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
 * <p>How a pair's name is matched: comparing it with every wanted name was 12-16% of broker CPU under batch
 * sends. Now its length, first and last char make a key, and the key picks a slot of a table built once per set of
 * wanted names ({@link Names}) and sized so that wanted names of different keys have different slots. A pair that
 * is not wanted costs a table read and at most one int comparison; chars are compared only on an equal key. The
 * string is read by two {@link String#indexOf} searches, for 0x02 and for 0x01, each of which moves only forward
 * (the position of the next 0x01 is kept while segments without one are skipped), so every char is read at most
 * once by each: a scalar loop finding both at once (and hashing the name) measured slower than these vectorized
 * searches.
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

    private final Names wanted;
    private final int[] valueStart;
    private final int[] valueEnd;
    private final int[] pairNameStart = new int[MAX_COMPARED_PAIRS];
    private final int[] pairNameEnd = new int[MAX_COMPARED_PAIRS];
    private final int[] pairNameKey = new int[MAX_COMPARED_PAIRS];
    private String properties = "";
    private int pairs;
    private boolean malformed;

    /**
     * The names a scan looks for, with their lookup table. Immutable: build it once (a constant) and share it by
     * any number of scans on any threads.
     */
    public static final class Names {
        /** Multiplier of the key into a slot (Fibonacci hashing: the top bits of the product are the slot). */
        private static final int SPREAD = 0x9E3779B9;
        /** Tables tried beyond the smallest, each twice as large, for one where no two keys share a slot. */
        private static final int MORE_SIZES = 4;

        private final String[] names;
        /** {@code key(names[i])}. */
        private final int[] keys;
        /** Per slot: the index of a name in it, or -1; the slot's further names follow through {@link #next}. */
        private final int[] slotFirst;
        /** Per name: the index of the next name of its slot, or -1. */
        private final int[] next;
        private final int shift;

        private Names(String[] names) {
            for (String n : names) {
                if (n.isEmpty() || n.indexOf(MessageProperties.NAME_VALUE_SEPARATOR) >= 0
                        || n.indexOf(MessageProperties.PROPERTY_SEPARATOR) >= 0) {
                    throw new IllegalArgumentException("not a property name decode can yield: " + n);
                }
            }
            this.names = names.clone();
            this.keys = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                keys[i] = key(names[i], 0, names[i].length());
            }
            int bits = 3;
            while ((1 << bits) < 2 * names.length) {
                bits++;
            }
            int chosen = bits; // where no size keeps all keys apart, slots are shared: slower, still right
            for (int b = bits; b <= bits + MORE_SIZES; b++) {
                if (keysApart(b)) {
                    chosen = b;
                    break;
                }
            }
            this.shift = 32 - chosen;
            this.slotFirst = new int[1 << chosen];
            this.next = new int[names.length];
            Arrays.fill(slotFirst, -1);
            for (int i = names.length - 1; i >= 0; i--) {
                int s = slot(keys[i]);
                next[i] = slotFirst[s];
                slotFirst[s] = i;
            }
        }

        /**
         * The names to scan for; a name is later referred to by its index in this array.
         *
         * @throws IllegalArgumentException for an empty name or one holding a separator: decode never yields those
         */
        public static Names of(String... names) {
            return new Names(names);
        }

        /** The key of name {@code [from, to)} of {@code s} (not empty): its length, first and last char. */
        static int key(String s, int from, int to) {
            return (s.charAt(from) << 16 | s.charAt(to - 1)) + (to - from) * SPREAD;
        }

        /** True when, with 2^bits slots, names of different keys are in different slots. */
        private boolean keysApart(int bits) {
            for (int i = 1; i < keys.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (keys[i] != keys[j] && (keys[i] * SPREAD) >>> (32 - bits) == (keys[j] * SPREAD) >>> (32 - bits)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private int slot(int key) {
            return (key * SPREAD) >>> shift;
        }
    }

    /**
     * A scan for {@code names}; a name is later referred to by its index in this array. It builds the names'
     * table: where scan objects are made often, build the {@link Names} once and use {@link #PropertyScan(Names)}.
     *
     * @throws IllegalArgumentException for an empty name or one holding a separator: decode never yields those
     */
    public PropertyScan(String... names) {
        this(new Names(names));
    }

    /** A scan for {@code wanted}, sharing its table. */
    public PropertyScan(Names wanted) {
        this.wanted = wanted;
        this.valueStart = new int[wanted.names.length];
        this.valueEnd = new int[wanted.names.length];
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
        int nextKv = -2; // the first 0x01 at or after index when >= index; -1: none left; else not looked for yet
        while (index < len) {
            int end = p.indexOf(MessageProperties.PROPERTY_SEPARATOR, index);
            if (end < 0) {
                end = len;
            }
            if (nextKv != -1 && nextKv < index) {
                nextKv = p.indexOf(MessageProperties.NAME_VALUE_SEPARATOR, index);
            }
            int kv = nextKv; // in this segment only when < end
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
        Names w = wanted;
        int key = Names.key(properties, nameStart, kv);
        for (int i = w.slotFirst[w.slot(key)]; i >= 0; i = w.next[i]) { // more than one: a name wanted twice
            if (w.keys[i] == key) {
                String n = w.names[i];
                int nameLen = kv - nameStart;
                if (n.length() == nameLen && properties.regionMatches(nameStart, n, 0, nameLen)) {
                    valueStart[i] = kv + 1;
                    valueEnd[i] = end;
                }
            }
        }
        if (pairs < MAX_COMPARED_PAIRS) {
            pairNameStart[pairs] = nameStart;
            pairNameEnd[pairs] = kv;
            pairNameKey[pairs] = key;
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

    /** {@code value(index).hashCode()}, or 0 when the name has no value; computed in place. */
    public int valueHashCode(int index) {
        int hash = 0;
        if (has(index)) {
            for (int i = valueStart[index]; i < valueEnd[index]; i++) {
                hash = 31 * hash + properties.charAt(i);
            }
        }
        return hash;
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
            int key = pairNameKey[i];
            int len = pairNameEnd[i] - pairNameStart[i];
            for (int j = 0; j < i; j++) {
                if (pairNameKey[j] == key && pairNameEnd[j] - pairNameStart[j] == len
                        && properties.regionMatches(pairNameStart[i], properties, pairNameStart[j], len)) {
                    return false;
                }
            }
        }
        return true;
    }
}
