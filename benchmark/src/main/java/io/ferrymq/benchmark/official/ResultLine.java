package io.ferrymq.benchmark.official;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The {@code RESULT} line, in the shared harness's format so {@code benchmark/compare.sh} reads both the same way:
 * {@code mode threads size batch seconds msgs tps mbps p50_ms p99_ms p999_ms max_ms errors}, then this driver's
 * own fields ({@code inflight} for async, {@code topics queues} for topics, {@code responders timeout_ms} for rpc).
 * For rpc one "msg" is one completed round trip (request sent, reply received). Latencies are HdrHistogram
 * percentiles of microsecond samples, printed in milliseconds; with no samples they are {@code NaN}, as in the
 * harness.
 */
final class ResultLine {
    private ResultLine() {
    }

    static String format(BenchOptions o, double seconds, long msgs, long errors, Histogram latency) {
        double tps = seconds > 0 ? msgs / seconds : 0;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "RESULT mode=%s threads=%d size=%d batch=1 seconds=%.1f msgs=%d tps=%.0f mbps=%.2f",
                o.mode(), o.threads(), o.size(), seconds, msgs, tps, tps * o.size() / 1e6));
        sb.append(latency(latency));
        sb.append(" errors=").append(errors);
        switch (o.mode()) {
            case "async" -> sb.append(" inflight=").append(o.inflight());
            case "topics" -> sb.append(" topics=").append(o.topics()).append(" queues=").append(o.queues());
            case "rpc" -> sb.append(" responders=").append(o.responders()).append(" timeout_ms=").append(o.timeoutMs());
            default -> throw new IllegalStateException("no result fields for mode " + o.mode());
        }
        return sb.toString();
    }

    /** What the watchdog prints when the run overran its time budget. */
    static String aborted(String mode) {
        return "RESULT mode=" + mode + " aborted=watchdog errors=-1";
    }

    static String latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return " p50_ms=NaN p99_ms=NaN p999_ms=NaN max_ms=NaN";
        }
        return String.format(Locale.ROOT, " p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
