package io.ferrymq.console.alert.hint;

import io.ferrymq.console.cluster.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Problems found in a snapshot that do not notify: each is a card saying what to do. */
class ProblemScanTest {
    private static Snapshot.BrokerState broker(String group, long id, String addr, boolean up, double consumeTps) {
        return new Snapshot.BrokerState("c1", group, id, addr, up, up ? null : "timeout", "V5_3_3", 0, consumeTps, 0,
                1000, 0.1, id == 0 ? 0 : 4096, Map.of());
    }

    private static Snapshot.GroupState group(String name, long lag, int online) {
        return new Snapshot.GroupState(name, false, Set.of("Orders"), lag, 0, 0, online, 0, false, null, 0, List.of());
    }

    private static Snapshot snapshot(List<Snapshot.BrokerState> brokers, Map<String, Snapshot.TopicState> topics) {
        return new Snapshot("local", 1, 1, false, List.of(), Map.of("c1", Set.of("broker-a", "broker-b")), brokers,
                topics, Map.of("orders", group("orders", 50_000, 2), "idle", group("idle", 10, 0)));
    }

    @Test
    void consumersReadingFromASlaveWhoseMasterIsUpGetACardNamingTheGroupsBehind() {
        List<Hint> cards = ProblemScan.scan(snapshot(List.of(broker("broker-a", 0, "10.0.0.1:10911", true, 0),
                broker("broker-a", 1, "10.0.0.2:10911", true, 120.5)), Map.of()));
        assertEquals(1, cards.size(), cards.toString());
        Hint h = cards.get(0);
        assertEquals("slave-read", h.problem());
        assertTrue(h.title().contains("10.0.0.2:10911") && h.title().contains("broker-a"), h.title());
        assertTrue(h.evidence().get(0).contains("120.5 msg/s"), h.evidence().toString());
        assertTrue(h.evidence().get(2).contains("orders (50000 messages)"), h.evidence().toString());
        assertTrue(h.cause().contains("accessMessageInMemoryMaxRatio"), h.cause());
        assertEquals("#/groups/orders", h.actions().get(0).href());
    }

    @Test
    void aSlaveServingReadsBecauseItsMasterIsDownIsNotThisProblem() {
        assertEquals(List.of(), ProblemScan.scan(snapshot(List.of(broker("broker-a", 0, "10.0.0.1:10911", false, 0),
                broker("broker-a", 1, "10.0.0.2:10911", true, 120.5)), Map.of())));
        assertEquals(List.of(), ProblemScan.scan(snapshot(List.of(broker("broker-a", 0, "10.0.0.1:10911", true, 80),
                broker("broker-a", 1, "10.0.0.2:10911", true, 0)), Map.of())), "no reads on the slave");
    }

    @Test
    void aTopicOnOnlySomeMastersOfAClusterGetsACard() {
        Snapshot.TopicState t = new Snapshot.TopicState("Orders", false, List.of("broker-a"), 4, 10, 10, 1, 0, false,
                null);
        List<Hint> cards = ProblemScan.scan(snapshot(List.of(), Map.of("Orders", t)));
        assertEquals(1, cards.size());
        assertEquals("topic-on-some-masters", cards.get(0).problem());
        assertTrue(cards.get(0).what().contains("not on [broker-b]"), cards.get(0).what());
    }
}
