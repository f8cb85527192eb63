package io.ferrymq.it.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's short form, run by every {@code mvn verify} of it/: faults 1, 6 and 13, each briefly, on one cluster of
 * 2 name servers and two SYNC_MASTER groups (master + slave), every node its own JVM, under the workload of both
 * clients. Each run passes the history checker: nothing acknowledged lost, no inconsistent offset, no order
 * violation on the ordered queues, no committed offset ahead of processing, no false acknowledgement, every
 * acknowledged message readable from its group's slave. The full suite and the soak are
 * {@link FaultSuiteFullTest} (docs/reliability.md, "Fault-injection suite").
 */
@Tag("fault")
@Timeout(value = 420, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class FaultSuiteShortTest {
    private static final int RATE = 30; // sends per second per producer (5 producers)
    private static final Set<String> NOT_REPLICATED = Set.of("FLUSH_SLAVE_TIMEOUT", "SLAVE_NOT_AVAILABLE");
    private static FaultCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = FaultCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Fault 1, short form: A's master killed with SIGKILL and restarted 10 s later, twice. */
    @Test
    void fault01KillMasterAndRestart() throws Exception {
        FaultRun.Result r = run("F01", "KILL9 broker-a-0 at=4000 for=10000; KILL9 broker-a-0 at=24000 for=10000"
                + " | tail=4000");
        assertTrue(r.verdict().passed(), r.verdict().oneLine() + "\n" + r.verdict().table());
    }

    /**
     * Fault 6: A's slave stopped with SIGSTOP for 7 s. Sends to A answer FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE,
     * never SEND_OK (the checker's false acknowledgements), and every SEND_OK is read back from the slave.
     */
    @Test
    void fault06StoppedSlaveNeverAcknowledges() throws Exception {
        FaultRun.Result r = run("F06", "SIGSTOP broker-a-1 at=3000 for=7000 | tail=3000");
        assertTrue(r.verdict().passed(), r.verdict().oneLine() + "\n" + r.verdict().table());
        assertStoppedSlaveAnswers(r.history());
    }

    /**
     * Fault 13: a rogue peer on A's master's replication port claims 1 GiB beyond the master's end while A's slave
     * is stopped: the master never counts it as a replica, so nothing sent to A meanwhile is acknowledged.
     */
    @Test
    void fault13RoguePeerIsNeverAnInSyncReplica() throws Exception {
        long before = peerAheadFaults();
        FaultRun.Result r = run("F13", "ROGUE_PEER broker-a-0 at=2000 for=12000; SIGSTOP broker-a-1 at=4000 for=7000"
                + " | tail=3000");
        assertTrue(r.verdict().passed(), r.verdict().oneLine() + "\n" + r.verdict().table());
        assertStoppedSlaveAnswers(r.history());
        String answers = r.history().events().stream().map(FaultEvent::what)
                .filter(w -> w.startsWith("the master answered the rogue peer")).findFirst().orElse("");
        assertTrue(answers.contains("OFFSET_OUT_OF_RANGE"), "the rogue's claims are refused: " + answers);
        assertTrue(peerAheadFaults() > before, "the master counts the rogue claims as fault "
                + "replication.source.peer_ahead");
    }

    private static FaultRun.Result run(String name, String schedule) throws Exception {
        try {
            return FaultRun.run(cluster, name, FaultSchedule.parse(schedule), RATE);
        } catch (Exception | Error e) {
            System.out.println(cluster.logTails(40));
            throw e;
        }
    }

    /** Inside the slave's stop, sends to its group answered only "not replicated", and at least one was made. */
    static void assertStoppedSlaveAnswers(History h) {
        assertEquals(1, h.noAckWindows().size(), "one stop of A's slave");
        NoAckWindow w = h.noAckWindows().get(0);
        Map<String, Integer> inside = FaultRun.outcomesInside(h, w.brokerName(), w.fromMillis(), w.toMillis());
        System.out.printf("[fault] sends to %s inside the %.1f s no-ack window (%s): %s%n", w.brokerName(),
                (w.toMillis() - w.fromMillis()) / 1000.0, w.reason(), inside);
        assertFalse(inside.isEmpty(), "some sends went to " + w.brokerName() + " while its slave was stopped");
        assertTrue(NOT_REPLICATED.containsAll(inside.keySet()), "only FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE: "
                + inside);
    }

    private static long peerAheadFaults() {
        String v = cluster.cluster.runtimeInfo(cluster.master("broker-a")).get("fault.replication.source.peer_ahead");
        return v == null ? 0 : Long.parseLong(v);
    }
}
