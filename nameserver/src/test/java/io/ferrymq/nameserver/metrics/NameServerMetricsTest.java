package io.ferrymq.nameserver.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.nameserver.RouteTable;
import org.junit.jupiter.api.Test;

/** The name server's fault registry reaches its scrape: counters by fault name and the failing conditions. */
class NameServerMetricsTest {
    private final ManualClock clock = new ManualClock();
    private final FaultRegistry faults = new FaultRegistry(clock);

    @Test
    void everyFaultTheNameServerCountedIsASeriesFromTheNextScrape() {
        try (NameServerMetrics metrics = new NameServerMetrics(new RouteTable(clock, () -> 10_000), () -> 0, faults)) {
            String before = metrics.scrape();
            assertTrue(before.contains("ferrymq_namesrv_fault_conditions_failing 0.0"), before);

            faults.record("kv-config-persist", "disk gone");
            faults.record("kv-config-persist", "disk still gone");
            faults.failing("kv-config-writable", "cannot write kvConfig.json");

            String after = metrics.scrape();
            assertTrue(after.contains("ferrymq_namesrv_faults_total{fault=\"kv-config-persist\"} 2.0"), after);
            assertTrue(after.contains("ferrymq_namesrv_fault_conditions_failing 1.0"), after);
        }
    }
}
