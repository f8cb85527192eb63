package io.ferrymq.console.history;

import java.util.Locale;

/**
 * Names one series: the name-server set, what it is about ({@link Kind}), its name (cluster, broker address, topic
 * or group) and the figure.
 */
public record SeriesKey(String set, Kind kind, String name, String metric) {
    /** What a series is about. */
    public enum Kind {
        CLUSTER, BROKER, TOPIC, GROUP;

        /** The kind named in an API path or the history file ("cluster", "broker", "topic", "group"). */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + s + "' (cluster, broker, topic or group)");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SeriesKey {
        if (set == null || kind == null || name == null || metric == null) {
            throw new IllegalArgumentException("a series key needs set, kind, name and metric");
        }
    }

    /** True when this series is about {@code kind} {@code name} of {@code set}. */
    boolean of(String set, Kind kind, String name) {
        return this.set.equals(set) && this.kind == kind && this.name.equals(name);
    }
}
