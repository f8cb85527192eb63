package io.ferrymq.console.history;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A chart range such as {@code 30m}, {@code 1h}, {@code 6h}, {@code 24h} or {@code 7d}, checked against the store. */
public record HistoryRange(String text, long millis) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([mhd])");
    public static final String DEFAULT = "1h";

    /**
     * Parses {@code text} (null or blank: {@value #DEFAULT}); it must cover at least one sample interval and at
     * most the retention, else {@link IllegalArgumentException} saying what is allowed.
     */
    public static HistoryRange parse(String text, long intervalMillis, long retentionMillis) {
        String t = text == null || text.isBlank() ? DEFAULT : text.trim();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("range '" + t + "' is not a number and a unit m, h or d (e.g. 1h, 6h, "
                    + "24h, 7d)");
        }
        long unit = switch (m.group(2)) {
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        long millis = Long.parseLong(m.group(1)) * unit;
        if (millis < intervalMillis) {
            throw new IllegalArgumentException("range " + t + " is shorter than one sample interval ("
                    + intervalMillis / 1000 + " s)");
        }
        if (millis > retentionMillis) {
            throw new IllegalArgumentException("range " + t + " is longer than the history kept ("
                    + retentionMillis / 3_600_000 + " h, history.retentionHours)");
        }
        return new HistoryRange(t, millis);
    }
}
