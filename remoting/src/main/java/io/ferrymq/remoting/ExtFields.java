package io.ferrymq.remoting;

import java.util.Map;

/**
 * Typed read access to a command's extFields, for handwritten header decoders. Every failure is a
 * {@link HeaderFieldException} naming the field, never a runtime exception.
 */
public final class ExtFields {
    private final Map<String, String> map;

    public ExtFields(Map<String, String> map) {
        this.map = map;
    }

    public boolean has(String name) {
        return map != null && map.get(name) != null;
    }

    /** The raw value, or null when absent. */
    public String get(String name) {
        return map == null ? null : map.get(name);
    }

    public String requireString(String name) throws HeaderFieldException {
        String v = get(name);
        if (v == null) {
            throw HeaderFieldException.missing(name);
        }
        return v;
    }

    public String optString(String name, String defaultValue) {
        String v = get(name);
        return v == null ? defaultValue : v;
    }

    public int requireInt(String name) throws HeaderFieldException {
        return parseInt(name, requireString(name));
    }

    public int optInt(String name, int defaultValue) throws HeaderFieldException {
        String v = get(name);
        return v == null ? defaultValue : parseInt(name, v);
    }

    /** The value as Integer, or null when absent. */
    public Integer optInteger(String name) throws HeaderFieldException {
        String v = get(name);
        return v == null ? null : parseInt(name, v);
    }

    public long requireLong(String name) throws HeaderFieldException {
        return parseLong(name, requireString(name));
    }

    public long optLong(String name, long defaultValue) throws HeaderFieldException {
        String v = get(name);
        return v == null ? defaultValue : parseLong(name, v);
    }

    /** The value as Long, or null when absent. */
    public Long optLongObject(String name) throws HeaderFieldException {
        String v = get(name);
        return v == null ? null : parseLong(name, v);
    }

    public boolean requireBoolean(String name) throws HeaderFieldException {
        return parseBoolean(name, requireString(name));
    }

    public boolean optBoolean(String name, boolean defaultValue) throws HeaderFieldException {
        String v = get(name);
        return v == null ? defaultValue : parseBoolean(name, v);
    }

    private static int parseInt(String name, String v) throws HeaderFieldException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw HeaderFieldException.malformed(name, v, "a 32-bit integer");
        }
    }

    private static long parseLong(String name, String v) throws HeaderFieldException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw HeaderFieldException.malformed(name, v, "a 64-bit integer");
        }
    }

    private static boolean parseBoolean(String name, String v) throws HeaderFieldException {
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw HeaderFieldException.malformed(name, v, "true or false");
    }
}
