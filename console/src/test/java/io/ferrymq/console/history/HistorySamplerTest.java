package io.ferrymq.console.history;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.console.cluster.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferrymq.console.history.HistoryStoreTest.HOUR;
import static io.ferrymq.console.history.HistoryStoreTest.MINUTE;
import static io.ferrymq.console.history.HistoryStoreTest.T0;
import static io.ferrymq.console.history.HistoryStoreTest.WEEK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampler: one sample per slot from the snapshots and the alert round, deleted groups dropped, kept on disk. */
class HistorySamplerTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final AtomicReference<HistorySampler.AlertFigures> alerts =
            new AtomicReference<>(HistorySampler.AlertFigures.NONE);

    HistorySampler sampler() {
        HistoryStore store = new HistoryStore(MINUTE, WEEK, 1 << 30, 1000, faults);
        return new HistorySampler(store, new HistoryFile(dir, faults),
                () -> snapshot.get() == null ? List.of() : List.of(snapshot.get()), alerts::get, clock, HOUR,
                faults);
    }

    /** A snapshot taken now: a master, a slave, topic Orders, groups with the given backlogs. */
    void snapshot(boolean partial, Map<String, Long> backlogs) {
        long now = clock.currentTimeMillis();
        List<Snapshot.BrokerState> brokers = List.of(
                new Snapshot.BrokerState("c1", "broker-a", 0, "10.0.0.1:10911", true, null, "V", 40, 30, 0, 5000,
                        0.25, -1, Map.of()),
                new Snapshot.BrokerState("c1", "broker-a", 1, "10.0.0.2:10911", true, null, "V", 0, 0, 0, 4000,
                        0.24, 1000, Map.of()));
        Map<String, Snapshot.TopicState> topics = Map.of("Orders",
                new Snapshot.TopicState("Orders", false, List.of("broker-a"), 4, 100, 100, now, 40, false, null));
        Map<String, Snapshot.GroupState> groups = new java.util.TreeMap<>();
        backlogs.forEach((g, lag) -> groups.put(g, new Snapshot.GroupState(g, false, Set.of("Orders"), lag, 0, 12.5,
                1, 3, false, null)));
        snapshot.set(new Snapshot("local", now, 5, partial, List.of(), Map.of("c1", Set.of("broker-a")), brokers,
                topics, groups));
    }

    Map<String, List<HistoryStore.Point>> read(HistorySampler s, SeriesKey.Kind kind, String name) {
        long now = clock.currentTimeMillis();
        return s.store().read("local", kind, name, now - HOUR + 1, now, 360);
    }

    @Test
    void everyFigureOfTheChartsAndAlertsIsSampledOncePerMinute() {
        HistorySampler s = sampler();
        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 4; i++) { // the worker wakes four times a minute; the snapshot refreshes each time
                snapshot(false, Map.of("orders", 100L + minute));
                alerts.set(new HistorySampler.AlertFigures(clock.currentTimeMillis(), 30_000,
                        Map.of("local/orders", 30.0 + minute)));
                s.step();
                clock.advance(15_000);
            }
        }
        Map<String, List<HistoryStore.Point>> g = read(s, SeriesKey.Kind.GROUP, "orders");
        assertEquals(Set.of("backlog", "tpsOut", "dlqDepth", "lagSeconds"), g.keySet());
        assertEquals(10, g.get("backlog").size(), "one sample per minute: " + g.get("backlog"));
        assertEquals(109.0, g.get("backlog").get(9).value());
        assertEquals(39.0, g.get("lagSeconds").get(9).value(), "the alert round's group-lag-seconds figure");
        assertEquals(3.0, g.get("dlqDepth").get(0).value());
        Map<String, List<HistoryStore.Point>> slave = read(s, SeriesKey.Kind.BROKER, "10.0.0.2:10911");
        assertEquals(Set.of("tpsIn", "tpsOut", "diskRatio", "replicationLagBytes"), slave.keySet());
        assertEquals(1000.0, slave.get("replicationLagBytes").get(0).value());
        assertEquals(Set.of("tpsIn", "tpsOut", "diskRatio"), read(s, SeriesKey.Kind.BROKER, "10.0.0.1:10911").keySet());
        assertEquals(40.0, read(s, SeriesKey.Kind.CLUSTER, "c1").get("tpsIn").get(0).value());
        assertEquals(40.0, read(s, SeriesKey.Kind.TOPIC, "Orders").get("tpsIn").get(0).value());
    }

    @Test
    void aSnapshotThatStoppedRefreshingLeavesAGapNotRepeatedFigures() {
        HistorySampler s = sampler();
        snapshot(false, Map.of("orders", 5L));
        s.step();
        for (int i = 0; i < 3; i++) { // three minutes without a new snapshot
            clock.advance(MINUTE);
            s.step();
        }
        clock.advance(MINUTE);
        snapshot(false, Map.of("orders", 9L));
        s.step();
        List<HistoryStore.Point> p = read(s, SeriesKey.Kind.GROUP, "orders").get("backlog");
        assertEquals(List.of(new HistoryStore.Point(T0, 5, 5), new HistoryStore.Point(T0 + 4 * MINUTE, 9, 9)), p);
    }

    @Test
    void anOldAlertRoundGivesNoLagAge() {
        HistorySampler s = sampler();
        alerts.set(new HistorySampler.AlertFigures(clock.currentTimeMillis() - 10 * MINUTE, 30_000, Map.of("local/orders", 1.0)));
        snapshot(false, Map.of("orders", 5L));
        s.step();
        assertEquals(Set.of("backlog", "tpsOut", "dlqDepth"), read(s, SeriesKey.Kind.GROUP, "orders").keySet());
    }

    @Test
    void aDeletedGroupsSeriesAreDroppedButNotOnAPartialSnapshot() {
        HistorySampler s = sampler();
        snapshot(false, Map.of("orders", 5L, "gone", 1L));
        s.step();
        clock.advance(MINUTE);
        snapshot(true, Map.of("orders", 5L)); // a master did not answer: "gone" may still exist
        s.step();
        assertTrue(s.store().read("local", SeriesKey.Kind.GROUP, "gone", T0, clock.currentTimeMillis(), 10)
                .containsKey("backlog"));
        clock.advance(MINUTE);
        snapshot(false, Map.of("orders", 5L));
        s.step();
        assertTrue(s.store().read("local", SeriesKey.Kind.GROUP, "gone", T0, clock.currentTimeMillis(), 10)
                .isEmpty());
    }

    @Test
    void theHistorySurvivesARestart() {
        HistorySampler first = sampler();
        for (int minute = 0; minute < 30; minute++) {
            snapshot(false, Map.of("orders", (long) minute));
            first.step();
            clock.advance(MINUTE);
        }
        first.close(); // writes the file
        assertTrue(first.lastSavedAt() > 0);

        HistorySampler second = sampler();
        List<HistoryStore.Point> p = read(second, SeriesKey.Kind.GROUP, "orders").get("backlog");
        assertEquals(30, p.size(), "the last hour is there at once after the restart");
        assertEquals(29.0, p.get(29).value());
        second.close();
    }
}
