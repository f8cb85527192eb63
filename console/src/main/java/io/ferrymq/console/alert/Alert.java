package io.ferrymq.console.alert;

import java.util.Map;

/**
 * One alert: a condition on a target, from the moment its figure first passed the threshold (pending) through
 * firing to resolved. Immutable; the evaluator replaces it each round. Times are wall-clock epoch milliseconds
 * (they are shown to people and survive a restart).
 *
 * @param id             number, unique within the console (the API's {@code /api/alerts/{id}})
 * @param key            condition and target ({@link Observation#alertKey()})
 * @param rule           id of the rule that decided it
 * @param value          the figure of the last round
 * @param evidence       the figures behind it, from the last round
 * @param pendingSince   when the figure first passed the threshold
 * @param firedAt        when it fired (0 while pending)
 * @param resolvedAt     when it resolved (0 while not)
 * @param lastNotifiedAt when a notification was last sent for it (0: never)
 * @param notified       whether its firing was notified (so its resolution is notified too)
 * @param ackedBy        who acknowledged it ("" when nobody): no repeats until it resolves
 * @param silencedBy     id of the silence muting it now (0 when none)
 */
public record Alert(long id, String key, Condition condition, Target target, String rule, Severity severity,
                    Status status, double value, double threshold, double resolveThreshold,
                    Map<String, String> evidence, long pendingSince, long firedAt, long resolvedAt,
                    long lastNotifiedAt, boolean notified, String ackedBy, long ackedAt, long silencedBy) {

    /** Where an alert is in its life. */
    public enum Status {
        PENDING, FIRING, RESOLVED
    }

    public Alert {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        ackedBy = ackedBy == null ? "" : ackedBy;
    }

    Alert observed(Rule r, Observation o) {
        return new Alert(id, key, condition, o.target(), r.id(), r.severity(), status, o.value(), r.threshold(),
                r.resolveThreshold(), o.evidence(), pendingSince, firedAt, resolvedAt, lastNotifiedAt, notified,
                ackedBy, ackedAt, silencedBy);
    }

    Alert status(Status s, long at) {
        return new Alert(id, key, condition, target, rule, severity, s, value, threshold, resolveThreshold, evidence,
                pendingSince, s == Status.FIRING ? at : firedAt, s == Status.RESOLVED ? at : resolvedAt,
                lastNotifiedAt, notified, ackedBy, ackedAt, silencedBy);
    }

    Alert notifiedAt(long at) {
        return new Alert(id, key, condition, target, rule, severity, status, value, threshold, resolveThreshold,
                evidence, pendingSince, firedAt, resolvedAt, at, true, ackedBy, ackedAt, silencedBy);
    }

    Alert silenced(long silence) {
        return new Alert(id, key, condition, target, rule, severity, status, value, threshold, resolveThreshold,
                evidence, pendingSince, firedAt, resolvedAt, lastNotifiedAt, notified, ackedBy, ackedAt, silence);
    }

    Alert acknowledged(String by, long at) {
        return new Alert(id, key, condition, target, rule, severity, status, value, threshold, resolveThreshold,
                evidence, pendingSince, firedAt, resolvedAt, lastNotifiedAt, notified, by, at, silencedBy);
    }

    Alert withEvidence(Map<String, String> e) {
        return new Alert(id, key, condition, target, rule, severity, status, value, threshold, resolveThreshold, e,
                pendingSince, firedAt, resolvedAt, lastNotifiedAt, notified, ackedBy, ackedAt, silencedBy);
    }

    public boolean firing() {
        return status == Status.FIRING;
    }

    public boolean acknowledged() {
        return !ackedBy.isEmpty();
    }
}
