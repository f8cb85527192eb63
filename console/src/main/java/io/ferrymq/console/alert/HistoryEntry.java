package io.ferrymq.console.alert;

/**
 * One line of the alert history.
 *
 * @param seq     increasing number
 * @param time    wall time
 * @param kind    FIRED, RESOLVED, NOTIFIED, NOTIFY_FAILED, SILENCED, ACKNOWLEDGED, SILENCE_ADDED, SILENCE_REMOVED,
 *                RULE_CHANGED, RULE_DELETED
 * @param alertId the alert it is about (0 for rule and silence changes)
 * @param subject condition and target, rule id or silence
 * @param by      the user, {@code console} for the evaluator, or the channel name
 * @param detail  figures, error or comment
 */
public record HistoryEntry(long seq, long time, String kind, long alertId, String subject, String by,
                           String detail) {
}
