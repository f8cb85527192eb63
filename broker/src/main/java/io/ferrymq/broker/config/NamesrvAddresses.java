package io.ferrymq.broker.config;

import io.ferrymq.remoting.HostPort;

import java.util.ArrayList;
import java.util.List;

/** The {@code namesrvAddr} value: {@code host:port} entries separated by {@code ;}, checked and split. */
final class NamesrvAddresses {
    private NamesrvAddresses() {
    }

    /** Checks every entry (the exception names the bad one); an empty text means none. */
    static String parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        for (String a : text.split(";")) {
            if (!a.isBlank()) {
                HostPort.parse(a.trim());
            }
        }
        return text;
    }

    /** The entries in configured order (empty for null). */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String a : text.split(";")) {
                if (!a.isBlank()) {
                    out.add(a.trim());
                }
            }
        }
        return out;
    }
}
