package io.ferrymq.it.ha;

import io.ferrymq.it.TestCluster;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.ferrymq.it.ha.ProcessCluster.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SYNC_MASTER failover across processes: 2 name servers, groups broker-a and broker-b, each master + slave.
 * Group A's master is killed with SIGKILL during continuous sends by the official client. Every send
 * acknowledged with SEND_OK must be consumed (from A's slave or from B while A's master is dead): zero lost.
 * Consumers keep progressing on A's queues within 30 s of the master's death (reading the slave). The master
 * is restarted: its slave catches up, consumers move back, and offsets committed on the slave meanwhile are
 * merged into the master's (the larger wins).
 */
@Tag("ha")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SyncMasterFailoverTest {
    private static final String TOPIC = "HaSyncTopic";
    private static final String GROUP = "ha-sync-consumer";
    private static final String LATE_GROUP = "ha-sync-late-consumer";
    private static ProcessCluster cluster;
    private static ProcessCluster.BrokerNode aMaster;
    private static ProcessCluster.BrokerNode aSlave;
    private static ProcessCluster.BrokerNode bMaster;
    private static ProcessCluster.BrokerNode bSlave;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start("sync", 2);
        ProcessCluster.TwoGroups g = cluster.startTwoGroupsWithTopic("SYNC_MASTER", TOPIC);
        aMaster = g.aMaster();
        aSlave = g.aSlave();
        bMaster = g.bMaster();
        bSlave = g.bSlave();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheMasterLosesNoAcknowledgedMessage() throws Exception {
        try (Traffic t = new Traffic(cluster, TOPIC)) {
            TestCluster.awaitTrue("first SEND_OK", Duration.ofSeconds(20), () -> {
                SendResult r = t.sendOne();
                return r != null && r.getSendStatus() == SendStatus.SEND_OK;
            });
            Map<String, String> info = cluster.runtimeInfo(aMaster);
            assertEquals("1", info.get("haSlaveCount"), "A's master sees its slave: " + info);
            t.startConsumer(cluster, GROUP);
            t.startSending(2);
            TestCluster.awaitTrue("acks from both groups", Duration.ofSeconds(20),
                    () -> t.ackedBy("broker-a") > 2000 && t.ackedBy("broker-b") > 2000);

            aMaster.jvm.kill9();
            long killedAt = System.nanoTime();
            long ackedByABeforeKill = t.ackedBy("broker-a");
            // a second group starts after the death: everything of A it reads comes from A's slave
            t.startConsumer(cluster, LATE_GROUP);
            Thread.sleep(6000); // keep sending through the failover (this is the scenario, not a wait)
            t.stopSending();
            System.out.printf("[ha-sync] sends: %s; acked %d (broker-a %d before the kill)%n", t.outcomes,
                    t.acked.size(), ackedByABeforeKill);
            assertTrue(t.ackedBy("broker-b") > 0);

            // every acknowledged message is consumed while A's master is dead: from A's slave or from B
            TestCluster.awaitTrue("all acknowledged messages consumed from A's slave and B", Duration.ofSeconds(30),
                    () -> t.missing().isEmpty() && t.missing(LATE_GROUP).isEmpty());
            double secs = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("[ha-sync] all %d acknowledged messages consumed %.1f s after the master's death; "
                    + "lost 0; duplicates %d (group started after the death: %d)%n", t.acked.size(), secs,
                    t.duplicates(), t.duplicates(LATE_GROUP));
            assertTrue(secs < 30 + 6, "consumers progressed within 30 s of the master's death");
            long[] slaveOffsets = new long[4];
            TestCluster.awaitTrue("offsets committed on A's slave", Duration.ofSeconds(10), () -> {
                for (int q = 0; q < 4; q++) {
                    slaveOffsets[q] = cluster.committedOffset(aSlave, GROUP, TOPIC, q);
                }
                return slaveOffsets[0] > 0 || slaveOffsets[1] > 0 || slaveOffsets[2] > 0 || slaveOffsets[3] > 0;
            });

            // the master returns: its slave catches up, slave-committed offsets are merged into it
            cluster.start(aMaster);
            cluster.awaitCaughtUp(aMaster, aSlave, Duration.ofSeconds(30));
            TestCluster.awaitTrue("A's master holds the offsets committed on its slave", Duration.ofSeconds(20),
                    () -> {
                        for (int q = 0; q < 4; q++) {
                            if (cluster.committedOffset(aMaster, GROUP, TOPIC, q) < slaveOffsets[q]) {
                                return false;
                            }
                        }
                        return true;
                    });
            TestCluster.awaitTrue("sends to A acknowledged again", Duration.ofSeconds(30), () -> {
                SendResult r = t.sendOne();
                return r != null && r.getSendStatus() == SendStatus.SEND_OK
                        && "broker-a".equals(r.getMessageQueue().getBrokerName());
            });
            for (int i = 0; i < 100; i++) {
                t.sendOne();
            }
            TestCluster.awaitTrue("messages sent after the restart consumed", Duration.ofSeconds(30),
                    () -> t.missing().isEmpty());
            cluster.awaitCaughtUp(aMaster, aSlave, Duration.ofSeconds(20));
            Set<String> missing = t.missing();
            System.out.printf("[ha-sync] final: acked %d, lost %d, duplicates %d%n", t.acked.size(), missing.size(),
                    t.duplicates());
            assertEquals(Set.of(), missing);

            // without its slave, a SYNC_MASTER never acknowledges: SLAVE_NOT_AVAILABLE (or FLUSH_SLAVE_TIMEOUT)
            aSlave.jvm.kill9();
            TestCluster.awaitTrue("A's master noticed its slave is gone", Duration.ofSeconds(20),
                    () -> "0".equals(cluster.runtimeInfo(aMaster).get("haSlaveCount")));
            MessageQueue qa = new MessageQueue(TOPIC, "broker-a", 0);
            for (int i = 0; i < 20; i++) {
                SendResult r = t.producer.send(new Message(TOPIC, ("no-slave-" + i).getBytes()), qa);
                assertTrue(r.getSendStatus() == SendStatus.SLAVE_NOT_AVAILABLE
                        || r.getSendStatus() == SendStatus.FLUSH_SLAVE_TIMEOUT, "status " + r.getSendStatus());
                assertTrue(r.getOffsetMsgId() != null && r.getQueueOffset() >= 0, "send header filled: " + r);
            }
            cluster.start(aSlave);
            TestCluster.awaitTrue("sends to A acknowledged once the slave is back", Duration.ofSeconds(30), () -> {
                try {
                    return t.producer.send(new Message(TOPIC, "slave-back".getBytes()), qa).getSendStatus()
                            == SendStatus.SEND_OK;
                } catch (Exception e) {
                    return false;
                }
            });
            cluster.awaitCaughtUp(aMaster, aSlave, Duration.ofSeconds(20));
        } catch (Throwable e) {
            System.out.println(cluster.logTails(40));
            throw e;
        }
    }
}
