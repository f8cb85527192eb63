package io.ferrymq.it.fault;

import io.ferrymq.it.ha.NetNs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults 7 and 9 of the full suite ({@code -Dferrymq.faults=full}) on a cluster whose A slave runs in its own
 * network namespace and replicates through a {@link DelayProxy}. Every run passes the history checker, including
 * its measured bounds: after a cut the name servers stop listing the slave within the broker expiry + 2 s (what
 * clients route by), and after each link fault is undone the slave holds everything its master had within 30 s.
 * Needs root and iproute2; otherwise skipped with the reason printed.
 */
@Tag("fault")
@EnabledIfSystemProperty(named = "ferrymq.faults", matches = "full")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.MethodName.class)
class FaultPartitionTest {
    private static FaultCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = startOrSkip("FULL07/FULL09");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Fault 7: A's slave cut off both ways for 15 s: no SEND_OK from A meanwhile, nothing acknowledged lost. */
    @Test
    void fault07PartitionedSlave() throws Exception {
        cutSlaveFifteenSeconds("FULL07", FaultKind.PARTITION);
    }

    /** Fault 7, one way: every packet into A's slave dropped for 15 s, its own packets still leave. */
    @Test
    void fault07bPacketsIntoTheSlaveDropped() throws Exception {
        cutSlaveFifteenSeconds("FULL07IN", FaultKind.PARTITION_IN);
    }

    /** Fault 7, the other way: every packet A's slave sends dropped for 15 s, packets to it still arrive. */
    @Test
    void fault07cPacketsFromTheSlaveDropped() throws Exception {
        cutSlaveFifteenSeconds("FULL07OUT", FaultKind.PARTITION_OUT);
    }

    /** A's slave cut off ({@code kind}) for 15 s: while it is, sends to A are answered "not replicated" only. */
    private static void cutSlaveFifteenSeconds(String name, FaultKind kind) throws Exception {
        FaultRun.Result r = run(name, kind + " broker-a-1 at=5000 for=15000 | tail=5000");
        FaultSuiteShortTest.assertStoppedSlaveAnswers(r.history());
    }

    /**
     * Fault 9: bursts of packet loss on A's slave's link for 60 s, then its link limited to 1 Mbit/s for 30 s, then
     * 200 ms added each way on its replication link for 30 s: nothing lost, and no permanent stall (every producer's
     * last unavailability window closed, the slave caught up within 30 s of each fault).
     */
    @Test
    void fault09FlakyLinks() throws Exception {
        FaultRun.Result r = run("FULL09", "FLAKY broker-a-1 at=5000 for=60000; SLOW_LINK broker-a-1 at=70000 for=30000;"
                + " DELAY broker-a-1 at=105000 for=30000 | tail=10000");
        assertTrue(r.verdict().windows().stream().allMatch(Verdict.Unavailability::closed),
                "no producer left unable to send: " + r.verdict().table());
    }

    private static FaultRun.Result run(String name, String schedule) throws Exception {
        String replay = System.getProperty("ferrymq.fault.schedule", "");
        try {
            FaultRun.Result r = FaultRun.run(cluster, name, FaultSchedule.parse(replay.isBlank() ? schedule : replay),
                    FaultSuiteFullTest.RATE);
            assertTrue(r.verdict().passed(), r.verdict().oneLine() + "\n" + r.verdict().table());
            return r;
        } catch (Exception | Error e) {
            System.out.println(cluster.logTails(40));
            throw e;
        }
    }

    /** The namespace cluster, or the tests are skipped with the reason printed (not root, no iproute2). */
    static FaultCluster startOrSkip(String runs) throws Exception {
        try {
            return FaultCluster.startWithSlaveInNamespace();
        } catch (NetNs.Unavailable e) {
            System.out.println("[fault] " + runs + " SKIPPED: " + e.getMessage());
            Assumptions.abort("network namespaces unavailable: " + e.getMessage());
            throw e; // not reached: abort throws
        }
    }
}
