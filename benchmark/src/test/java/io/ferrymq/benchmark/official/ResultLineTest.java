package io.ferrymq.benchmark.official;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultLineTest {

    @Test
    void asyncLineHasTheHarnessFieldsThenTheWindow() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 10L); // 10 µs .. 10 ms, evenly
        }
        BenchOptions o = BenchOptions.parse("--mode", "async", "--threads", "4", "--inflight", "64");
        String line = ResultLine.format(o, 10.0, 50_000, 3, h);
        assertTrue(line.startsWith("RESULT mode=async threads=4 size=1024 batch=1 seconds=10.0 msgs=50000 tps=5000 "
                + "mbps=5.12 "), line);
        Map<String, String> f = fields(line);
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", h.getValueAtPercentile(50) / 1000.0), f.get("p50_ms"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", h.getValueAtPercentile(99) / 1000.0), f.get("p99_ms"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", h.getValueAtPercentile(99.9) / 1000.0),
                f.get("p999_ms"));
        assertEquals("10.007", f.get("max_ms")); // 10 ms at 3 significant digits, as HdrHistogram reports it
        assertEquals("3", f.get("errors"));
        assertEquals("64", f.get("inflight"));
    }

    @Test
    void medianOfTheRecordedMicrosIsPrintedInMilliseconds() {
        Histogram h = new Histogram(3);
        h.recordValue(1500); // every sample 1.5 ms
        h.recordValue(1500);
        Map<String, String> f = fields(ResultLine.format(BenchOptions.parse(), 1.0, 2, 0, h));
        assertEquals("1.500", f.get("p50_ms"));
        assertEquals("1.500", f.get("p99_ms"));
    }

    @Test
    void topicsAndRpcAddTheirShape() {
        Histogram h = new Histogram(3);
        h.recordValue(1000);
        Map<String, String> t = fields(ResultLine.format(
                BenchOptions.parse("--mode", "topics", "--topics", "100", "--queues", "8"), 2.0, 10, 0, h));
        assertEquals("100", t.get("topics"));
        assertEquals("8", t.get("queues"));
        assertEquals("5", t.get("tps"));
        Map<String, String> r = fields(ResultLine.format(
                BenchOptions.parse("--mode", "rpc", "--responders", "6", "--timeout-ms", "2000"), 2.0, 10, 1, h));
        assertEquals("rpc", r.get("mode"));
        assertEquals("6", r.get("responders"));
        assertEquals("2000", r.get("timeout_ms"));
        assertEquals("1", r.get("errors"));
    }

    @Test
    void noSamplesGiveNaNLikeTheHarnessAndNoDivisionByZero() {
        String line = ResultLine.format(BenchOptions.parse(), 0.0, 0, 7, new Histogram(3));
        Map<String, String> f = fields(line);
        assertEquals("0", f.get("tps"));
        assertEquals("NaN", f.get("p50_ms"));
        assertEquals("NaN", f.get("p99_ms"));
        assertEquals("NaN", f.get("p999_ms"));
        assertEquals("7", f.get("errors"));
    }

    @Test
    void watchdogLineSaysAbortedWithNegativeErrors() {
        assertEquals("RESULT mode=rpc aborted=watchdog errors=-1", ResultLine.aborted("rpc"));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return f;
    }
}
