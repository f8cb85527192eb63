package io.ferrymq.it.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Fault 14's schedule, as data: a fault-free baseline of {@link #BASELINE_MILLIS}, then 360 s cycles of faults 1, 5,
 * 7, 9 and 12 with quiet periods between, then a quiet tail filling the soak's length. In each cycle (from its start):
 * kill -9 A's master at 0 s (restarted 10 s later); SIGSTOP B's master at 60 s for 20 s; a partition of A's slave at
 * 130 s for 15 s (one way out, one way in, both ways, in turn); a flaky link at 190 s (loss bursts for 60 s, a 1 Mbit/s
 * limit for 30 s, 200 ms of replication delay for 30 s, in turn); consumer churn at 280 s for 50 s. Without network
 * namespaces (not root) faults 7 and 9 are left out, and the caller prints why.
 */
final class SoakSchedule {
    static final long BASELINE_MILLIS = 120_000;
    static final long CYCLE_MILLIS = 360_000;
    private static final String[] PARTITIONS = {"PARTITION_OUT", "PARTITION_IN", "PARTITION"};
    private static final String[] LINKS = {"FLAKY broker-a-1 at=%d for=60000", "SLOW_LINK broker-a-1 at=%d for=30000",
            "DELAY broker-a-1 at=%d for=30000"};

    private SoakSchedule() {
    }

    static FaultSchedule build(long minutes, boolean withNamespaces) {
        long total = minutes * 60_000;
        List<String> steps = new ArrayList<>();
        int c = 0;
        for (long base = BASELINE_MILLIS; base + CYCLE_MILLIS <= total; base += CYCLE_MILLIS, c++) {
            steps.add("KILL9 broker-a-0 at=" + base + " for=10000");
            steps.add("SIGSTOP broker-b-0 at=" + (base + 60_000) + " for=20000");
            if (withNamespaces) {
                steps.add(PARTITIONS[c % PARTITIONS.length] + " broker-a-1 at=" + (base + 130_000) + " for=15000");
                steps.add(String.format(LINKS[c % LINKS.length], base + 190_000));
            }
            steps.add("CHURN consumers at=" + (base + 280_000) + " for=50000");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a soak of " + minutes + " minutes has no room for one "
                    + CYCLE_MILLIS / 1000 + " s cycle after its " + BASELINE_MILLIS / 1000 + " s baseline");
        }
        FaultSchedule faults = FaultSchedule.parse(String.join("; ", steps));
        return new FaultSchedule(faults.steps(), Math.max(10_000, total - faults.endMillis()));
    }
}
