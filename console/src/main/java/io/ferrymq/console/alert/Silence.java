package io.ferrymq.console.alert;

/**
 * Mutes alerts until a time: those of a condition or rule ({@code rule}: a condition id or a rule id, or {@code *})
 * and of targets whose name matches {@code target} (a {@link NamePattern}: a group, a broker group, or
 * {@code broker-a@ip:port}). A muted alert still shows in the UI and history, but sends no notification; when
 * the silence ends while the alert still fires, it is notified then. Immutable.
 */
public record Silence(long id, String rule, String target, long untilMillis, String createdBy, long createdAt,
                      String comment) {

    public Silence {
        rule = rule == null || rule.isBlank() ? "*" : rule.trim();
        target = NamePattern.parse(target).toString();
        comment = comment == null ? "" : comment;
    }

    public boolean active(long now) {
        return now < untilMillis;
    }

    public boolean mutes(String ruleId, Condition condition, Target t) {
        boolean ruleMatches = rule.equals("*") || rule.equals(ruleId) || rule.equals(condition.id());
        NamePattern p = NamePattern.parse(target);
        return ruleMatches && (p.matches(t.name()) || p.matches(t.key()));
    }
}
