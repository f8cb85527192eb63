package io.ferrymq.it.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Fault 14's figures from a soak's history: the fault-free baseline throughput (acknowledged sends per second from
 * {@link #WARMUP_MILLIS} after the schedule's start to its first step), the throughput of the quiet periods (from
 * {@link #RECOVERY_LIMIT_MILLIS} after a step was undone to the next step's start, gaps of at least 10 s), and for
 * each step the recovery: how long after it was undone until a 5 s window first carries at least 80% of the baseline
 * (limit 30 s, watched for 60 s). Pure: reads the sends, returns the figures and a verdict.
 *
 * @param baselinePerSecond   acknowledged per second without faults
 * @param quietPerSecond      acknowledged per second in the quiet periods
 * @param quietSeconds        how long the quiet periods were in all
 * @param acknowledged        SEND_OKs of the whole run
 * @param minimumAcknowledged the volume the soak must reach
 * @param recoveries          one per step, against the 30 s limit
 */
record SoakReport(double baselinePerSecond, double quietPerSecond, long quietSeconds, long acknowledged,
                  long minimumAcknowledged, List<Deadline> recoveries) {
    static final long WARMUP_MILLIS = 20_000;
    static final long RECOVERY_LIMIT_MILLIS = 30_000;
    static final long WINDOW_MILLIS = 5_000;
    static final double QUIET_SHARE = 0.8;

    static SoakReport of(List<SendRecord> sends, FaultSchedule schedule, long startMillis, long minimumAcknowledged) {
        long lastEnd = startMillis;
        List<Long> okEnds = new ArrayList<>();
        for (SendRecord s : sends) {
            lastEnd = Math.max(lastEnd, s.endMillis());
            if (s.outcome() == Outcome.OK) {
                okEnds.add(s.endMillis() - startMillis);
            }
        }
        int seconds = (int) ((lastEnd - startMillis) / 1000) + 1;
        long[] perSecond = new long[seconds];
        for (long t : okEnds) {
            if (t >= 0) {
                perSecond[(int) (t / 1000)]++;
            }
        }
        long firstStep = schedule.steps().isEmpty() ? seconds * 1000L : schedule.steps().get(0).atMillis();
        double baseline = rate(perSecond, WARMUP_MILLIS, firstStep);

        List<Deadline> recoveries = new ArrayList<>();
        long quietAcked = 0;
        long quietSeconds = 0;
        long busyUntil = 0; // end of the recovery allowance of every step before
        List<FaultStep> steps = schedule.steps();
        for (int i = 0; i <= steps.size(); i++) {
            long nextStart = i < steps.size() ? steps.get(i).atMillis() : (seconds - 1) * 1000L;
            if (i > 0 && nextStart - busyUntil >= 10_000) {
                quietAcked += sum(perSecond, busyUntil, nextStart);
                quietSeconds += (nextStart - busyUntil) / 1000;
            }
            if (i == steps.size()) {
                break;
            }
            FaultStep s = steps.get(i);
            long undone = s.atMillis() + s.forMillis();
            busyUntil = Math.max(busyUntil, undone + RECOVERY_LIMIT_MILLIS);
            recoveries.add(new Deadline("recovery after " + s, recovery(perSecond, undone, baseline),
                    RECOVERY_LIMIT_MILLIS));
        }
        return new SoakReport(baseline, quietSeconds == 0 ? 0 : (double) quietAcked / quietSeconds, quietSeconds,
                okEnds.size(), minimumAcknowledged, recoveries);
    }

    /** From {@code undone}, the first 5 s window at 80% of the baseline: its start's distance, or -1 within 60 s. */
    private static long recovery(long[] perSecond, long undone, double baseline) {
        long need = Math.round(QUIET_SHARE * baseline * WINDOW_MILLIS / 1000);
        for (long t = undone; t <= undone + 2 * RECOVERY_LIMIT_MILLIS; t += 1000) {
            if (t + WINDOW_MILLIS > perSecond.length * 1000L) {
                return -1;
            }
            if (sum(perSecond, t, t + WINDOW_MILLIS) >= need) {
                return t - undone;
            }
        }
        return -1;
    }

    private static double rate(long[] perSecond, long from, long to) {
        return to <= from ? 0 : (double) sum(perSecond, from, to) / ((to - from) / 1000);
    }

    private static long sum(long[] perSecond, long fromMillis, long toMillis) {
        long n = 0;
        for (int s = (int) (fromMillis / 1000); s < toMillis / 1000 && s < perSecond.length; s++) {
            n += perSecond[Math.max(0, s)];
        }
        return n;
    }

    boolean throughputHeld() {
        return baselinePerSecond > 0 && quietPerSecond >= QUIET_SHARE * baselinePerSecond;
    }

    boolean passed() {
        return acknowledged >= minimumAcknowledged && throughputHeld() && recoveries.stream().allMatch(Deadline::met);
    }

    /** The verdict line and one line per recovery. */
    String report() {
        StringBuilder sb = new StringBuilder(String.format("[fault] SOAK figures %s: acknowledged %d (at least %d: %s);"
                        + " baseline %.1f acks/s; quiet periods %.1f acks/s over %d s = %.0f%% of the baseline (at "
                        + "least 80%%: %s); recoveries within 30 s: %d of %d%n", passed() ? "PASS" : "FAIL",
                acknowledged, minimumAcknowledged, acknowledged >= minimumAcknowledged ? "met" : "MISSED",
                baselinePerSecond, quietPerSecond, quietSeconds,
                baselinePerSecond == 0 ? 0 : 100 * quietPerSecond / baselinePerSecond,
                throughputHeld() ? "met" : "MISSED", recoveries.stream().filter(Deadline::met).count(),
                recoveries.size()));
        for (Deadline d : recoveries) {
            sb.append("[fault] SOAK ").append(d.met() ? "" : "MISSED ").append(d).append('\n');
        }
        return sb.toString();
    }
}
