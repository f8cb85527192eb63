package io.ferrymq.broker.stats;

import io.ferrymq.remoting.protocol.ResponseCode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Response code numbers to their protocol names (read once from {@link ResponseCode}'s constants). */
final class ResponseCodeNames {
    private static final Map<Integer, String> NAMES = load();

    private ResponseCodeNames() {
    }

    static String of(int code) {
        String n = NAMES.get(code);
        return n != null ? n : Integer.toString(code);
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : ResponseCode.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    m.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("ResponseCode." + f.getName() + " unreadable", e);
                }
            }
        }
        return Map.copyOf(m);
    }
}
