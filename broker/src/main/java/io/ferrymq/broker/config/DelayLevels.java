package io.ferrymq.broker.config;

/**
 * Parses RocketMQ's {@code messageDelayLevel}: space-separated durations, each a positive integer followed by
 * a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. Level {@code i} (1-based) is entry i-1.
 */
public final class DelayLevels {
    private DelayLevels() {
    }

    /**
     * Keeps the parse of the last text it saw: parsing splits with a regular expression, which once ran per
     * message on the send path and cost a tenth of the broker's CPU. Any thread; a stale read re-parses once more.
     */
    static final class LastParsed {
        private record Parsed(String text, long[] millis) {
        }

        private volatile Parsed last;

        /** The levels of {@code text}; the array is shared, callers must not change it. */
        long[] parse(String text) {
            Parsed p = last;
            if (p == null || !p.text().equals(text)) {
                p = new Parsed(text, DelayLevels.parse(text));
                last = p;
            }
            return p.millis();
        }
    }

    /** @throws IllegalArgumentException naming the bad entry */
    public static long[] parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("at least one delay level is required");
        }
        String[] parts = text.trim().split("\\s+");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseOne(parts[i], i + 1);
        }
        return out;
    }

    private static long parseOne(String p, int level) {
        String unit;
        String num;
        if (p.endsWith("ms")) {
            unit = "ms";
            num = p.substring(0, p.length() - 2);
        } else if (!p.isEmpty() && "smhd".indexOf(p.charAt(p.length() - 1)) >= 0) {
            unit = p.substring(p.length() - 1);
            num = p.substring(0, p.length() - 1);
        } else {
            throw new IllegalArgumentException("level " + level + " '" + p + "' lacks a unit (ms, s, m, h, d)");
        }
        long n;
        try {
            n = Long.parseLong(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("level " + level + " '" + p + "' is not a number with a unit");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("level " + level + " '" + p + "' must be positive");
        }
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000L;
            case "m" -> n * 60_000L;
            case "h" -> n * 3_600_000L;
            default -> n * 86_400_000L;
        };
    }
}
