package io.ferrymq.common.message;

import java.util.HashMap;
import java.util.Map;

/**
 * The properties string of a message: for each property with a non-null value
 * {@code name 0x01 value 0x02}; every pair, the last one included, ends with 0x02.
 *
 * <p>Decoding follows RocketMQ 5.x {@code MessageDecoder#string2messageProperties}: split on 0x02, split a
 * segment at its first 0x01, ignore segments shorter than 3 chars or with an empty name or value, tolerate a
 * missing trailing 0x02, and let a later duplicate name overwrite an earlier one.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = 1;
    public static final char PROPERTY_SEPARATOR = 2;
    /** Largest encoded properties length in bytes (the stored length field is a signed short). */
    public static final int MAX_ENCODED_LENGTH = Short.MAX_VALUE;

    private MessageProperties() {
    }

    /** Encodes {@code properties} (entries with a null value are skipped); null or empty gives "". */
    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue()).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /** Decodes a properties string; null gives an empty mutable map. */
    public static Map<String, String> decode(String properties) {
        Map<String, String> map = new HashMap<>();
        if (properties == null) {
            return map;
        }
        int len = properties.length();
        int index = 0;
        while (index < len) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, index);
            if (end < 0) {
                end = len;
            }
            if (end - index >= 3) {
                int kv = properties.indexOf(NAME_VALUE_SEPARATOR, index);
                if (kv > index && kv < end - 1) {
                    map.put(properties.substring(index, kv), properties.substring(kv + 1, end));
                }
            }
            index = end + 1;
        }
        return map;
    }

    /**
     * Returns the value of {@code name} in an encoded properties string without building a map (last
     * occurrence wins, as in {@link #decode}), or null.
     */
    public static String get(String properties, String name) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        String found = null;
        int len = properties.length();
        int index = 0;
        int nameLen = name.length();
        while (index < len) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, index);
            if (end < 0) {
                end = len;
            }
            int kv = index + nameLen;
            if (kv < end - 1 && properties.charAt(kv) == NAME_VALUE_SEPARATOR
                && properties.regionMatches(index, name, 0, nameLen)) {
                found = properties.substring(kv + 1, end);
            }
            index = end + 1;
        }
        return found;
    }

    /** Appends one pair to an encoded properties string (a later pair overrides an earlier one on decode). */
    public static String append(String properties, String name, String value) {
        return appendPair(appending(properties, name.length() + value.length() + 2), name, value).toString();
    }

    /**
     * A builder holding {@code properties} (null counts as ""), ended by 0x02 when not empty, with room for
     * {@code extra} more chars: pairs added with {@link #appendPair} follow it.
     */
    public static StringBuilder appending(String properties, int extra) {
        String p = properties == null ? "" : properties;
        StringBuilder sb = new StringBuilder(p.length() + 1 + extra).append(p);
        if (!p.isEmpty() && p.charAt(p.length() - 1) != PROPERTY_SEPARATOR) {
            sb.append(PROPERTY_SEPARATOR);
        }
        return sb;
    }

    /** Adds {@code name 0x01 value 0x02} to {@code sb}; returns {@code sb}. */
    public static StringBuilder appendPair(StringBuilder sb, String name, String value) {
        return sb.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
    }
}
