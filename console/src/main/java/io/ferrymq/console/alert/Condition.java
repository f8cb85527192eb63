package io.ferrymq.console.alert;

import java.util.Locale;

/**
 * What an alert rule watches. Every condition reads one figure per target and fires when it is above the rule's
 * threshold (for the rule's for-duration), resolving when it is at or below the resolve threshold; the defaults here
 * are those of the built-in rule of each condition (docs/console.md, "Alerts").
 */
public enum Condition {
    GROUP_BACKLOG(TargetKind.GROUP, "messages", 10_000, 5_000, 300, 0,
            "Consumer group backlog above the threshold"),
    GROUP_LAG_SECONDS(TargetKind.GROUP, "seconds", 600, 300, 300, 0,
            "Oldest unconsumed message of a group older than the threshold"),
    BACKLOG_NO_CONSUMER(TargetKind.GROUP, "messages", 0, 0, 300, 0,
            "A group has a backlog and no consumer online"),
    CONSUMER_STUCK(TargetKind.GROUP, "messages waiting while consumers are online and consume nothing", 0, 0, 300, 0,
            "A group's consumers are online, hold its queues and make no progress"),
    DLQ_GROWING(TargetKind.GROUP, "dead letters added in the window", 0, 0, 0, 900,
            "The dead-letter queue of a group grows"),
    OFFSET_AHEAD(TargetKind.GROUP, "queues whose committed offset is beyond the queue's end", 0, 0, 300, 0,
            "A group's committed offset is beyond the end of a queue (negative lag)"),
    SUBSCRIPTION_MISMATCH(TargetKind.GROUP, "online consumers subscribing differently from the others", 0, 0, 300, 0,
            "The online consumers of a group subscribe differently"),
    BROKER_MISSING(TargetKind.BROKER, "1 when missing", 0, 0, 60, 0,
            "A broker the console has seen is missing from the name server's routes"),
    SLAVE_LAG(TargetKind.BROKER, "bytes behind the master", 64L << 20, 16L << 20, 120, 0,
            "A slave lags its master"),
    SLAVE_DISCONNECTED(TargetKind.BROKER_GROUP, "slaves not connected", 0, 0, 30, 0,
            "A slave of a broker group is not connected to its master"),
    SYNC_MASTER_NO_IN_SYNC_SLAVE(TargetKind.BROKER_GROUP, "1 when no slave is in sync", 0, 0, 30, 0,
            "A SYNC_MASTER has no in-sync slave: sends wait for FLUSH_SLAVE_TIMEOUT or fail"),
    DISK_RATIO(TargetKind.BROKER, "ratio of the disk used", 0.85, 0.80, 120, 0,
            "A broker's disk is filling up"),
    SYSTEM_BUSY(TargetKind.BROKER, "SYSTEM_BUSY answers in the window", 0, 0, 0, 300,
            "A broker refuses requests with SYSTEM_BUSY"),
    FAULTS_RISING(TargetKind.BROKER, "new faults in the window", 0, 0, 0, 900,
            "A broker's fault counters are rising");

    private final TargetKind kind;
    private final String unit;
    private final double threshold;
    private final double resolveThreshold;
    private final long forSeconds;
    private final long windowSeconds;
    private final String title;

    Condition(TargetKind kind, String unit, double threshold, double resolveThreshold, long forSeconds,
              long windowSeconds, String title) {
        this.kind = kind;
        this.unit = unit;
        this.threshold = threshold;
        this.resolveThreshold = resolveThreshold;
        this.forSeconds = forSeconds;
        this.windowSeconds = windowSeconds;
        this.title = title;
    }

    /** The name used in rules, the API and notifications, e.g. {@code group-backlog}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The condition of that id ({@code group-backlog}) or enum name ({@code GROUP_BACKLOG}). */
    public static Condition parse(String text) {
        String t = text == null ? "" : text.trim();
        for (Condition c : values()) {
            if (c.id().equalsIgnoreCase(t) || c.name().equalsIgnoreCase(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown condition '" + t + "'; known: " + ids());
    }

    /** Every condition id, comma-separated. */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (Condition c : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(c.id());
        }
        return sb.toString();
    }

    public TargetKind kind() {
        return kind;
    }

    public String unit() {
        return unit;
    }

    public double defaultThreshold() {
        return threshold;
    }

    public double defaultResolveThreshold() {
        return resolveThreshold;
    }

    public long defaultForSeconds() {
        return forSeconds;
    }

    /** The window over which a rising counter is measured (0 for conditions that read a level). */
    public long defaultWindowSeconds() {
        return windowSeconds;
    }

    public String title() {
        return title;
    }
}
