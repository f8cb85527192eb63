package io.ferrymq.console.alert.notify;

import io.ferrymq.console.alert.Alert;
import io.ferrymq.console.alert.AlertEvent;
import io.ferrymq.console.alert.Notification;
import io.ferrymq.console.alert.hint.Hint;
import io.ferrymq.console.alert.hint.HintCatalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a notification reads: the mail subject and text, and the webhook's JSON document (its shape is documented in
 * docs/console.md, "Webhook payload"). Stateless.
 */
public final class NotificationText {
    private NotificationText() {
    }

    /** E.g. "[FerryMQ] FIRING 2, RESOLVED 1: group-backlog orders (local), ...". */
    public static String subject(Notification n) {
        StringBuilder sb = new StringBuilder("[FerryMQ]");
        for (AlertEvent.Type t : AlertEvent.Type.values()) {
            long c = n.count(t);
            if (c > 0) {
                sb.append(sb.length() > 9 ? ", " : " ").append(t.name()).append(' ').append(c);
            }
        }
        sb.append(": ");
        int shown = 0;
        for (AlertEvent e : n.events()) {
            if (shown++ == 3) {
                sb.append(", ...");
                break;
            }
            sb.append(shown > 1 ? ", " : "").append(line(e.alert()));
        }
        return sb.toString();
    }

    /** One line per event, then the what-to-do of each firing alert. */
    public static String text(Notification n, String consoleUrl) {
        StringBuilder sb = new StringBuilder();
        for (AlertEvent e : n.events()) {
            Alert a = e.alert();
            sb.append(e.type()).append(": ").append(line(a)).append(" - ").append(a.condition().title())
                    .append("; ").append(a.condition().unit()).append(' ').append(fmt(a.value()))
                    .append(e.type() == AlertEvent.Type.RESOLVED ? " (resolved at " + time(a.resolvedAt()) + ")"
                            : " (threshold " + fmt(a.threshold()) + ", firing since " + time(a.firedAt()) + ")")
                    .append('\n');
        }
        for (AlertEvent e : n.events()) {
            if (e.type() == AlertEvent.Type.RESOLVED) {
                continue;
            }
            Hint h = HintCatalog.forAlert(e.alert());
            sb.append('\n').append(h.title()).append('\n').append("  What: ").append(h.what()).append('\n');
            for (String ev : h.evidence()) {
                sb.append("  - ").append(ev).append('\n');
            }
            sb.append("  Likely cause: ").append(h.cause()).append('\n').append("  Next step: ").append(h.next())
                    .append('\n');
            if (consoleUrl != null) {
                for (Hint.Action act : h.actions()) {
                    if (act.href() == null) {
                        continue; // an operation: offered on the Alerts page, after a confirmation
                    }
                    sb.append("  ").append(act.label()).append(": ").append(link(consoleUrl, act.href())).append('\n');
                }
            }
        }
        if (consoleUrl != null) {
            sb.append("\nAlerts: ").append(link(consoleUrl, "#/alerts")).append('\n');
        }
        return sb.toString();
    }

    /** The webhook document (docs/console.md, "Webhook payload"). */
    public static Map<String, Object> payload(Notification n, String consoleUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("source", "ferrymq-console");
        m.put("notificationId", n.id());
        m.put("sentAt", n.createdAt());
        m.put("summary", subject(n));
        m.put("text", text(n, consoleUrl));
        List<Map<String, Object>> events = new ArrayList<>();
        for (AlertEvent e : n.events()) {
            Alert a = e.alert();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("type", e.type().name());
            x.put("alertId", a.id());
            x.put("condition", a.condition().id());
            x.put("rule", a.rule());
            x.put("severity", a.severity().name());
            x.put("set", a.target().set());
            x.put("cluster", a.target().cluster());
            x.put("targetKind", a.target().kind().name());
            x.put("target", a.target().name());
            x.put("value", a.value());
            x.put("threshold", a.threshold());
            x.put("resolveThreshold", a.resolveThreshold());
            x.put("pendingSince", a.pendingSince());
            x.put("firedAt", a.firedAt());
            x.put("resolvedAt", a.resolvedAt());
            x.put("evidence", a.evidence());
            if (e.type() != AlertEvent.Type.RESOLVED) {
                Hint h = HintCatalog.forAlert(a);
                x.put("hint", Map.of("title", h.title(), "what", h.what(), "cause", h.cause(), "next", h.next()));
            }
            events.add(x);
        }
        m.put("events", events);
        if (consoleUrl != null) {
            m.put("consoleUrl", link(consoleUrl, "#/alerts"));
        }
        return m;
    }

    private static String line(Alert a) {
        return a.condition().id() + " " + a.target().name() + " (" + a.target().set() + ")";
    }

    private static String link(String base, String hash) {
        return (base.endsWith("/") ? base : base + "/") + hash;
    }

    private static String time(long ms) {
        return ms <= 0 ? "?" : Instant.ofEpochMilli(ms).toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
