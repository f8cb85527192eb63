package io.ferrymq.console.cluster;

import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.TrafficStats;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-topic and per-group traffic charts from the brokers' own statistics (VIEW_BROKER_STATS_DATA, what
 * {@code mqadmin statsAll} reads): a topic's messages in ({@code TOPIC_PUT_NUMS}) and out ({@code GROUP_GET_NUMS}
 * of every group consuming it), a group's messages consumed ({@code GROUP_GET_NUMS} of each of its topics and its
 * retry topic), each summed over the masters. Charts cost broker calls, so only the topics and groups someone looked
 * at within the last hour are sampled, at most {@value #MAX_WATCHED} (the least recently looked at is dropped
 * first), once per snapshot interval on the thread {@code console-stats-<set>}. Points go into the set's
 * {@link RateHistory} under {@code stats:topic:<t>:in|out} and {@code stats:group:<g>:consumed}.
 *
 * <p>Thread-safety: the watch list and the last figures are concurrent maps; HTTP threads read them and sample a key
 * once themselves when it is first looked at, the worker thread samples all of them every round.
 */
public final class TrafficCharts implements AutoCloseable {
    static final int MAX_WATCHED = 32;
    static final long WATCH_MILLIS = 3_600_000;
    /** Groups of one topic asked for their share of its outgoing traffic, so one topic's sample stays bounded. */
    static final int MAX_GROUPS_PER_TOPIC = 64;

    /** The latest figures of a topic or group (per second over the broker's last minute and hour, day total). */
    public record Figures(TrafficStats in, TrafficStats out, Map<String, Double> parts, long sampledAt,
                          String error) {
    }

    private final String set;
    private final AdminClient admin;
    private final RateHistory rates;
    private final Supplier<Snapshot> snapshot;
    private final Clock clock;
    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    private final Map<String, Figures> latest = new ConcurrentHashMap<>();
    private final FaultRegistry faults;
    private DutyCycleWorker worker;

    public TrafficCharts(String set, AdminClient admin, RateHistory rates, Supplier<Snapshot> snapshot, Clock clock,
                         FaultRegistry faults) {
        this.set = set;
        this.admin = admin;
        this.rates = rates;
        this.snapshot = snapshot;
        this.clock = clock;
        this.faults = faults;
    }

    public synchronized void start(long intervalMillis) {
        worker = DutyCycleWorker.periodic("console-stats-" + set, clock, intervalMillis, this::sampleWatched, faults)
                .start();
    }

    /** The figures of {@code topic}, watching it from now on (sampled now when it was not watched yet). */
    public Figures topic(String topic) {
        return look("topic:" + topic);
    }

    /** The figures of {@code group}, watching it from now on (sampled now when it was not watched yet). */
    public Figures group(String group) {
        return look("group:" + group);
    }

    private Figures look(String key) {
        boolean fresh = watched.put(key, clock.monotonicMillis()) == null;
        if (watched.size() > MAX_WATCHED) {
            watched.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .ifPresent(oldest -> {
                        watched.remove(oldest);
                        latest.remove(oldest);
                    });
        }
        Figures f = latest.get(key);
        return fresh || f == null ? sample(key, snapshot.get()) : f;
    }

    /** The keys sampled each round (for tests and the page). */
    public Set<String> watched() {
        return Set.copyOf(watched.keySet());
    }

    private void sampleWatched() {
        long now = clock.monotonicMillis();
        watched.entrySet().removeIf(e -> now - e.getValue() > WATCH_MILLIS);
        latest.keySet().retainAll(watched.keySet());
        rates.retain(k -> !k.startsWith("stats:") || watched.containsKey(k.substring(6, k.lastIndexOf(':'))));
        Snapshot snap = snapshot.get();
        for (String key : watched.keySet()) {
            sample(key, snap);
        }
    }

    private Figures sample(String key, Snapshot snap) {
        Figures f;
        try {
            f = key.startsWith("topic:") ? sampleTopic(key.substring(6), snap) : sampleGroup(key.substring(6), snap);
        } catch (RuntimeException e) {
            // Shown with the chart (the previous points stay) and counted.
            faults.record("console.stats_sample_failed", set + " " + key + ": " + e.getMessage());
            Figures before = latest.get(key);
            f = new Figures(before == null ? TrafficStats.NONE : before.in(),
                    before == null ? TrafficStats.NONE : before.out(), before == null ? Map.of() : before.parts(),
                    before == null ? 0 : before.sampledAt(), e.getMessage());
            latest.put(key, f);
            return f;
        }
        long t = clock.currentTimeMillis();
        if (key.startsWith("topic:")) {
            rates.gauge("stats:" + key + ":in", t, f.in().minuteTps());
            rates.gauge("stats:" + key + ":out", t, f.out().minuteTps());
        } else {
            rates.gauge("stats:" + key + ":consumed", t, f.out().minuteTps());
        }
        latest.put(key, f);
        return f;
    }

    private static List<String> masters(Snapshot snap, java.util.Collection<String> brokerGroups) {
        List<String> out = new ArrayList<>();
        for (Snapshot.BrokerState b : snap.brokers()) {
            if (b.brokerId() == 0 && b.reachable() && (brokerGroups == null || brokerGroups.contains(b.group()))) {
                out.add(b.address());
            }
        }
        return out;
    }

    private Figures sampleTopic(String topic, Snapshot snap) {
        Snapshot.TopicState ts = snap.topics().get(topic);
        List<String> masters = masters(snap, ts == null ? null : ts.brokerGroups());
        List<String> groups = snap.groups().values().stream().filter(g -> g.topics().contains(topic))
                .map(Snapshot.GroupState::name).sorted().limit(MAX_GROUPS_PER_TOPIC).toList();
        TrafficStats in = TrafficStats.NONE;
        TrafficStats out = TrafficStats.NONE;
        Map<String, Double> perGroup = new TreeMap<>();
        for (String m : masters) {
            in = in.plus(admin.trafficStats(m, AdminClient.STATS_TOPIC_PUT_NUMS, topic));
            for (String g : groups) {
                TrafficStats s = admin.trafficStats(m, AdminClient.STATS_GROUP_GET_NUMS, topic + "@" + g);
                out = out.plus(s);
                perGroup.merge(g, s.minuteTps(), Double::sum);
            }
        }
        return new Figures(in, out, perGroup, clock.currentTimeMillis(), null);
    }

    private Figures sampleGroup(String group, Snapshot snap) {
        Snapshot.GroupState gs = snap.groups().get(group);
        List<String> topics = new ArrayList<>(gs == null ? Set.of() : gs.topics());
        topics.add("%RETRY%" + group);
        TrafficStats out = TrafficStats.NONE;
        Map<String, Double> perTopic = new LinkedHashMap<>();
        for (String m : masters(snap, null)) {
            for (String t : topics) {
                TrafficStats s = admin.trafficStats(m, AdminClient.STATS_GROUP_GET_NUMS, t + "@" + group);
                out = out.plus(s);
                perTopic.merge(t, s.minuteTps(), Double::sum);
            }
        }
        return new Figures(TrafficStats.NONE, out, perTopic, clock.currentTimeMillis(), null);
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
