package io.ferrymq.distribution.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses the time arguments operators type: epoch millis, "now", ISO-8601, or mqadmin's yyyy-MM-dd#HH:mm:ss:SSS. */
final class Timestamps {
    private static final DateTimeFormatter MQADMIN = DateTimeFormatter.ofPattern("yyyy-MM-dd'#'HH:mm:ss:SSS");

    private Timestamps() {
    }

    static long parse(String s) {
        String v = s.trim();
        if (v.equalsIgnoreCase("now")) {
            return System.currentTimeMillis();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(v, MQADMIN).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read time '" + s + "': use epoch milliseconds, 'now', "
                    + "2026-11-21T10:15:30Z, 2026-11-21T10:15:30 (local) or 2026-11-21#10:15:30:000");
        }
    }
}
