package io.ferrymq.it.fault;

import java.util.Locale;

/**
 * One step of a {@link FaultSchedule}: {@code kind} on {@code target} (a node name such as {@code broker-a-0}, the
 * master of group broker-a, or {@code broker-a-1}, its slave) {@code atMillis} after the schedule starts, undone
 * {@code forMillis} later. Written and parsed as {@code KILL9 broker-a-0 at=5000 for=10000}.
 */
public record FaultStep(FaultKind kind, String target, long atMillis, long forMillis) {

    public FaultStep {
        if (atMillis < 0 || forMillis < 0) {
            throw new IllegalArgumentException("a fault step needs at >= 0 and for >= 0 (millis): " + atMillis + ", "
                    + forMillis);
        }
    }

    /** Parses {@code KIND target at=MILLIS for=MILLIS}. */
    public static FaultStep parse(String text) {
        String[] w = text.trim().split("\\s+");
        if (w.length != 4 || !w[2].startsWith("at=") || !w[3].startsWith("for=")) {
            throw new IllegalArgumentException("a fault step reads 'KIND target at=MILLIS for=MILLIS' (kinds: "
                    + java.util.Arrays.toString(FaultKind.values()) + "), not '" + text.trim() + "'");
        }
        return new FaultStep(FaultKind.valueOf(w[0].toUpperCase(Locale.ROOT)), w[1], Long.parseLong(w[2].substring(3)),
                Long.parseLong(w[3].substring(4)));
    }

    @Override
    public String toString() {
        return kind + " " + target + " at=" + atMillis + " for=" + forMillis;
    }
}
