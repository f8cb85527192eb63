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
        assertFields(t, "topics", "100", "queues", "8", "tps", "5");
        Map<String, String> r = fields(ResultLine.format(
                BenchOptions.parse("--mode", "rpc", "--responders", "6", "--timeout-ms", "2000"), 2.0, 10, 1, h));
        assertFields(r, "mode", "rpc", "responders", "6", "timeout_ms", "2000", "errors", "1");
    }

    @Test
    void noSamplesGiveNaNLikeTheHarnessAndNoDivisionByZero() {
        String line = ResultLine.format(BenchOptions.parse(), 0.0, 0, 7, new Histogram(3));
        assertFields(fields(line), "tps", "0", "p50_ms", "NaN", "p99_ms", "NaN", "p999_ms", "NaN", "errors", "7");
    }

    @Test
    void watchdogLineSaysAbortedWithNegativeErrors() {
        assertEquals("RESULT mode=rpc aborted=watchdog errors=-1", ResultLine.aborted("rpc"));
    }

    /** Asserts name/value pairs of a parsed RESULT line. */
    private static void assertFields(Map<String, String> fields, String... nameValue) {
        for (int i = 0; i < nameValue.length; i += 2) {
            assertEquals(nameValue[i + 1], fields.get(nameValue[i]), nameValue[i]);
        }
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
