package io.ferrymq.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.distribution.bench.BenchMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry-bench's modes against a name server and broker in this JVM: each prints one RESULT line whose figures
 * add up (what the async batch producer acknowledged over several topics, a new group drains exactly), and bad
 * options are refused with exit code 2 and a reason. No figure is judged for speed: that is benchmarks' job.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchModesIT {
    private static InJvmCluster cluster;
    private static String ns;

    record Run(int code, String out, String err) {
        Map<String, String> result() {
            String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT line:\n" + out + err));
            Map<String, String> m = new HashMap<>();
            for (String kv : line.substring(7).split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return m;
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = InJvmCluster.start("BenchCluster", "broker-bench", cfg -> { });
        ns = cluster.nameServerAddress();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void asyncBatchesOverSeveralTopicsAreAllDrainedByANewConsumeGroup() {
        Run produce = bench("-n", ns, "-t", "BenchMulti", "--topics", "3", "--queues", "2", "--cluster", "BenchCluster",
                "--async", "--batch", "4", "--threads", "2", "--warmup", "0", "--seconds", "3", "--size", "128");
        assertEquals(0, produce.code, produce.err);
        Map<String, String> p = produce.result();
        assertEquals("produce", p.get("mode"));
        assertEquals("true", p.get("async"));
        assertEquals("4", p.get("batch"));
        assertEquals("0", p.get("errors"), produce.out);
        long acked = Long.parseLong(p.get("msgs"));
        assertTrue(acked > 0 && acked % 4 == 0, "whole batches acknowledged: " + acked);

        // the warm-up sends are not in msgs, so the topics hold at least what was measured
        Run drain = bench("-n", ns, "-t", "BenchMulti", "--topics", "3", "--mode", "consume", "--messages",
                Long.toString(acked), "--warmup", "0", "--seconds", "60");
        assertEquals(0, drain.code, drain.err);
        Map<String, String> d = drain.result();
        assertTrue(Long.parseLong(d.get("cons_msgs")) >= acked, drain.out);
        assertTrue(Double.parseDouble(d.get("seconds")) < 60, "ended on --messages, not the time bound: " + drain.out);
    }

    @Test
    void bothModeReportsBornToReceivedLatencyOfItsOwnMessages() {
        Run both = bench("-n", ns, "-t", "BenchBoth", "--queues", "2", "--cluster", "BenchCluster", "--mode", "both",
                "--threads", "2", "--warmup", "1", "--seconds", "3", "--size", "64");
        assertEquals(0, both.code, both.err);
        Map<String, String> b = both.result();
        assertTrue(Long.parseLong(b.get("msgs")) > 0, both.out);
        assertTrue(Long.parseLong(b.get("cons_msgs")) > 0, both.out);
        assertTrue(b.containsKey("e2e_p99_ms"), both.out);
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        for (String[] bad : new String[][] {{"--mode", "drain"}, {"--batch", "0"}, {"--topics", "0"},
                {"--messages", "10"}, {"--inflight", "0"}}) {
            String[] args = new String[bad.length + 2];
            args[0] = "-n";
            args[1] = ns;
            System.arraycopy(bad, 0, args, 2, bad.length);
            Run r = bench(args);
            assertEquals(2, r.code, String.join(" ", bad));
            assertTrue(r.err.contains(bad[0]), "the reason names " + bad[0] + ": " + r.err);
        }
    }
}
