package io.ferrymq.nameserver;

import io.ferrymq.common.ManualClock;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route table stepped directly with a fake clock: no sockets, no sleeps. */
class RouteTableTest {
    private final ManualClock now = new ManualClock();
    private final RouteTable table = new RouteTable(now, () -> 10_000);

    private static TopicConfigSerializeWrapper topics(long counter, TopicConfig... configs) {
        TopicConfigSerializeWrapper w = new TopicConfigSerializeWrapper();
        w.setDataVersion(new DataVersion(0, 1, counter));
        for (TopicConfig c : configs) {
            w.getTopicConfigTable().put(c.getTopicName(), c);
        }
        return w;
    }

    private RouteTable.RegistrationResult register(String name, long id, String addr, Long timeout,
                                                   TopicConfigSerializeWrapper topics) {
        return table.register(new RouteTable.Registration("C1", addr, name, id, addr + "-ha", timeout, false,
                topics, null));
    }

    @Test
    void expiryFollowsTheClockAndPerBrokerTimeout() {
        register("a", 0, "10.0.0.1:10911", null, topics(1, new TopicConfig("T", 4, 4, 6)));
        register("b", 0, "10.0.0.2:10911", 30_000L, topics(1, new TopicConfig("T", 2, 2, 6)));
        now.advance(10_000);
        assertTrue(table.scanExpired().isEmpty(), "exactly at the limit is still alive");
        now.advance(1);
        List<RouteTable.RemovedBroker> removed = table.scanExpired();
        assertEquals(1, removed.size());
        assertEquals("10.0.0.1:10911", removed.get(0).brokerAddr());
        TopicRouteData r = table.routeOf("T");
        assertEquals(1, r.getQueueDatas().size());
        assertEquals("b", r.getQueueDatas().get(0).getBrokerName());

        // a refresh keeps b alive past its own 30 s timeout
        now.advance(20_000);
        assertTrue(table.touch("C1", "10.0.0.2:10911"));
        now.advance(20_000);
        assertTrue(table.scanExpired().isEmpty());
        now.advance(10_001);
        assertEquals(1, table.scanExpired().size());
        assertNull(table.routeOf("T"), "topic disappears with its last broker group");
        assertTrue(table.clusterInfo().getClusterAddrTable().isEmpty());
        assertEquals(0, table.liveBrokerCount());
    }

    @Test
    void onlyMasterTopicConfigsUpdateQueuesAndSlavesLearnTheirMaster() {
        RouteTable.RegistrationResult slaveFirst = register("a", 1, "10.0.0.1:10921", null,
                topics(1, new TopicConfig("FromSlave", 4, 4, 6)));
        assertNull(slaveFirst.masterAddr());
        assertNull(table.routeOf("FromSlave"), "a slave's topic configs do not create queue data");

        RouteTable.RegistrationResult master = register("a", 0, "10.0.0.1:10911", null,
                topics(1, new TopicConfig("T", 8, 8, 6)));
        assertNull(master.masterAddr());
        RouteTable.RegistrationResult slave = register("a", 1, "10.0.0.1:10921", null, topics(2));
        assertEquals("10.0.0.1:10911", slave.masterAddr());
        assertEquals("10.0.0.1:10911-ha", slave.haServerAddr());

        TopicRouteData r = table.routeOf("T");
        assertEquals(Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.1:10921"), r.getBrokerDatas().get(0).getBrokerAddrs());

        // the master leaves: the group's queues stay while the slave lives
        assertTrue(table.unregister("C1", "10.0.0.1:10911", "a", 0));
        r = table.routeOf("T");
        assertNotNull(r);
        assertEquals(Map.of(1L, "10.0.0.1:10921"), r.getBrokerDatas().get(0).getBrokerAddrs());
        assertTrue(table.unregister("C1", "10.0.0.1:10921", "a", 1));
        assertNull(table.routeOf("T"));
        assertFalse(table.unregister("C1", "10.0.0.1:10921", "a", 1));
    }

    @Test
    void sameAddressUnderAnotherIdReplacesTheOldId() {
        register("a", 1, "10.0.0.1:10911", null, topics(1));
        register("a", 0, "10.0.0.1:10911", null, topics(1, new TopicConfig("T", 4, 4, 6)));
        assertEquals(Map.of(0L, "10.0.0.1:10911"), table.routeOf("T").getBrokerDatas().get(0).getBrokerAddrs());
    }

    @Test
    void queueDataUpdatesOnlyWhenTheDataVersionChanges() {
        register("a", 0, "10.0.0.1:10911", null, topics(1, new TopicConfig("T", 4, 4, 6)));
        assertEquals(1, table.wipeWritePerm("a"));
        assertEquals(PermName.PERM_READ, table.routeOf("T").getQueueDatas().get(0).getPerm());
        // same version: the wiped permission stays (as with RocketMQ's name server)
        register("a", 0, "10.0.0.1:10911", null, topics(1, new TopicConfig("T", 4, 4, 6)));
        assertEquals(PermName.PERM_READ, table.routeOf("T").getQueueDatas().get(0).getPerm());
        // new version: the broker's view wins
        register("a", 0, "10.0.0.1:10911", null, topics(2, new TopicConfig("T", 4, 4, 6),
                new TopicConfig("U", 1, 1, 6)));
        assertEquals(6, table.routeOf("T").getQueueDatas().get(0).getPerm());
        assertEquals(Set.of("T", "U"), table.allTopics());
        assertEquals(2, table.addWritePerm("a"));
    }

    @Test
    void deleteAndRegisterTopic() {
        register("a", 0, "10.0.0.1:10911", null, topics(1, new TopicConfig("T", 4, 4, 6)));
        table.register(new RouteTable.Registration("C2", "10.0.0.2:10911", "b", 0, "x", null, false,
                topics(1, new TopicConfig("T", 4, 4, 6)), null));
        assertEquals(Set.of("T"), table.topicsOfCluster("C2"));
        assertTrue(table.deleteTopic("T", "C2"));
        assertEquals(1, table.routeOf("T").getQueueDatas().size());
        assertTrue(table.deleteTopic("T", null));
        assertNull(table.routeOf("T"));

        assertEquals(1, table.registerTopic("R", List.of(new QueueData("a", 2, 2, 6, 0),
                new QueueData("unknown", 2, 2, 6, 0))));
        assertEquals(List.of(new QueueData("a", 2, 2, 6, 0)), table.routeOf("R").getQueueDatas());
    }
}
