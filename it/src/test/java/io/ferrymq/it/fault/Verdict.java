package io.ferrymq.it.fault;

import java.util.List;
import java.util.Map;

/**
 * What the {@link Checker} found in one history. {@link #passed()} when nothing acknowledged was lost and no
 * safety property was broken; duplicates and unavailability are reported, never a failure.
 *
 * @param run                  the run's name
 * @param sends                every send
 * @param acknowledged         sends answered SEND_OK
 * @param lostByGroup          acknowledged ids a group subscribed to and never received, per group
 * @param lost                 distinct acknowledged ids missing from at least one group
 * @param duplicates           deliveries beyond the first of an id to a group, summed over groups
 * @param inconsistentOffsets  "queue@offset: id1 id2" for an offset that held two different messages
 * @param orderViolations      acknowledged ordered messages first delivered after a later one of their producer
 * @param commitsAhead         committed offsets observed before the messages below them were processed
 * @param falseAcks            SEND_OKs answered inside a window in which the group could not replicate
 * @param notOnSlave           acknowledged messages the slave could not return
 * @param windows              unavailability windows per producer (first failure to next success)
 * @param ownership            a churning group's queues without exactly one owner more than
 *                             {@link ChurnConsumers#OWNERSHIP_SETTLE_MILLIS} after its last membership change
 * @param deadlines            every measured bound (route removal, catch-up, recovery), met or not
 */
public record Verdict(String run, int sends, int acknowledged, Map<String, List<String>> lostByGroup, List<String> lost,
                      long duplicates, List<String> inconsistentOffsets, List<String> orderViolations,
                      List<String> commitsAhead, List<String> falseAcks, List<String> notOnSlave,
                      List<Unavailability> windows, List<String> ownership, List<Deadline> deadlines) {

    /**
     * A producer could not get an acknowledgement from {@code fromMillis} (its first failed send's start) to
     * {@code toMillis} (the next acknowledged send's end, or its last send's end when {@code closed} is false).
     */
    public record Unavailability(String producer, long fromMillis, long toMillis, int failedSends, boolean closed) {
        public long millis() {
            return toMillis - fromMillis;
        }
    }

    public boolean passed() {
        return passedApartFromOwnership() && ownership.isEmpty();
    }

    /** As {@link #passed()} without the ownership bound (a churn run whose ownership is checked separately). */
    public boolean passedApartFromOwnership() {
        return lost.isEmpty() && inconsistentOffsets.isEmpty() && orderViolations.isEmpty() && commitsAhead.isEmpty()
                && falseAcks.isEmpty() && notOnSlave.isEmpty() && missedDeadlines().isEmpty();
    }

    /** The bounds that were not met. */
    public List<Deadline> missedDeadlines() {
        return deadlines.stream().filter(d -> !d.met()).toList();
    }

    /** The longest unavailability window, or null when every send was acknowledged. */
    public Unavailability longestUnavailability() {
        Unavailability max = null;
        for (Unavailability u : windows) {
            if (max == null || u.millis() > max.millis()) {
                max = u;
            }
        }
        return max;
    }

    /** One line: PASS/FAIL and the figures. */
    public String oneLine() {
        Unavailability u = longestUnavailability();
        return String.format("[fault] %s %s: acknowledged %d of %d sends, lost %d, duplicates %d, inconsistent offsets "
                        + "%d, order violations %d, commits ahead of processing %d, false acks %d, not on slave %d, "
                        + "ownership violations %d, deadlines missed %d of %d, longest unavailability %s", run,
                passed() ? "PASS" : "FAIL", acknowledged, sends, lost.size(), duplicates, inconsistentOffsets.size(),
                orderViolations.size(), commitsAhead.size(), falseAcks.size(), notOnSlave.size(), ownership.size(),
                missedDeadlines().size(), deadlines.size(),
                u == null ? "none" : String.format("%.1f s (%s%s)", u.millis() / 1000.0, u.producer(),
                        u.closed() ? "" : ", never recovered"));
    }

    /** A table: each property, its count, and up to 5 examples. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("| %-28s | %8s | %s%n", "property", "count", "examples"));
        row(sb, "acknowledged (SEND_OK)", acknowledged, List.of());
        row(sb, "lost (any group)", lost.size(), lost);
        lostByGroup.forEach((g, ids) -> row(sb, "  lost by " + g, ids.size(), ids));
        row(sb, "duplicates (not a failure)", duplicates, List.of());
        row(sb, "inconsistent offsets", inconsistentOffsets.size(), inconsistentOffsets);
        row(sb, "order violations", orderViolations.size(), orderViolations);
        row(sb, "commits ahead of processing", commitsAhead.size(), commitsAhead);
        row(sb, "false acknowledgements", falseAcks.size(), falseAcks);
        row(sb, "acked but not on the slave", notOnSlave.size(), notOnSlave);
        row(sb, "ownership violations", ownership.size(), ownership);
        row(sb, "deadlines missed", missedDeadlines().size(), missedDeadlines().stream().map(Deadline::toString)
                .toList());
        deadlines.forEach(d -> sb.append(String.format("| %-28s | %8s | %s%n", d.met() ? "  deadline met" : "  MISSED",
                "", d)));
        List<Unavailability> longest = windows.stream().sorted((a, b) -> Long.compare(b.millis(), a.millis()))
                .limit(5).toList();
        row(sb, "unavailability windows", windows.size(), longest.stream().map(w -> String.format(
                "%s %.1f s (%d failed%s)", w.producer(), w.millis() / 1000.0, w.failedSends(),
                w.closed() ? "" : ", open")).toList());
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, long count, List<String> examples) {
        sb.append(String.format("| %-28s | %8d | %s%n", name, count,
                String.join("; ", examples.subList(0, Math.min(5, examples.size())))));
    }
}
