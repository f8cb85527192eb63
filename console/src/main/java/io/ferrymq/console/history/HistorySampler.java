package io.ferrymq.console.history;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.console.alert.Condition;
import io.ferrymq.console.alert.Observation;
import io.ferrymq.console.alert.signal.SignalSource;
import io.ferrymq.console.cluster.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fills the {@link HistoryStore} once per sample interval with the figures the pages, charts and alert rules use,
 * read from what the console already has instead of asking the brokers again: each set's cluster snapshot (TPS in
 * and out of clusters, brokers and topics; backlog, consume TPS and dead-letter depth of groups; disk ratio and
 * replication lag of brokers) and the alert evaluator's last round (the age of a group's oldest unconsumed message,
 * {@code group-lag-seconds}, which only the alert worker reads).
 *
 * <p>Its worker ({@code console-history}) wakes four times per interval and writes a set's samples when a new slot
 * has begun and the set's snapshot is newer than the last one sampled, so every slot gets one sample (no gaps from
 * timer jitter) and a snapshot that stopped refreshing leaves a gap rather than repeating old figures. After each
 * round it trims the store ({@link HistoryStore#maintain}) and every {@code saveIntervalMillis} writes the history
 * file; a failed write is logged and shown as the failing condition {@code history.file_write_failed}.
 */
public final class HistorySampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistorySampler.class);

    /**
     * The figures of one alert round the history keeps: wall time, how long they stay current (two evaluation
     * intervals: older ones are not sampled, as the alert worker may have stopped) and group lag in seconds by
     * "set/group".
     */
    public record AlertFigures(long at, long validMillis, Map<String, Double> groupLagSeconds) {
        public static final AlertFigures NONE = new AlertFigures(0, 0, Map.of());

        /** The figures of an alert round read at {@code at} (null: none yet). */
        public static AlertFigures of(long at, long validMillis, SignalSource.Round round) {
            if (round == null) {
                return NONE;
            }
            Map<String, Double> lag = new HashMap<>();
            for (Observation o : round.observations()) {
                if (o.condition() == Condition.GROUP_LAG_SECONDS && o.known()) {
                    lag.put(o.target().set() + "/" + o.target().group(), o.value());
                }
            }
            return new AlertFigures(at, validMillis, lag);
        }
    }

    private final HistoryStore store;
    private final HistoryFile file;
    private final Supplier<List<Snapshot>> snapshots;
    private final Supplier<AlertFigures> alertFigures;
    private final Clock clock;
    private final long saveIntervalMillis;
    private final FaultRegistry faults;
    private final DutyCycleWorker worker;
    // The sampler thread only.
    private final Map<String, Long> sampledSlot = new HashMap<>();
    private final Map<String, Long> sampledSnapshot = new HashMap<>();
    private long lastSave;
    private volatile long lastSampleAt;
    private volatile long lastSavedAt;

    public HistorySampler(HistoryStore store, HistoryFile file, Supplier<List<Snapshot>> snapshots,
                          Supplier<AlertFigures> alertFigures, Clock clock, long saveIntervalMillis,
                          FaultRegistry faults) {
        this.store = store;
        this.file = file;
        this.snapshots = snapshots;
        this.alertFigures = alertFigures;
        this.clock = clock;
        this.saveIntervalMillis = saveIntervalMillis;
        this.faults = faults;
        this.worker = DutyCycleWorker.periodic("console-history", clock, Math.max(50, store.intervalMillis() / 4),
                this::round, faults);
        file.load(store, clock.currentTimeMillis());
        this.lastSave = clock.currentTimeMillis();
    }

    public HistorySampler start() {
        worker.start();
        return this;
    }

    /** One round on the calling thread (tests step a ManualClock in between). */
    public void step() {
        worker.step();
    }

    private void round() {
        long now = clock.currentTimeMillis();
        long slot = now / store.intervalMillis();
        AlertFigures alerts = alertFigures.get();
        boolean lagFresh = alerts != null
                && now - alerts.at() <= Math.max(alerts.validMillis(), store.intervalMillis());
        boolean sampled = false;
        for (Snapshot s : snapshots.get()) {
            if (s.takenAt() == 0 || sampledSlot.getOrDefault(s.set(), -1L) == slot
                    || sampledSnapshot.getOrDefault(s.set(), 0L) == s.takenAt()) {
                continue; // this slot has its sample, or there is nothing new to sample
            }
            sampledSlot.put(s.set(), slot);
            sampledSnapshot.put(s.set(), s.takenAt());
            sample(s, now, lagFresh ? alerts.groupLagSeconds() : Map.of());
            if (!s.partial()) {
                forgetDeleted(s);
            }
            sampled = true;
        }
        if (!sampled) {
            return;
        }
        lastSampleAt = now;
        store.maintain(now);
        if (now - lastSave >= saveIntervalMillis) {
            save(now);
        }
    }

    private void sample(Snapshot s, long now, Map<String, Double> lagSeconds) {
        String set = s.set();
        Map<String, double[]> clusters = new HashMap<>();
        for (Snapshot.BrokerState b : s.brokers()) {
            if (!b.reachable()) {
                continue; // a gap: its figures are unknown
            }
            put(set, SeriesKey.Kind.BROKER, b.address(), "tpsIn", now, b.sendTps());
            put(set, SeriesKey.Kind.BROKER, b.address(), "tpsOut", now, b.consumeTps());
            put(set, SeriesKey.Kind.BROKER, b.address(), "diskRatio", now, b.diskRatio());
            if (b.brokerId() == 0) {
                double[] c = clusters.computeIfAbsent(b.cluster(), k -> new double[2]);
                c[0] += b.sendTps();
                c[1] += b.consumeTps();
            } else if (b.replicationLagBytes() >= 0) {
                put(set, SeriesKey.Kind.BROKER, b.address(), "replicationLagBytes", now, b.replicationLagBytes());
            }
        }
        clusters.forEach((name, c) -> {
            put(set, SeriesKey.Kind.CLUSTER, name, "tpsIn", now, c[0]);
            put(set, SeriesKey.Kind.CLUSTER, name, "tpsOut", now, c[1]);
        });
        for (Snapshot.TopicState t : s.topics().values()) {
            if (!t.system() && !t.stale()) {
                put(set, SeriesKey.Kind.TOPIC, t.name(), "tpsIn", now, t.tps());
            }
        }
        for (Snapshot.GroupState g : s.groups().values()) {
            if (g.system() || g.stale()) {
                continue;
            }
            put(set, SeriesKey.Kind.GROUP, g.name(), "backlog", now, g.lag());
            put(set, SeriesKey.Kind.GROUP, g.name(), "tpsOut", now, g.consumeTps());
            put(set, SeriesKey.Kind.GROUP, g.name(), "dlqDepth", now, g.dlqDepth());
            Double age = lagSeconds.get(set + "/" + g.name());
            if (age != null) {
                put(set, SeriesKey.Kind.GROUP, g.name(), "lagSeconds", now, age);
            }
        }
    }

    private void put(String set, SeriesKey.Kind kind, String name, String metric, long now, double value) {
        store.record(new SeriesKey(set, kind, name, metric), now, value);
    }

    /** Drops the series of topics and groups a complete snapshot no longer lists (deleted). */
    private void forgetDeleted(Snapshot s) {
        Set<String> topics = s.topics().keySet();
        Set<String> groups = s.groups().keySet();
        store.retain(k -> !k.set().equals(s.set())
                || k.kind() == SeriesKey.Kind.TOPIC && topics.contains(k.name())
                || k.kind() == SeriesKey.Kind.GROUP && groups.contains(k.name())
                || k.kind() == SeriesKey.Kind.BROKER || k.kind() == SeriesKey.Kind.CLUSTER);
    }

    private void save(long now) {
        try {
            file.save(store, now);
            lastSave = now;
            lastSavedAt = now;
            faults.recovered("history.file_write_failed");
        } catch (IOException | RuntimeException e) {
            lastSave = now; // tried: the next attempt is a save interval later, not every round
            faults.failing("history.file_write_failed", file.path() + ": " + e.getMessage());
            log.warn("history file {} could not be written: {}", file.path(), e.toString());
        }
    }

    /** Wall time of the last round that sampled something (0 before the first). */
    public long lastSampleAt() {
        return lastSampleAt;
    }

    /** Wall time the history file was last written (0 before the first write). */
    public long lastSavedAt() {
        return lastSavedAt;
    }

    public HistoryStore store() {
        return store;
    }

    public HistoryFile file() {
        return file;
    }

    public FaultRegistry faults() {
        return faults;
    }

    /** Stops sampling and writes the history file one last time. */
    @Override
    public void close() {
        worker.close();
        save(clock.currentTimeMillis());
    }
}
