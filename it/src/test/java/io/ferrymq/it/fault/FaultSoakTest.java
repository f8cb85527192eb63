package io.ferrymq.it.fault;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's soak: {@code -Dferrymq.faults=soak} (minutes: {@code -Dferrymq.faults.soakMinutes}, default 30; rate per
 * producer: {@code -Dferrymq.faults.rate}, default 60, i.e. 300 sends/s). Repeats a 150 s cycle: kill -9 A's master
 * (restarted 10 s later), a quiet minute, SIGSTOP B's master for 20 s, quiet, kill -9 B's master, quiet. The command
 * is in docs/reliability.md.
 */
@Tag("fault")
@EnabledIfSystemProperty(named = "ferrymq.faults", matches = "soak")
@Timeout(value = 120, unit = TimeUnit.MINUTES)
class FaultSoakTest {
    @Test
    void soak() throws Exception {
        long minutes = Long.getLong("ferrymq.faults.soakMinutes", 30);
        int rate = Integer.getInteger("ferrymq.faults.rate", 60);
        List<String> steps = new ArrayList<>();
        for (long c = 0; c + 150_000 <= minutes * 60_000; c += 150_000) {
            steps.add("KILL9 broker-a-0 at=" + (c + 10_000) + " for=10000");
            steps.add("SIGSTOP broker-b-0 at=" + (c + 60_000) + " for=20000");
            steps.add("KILL9 broker-b-0 at=" + (c + 110_000) + " for=10000");
        }
        try (FaultCluster cluster = FaultCluster.start()) {
            FaultRun.Result r = FaultRun.run(cluster, "SOAK", FaultSchedule.parse(String.join("; ", steps)
                    + " | tail=20000"), rate);
            assertTrue(r.verdict().passed(), r.verdict().oneLine() + "\n" + r.verdict().table());
        }
    }
}
