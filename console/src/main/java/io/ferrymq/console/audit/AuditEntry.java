package io.ferrymq.console.audit;

/**
 * One change made through the console.
 *
 * @param seq     position in the log (1, 2, ...)
 * @param time    epoch ms when it finished
 * @param user    who
 * @param action  what, e.g. "topic.create", "group.resetOffset"
 * @param target  on what, e.g. "local/TopicA"
 * @param before  state before, as JSON text (null when not applicable)
 * @param after   requested or resulting state, as JSON text
 * @param result  "ok" or "failed: reason"
 */
public record AuditEntry(long seq, long time, String user, String action, String target, String before,
                         String after, String result) {
}
