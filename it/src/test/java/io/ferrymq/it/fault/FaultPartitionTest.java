package io.ferrymq.it.fault;

import io.ferrymq.it.ha.NetNs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 7 of the full suite ({@code -Dferrymq.faults=full}): A's slave runs in its own network namespace and is cut
 * off both ways for 15 s under the workload: no SEND_OK from A meanwhile, nothing acknowledged lost, and every
 * SEND_OK readable from the slave after healing. Needs root and iproute2; otherwise skipped with the reason printed.
 */
@Tag("fault")
@EnabledIfSystemProperty(named = "ferrymq.faults", matches = "full")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FaultPartitionTest {
    @Test
    void fault07PartitionedSlave() throws Exception {
        try (FaultCluster cluster = startOrSkip()) {
            FaultRun.Result r = FaultRun.run(cluster, "FULL07", FaultSchedule.parse(
                    "PARTITION broker-a-1 at=5000 for=15000 | tail=5000"), FaultSuiteFullTest.RATE);
            assertTrue(r.verdict().passed(), r.verdict().oneLine() + "\n" + r.verdict().table());
            FaultSuiteShortTest.assertStoppedSlaveAnswers(r.history());
        }
    }

    private static FaultCluster startOrSkip() throws Exception {
        try {
            return FaultCluster.startWithSlaveInNamespace();
        } catch (NetNs.Unavailable e) {
            System.out.println("[fault] FULL07 SKIPPED: " + e.getMessage());
            Assumptions.abort("network namespaces unavailable: " + e.getMessage());
            throw e; // not reached: abort throws
        }
    }
}
