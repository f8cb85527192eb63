package io.ferrymq.console.alert.signal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.ClientConnection;
import io.ferrymq.client.admin.ConsumerConnections;
import io.ferrymq.client.admin.ConsumerProgress;
import io.ferrymq.client.admin.QueueProgress;
import io.ferrymq.console.alert.AlertSettings;
import io.ferrymq.console.alert.Condition;
import io.ferrymq.console.alert.Observation;
import io.ferrymq.console.alert.Rule;
import io.ferrymq.console.alert.RuleBook;
import io.ferrymq.console.alert.Target;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the figures of every condition from the console's cluster snapshots (the same figures the pages show: group
 * lag and online clients, DLQ depth, broker runtime info with disk ratio, replication and fault counters), plus a
 * few calls of its own over the admin client where a snapshot does not carry the figure: the store time of the
 * oldest unconsumed message of lagging groups (cached per queue offset), each master's {@code brokerRole}
 * (refreshed now and then) and the online consumers of groups (to name a group's last consumer). Owned by the alert
 * worker thread; a call that fails makes that figure unknown for the round and is counted.
 */
public final class ClusterSignals implements SignalSource {
    private static final Logger log = LoggerFactory.getLogger(ClusterSignals.class);
    /** A slave further behind than this is not in sync (RocketMQ's haMaxGapNotInSync, as the broker reports). */
    static final long IN_SYNC_MAX_GAP_BYTES = 256L * 1024 * 1024;
    private static final long FORGET_BROKER_MILLIS = 7L * 86_400_000;
    private static final int MAX_CACHED_STORE_TIMES = 20_000;

    private final Map<String, ClusterSet> sets;
    private final AlertSettings settings;
    private final Map<String, KnownBroker> knownBrokers = new TreeMap<>();
    private final Map<String, LastConsumer> lastConsumers = new TreeMap<>();
    private final Map<String, Long> consumersCheckedAt = new HashMap<>();
    private final Map<String, String> roles = new HashMap<>();
    private final Map<String, Long> rolesReadAt = new HashMap<>();
    private final Map<String, Long> storeTimes = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
            return size() > MAX_CACHED_STORE_TIMES;
        }
    };
    private final CounterWindows counters = new CounterWindows();
    private final SubscriptionCheck subscriptions = new SubscriptionCheck();
    private final AtomicLong callFailures = new AtomicLong();
    private volatile String lastCallFailure = "";
    private boolean memoryChanged;

    public ClusterSignals(Map<String, ClusterSet> sets, AlertSettings settings) {
        this.sets = sets;
        this.settings = settings;
    }

    @Override
    public Round collect(long now, RuleBook rules) {
        List<Observation> out = new ArrayList<>();
        Set<String> complete = new HashSet<>();
        Set<String> counterKeys = new HashSet<>();
        for (ClusterSet cs : sets.values()) {
            Snapshot s = cs.snapshot();
            if (s.takenAt() == 0) {
                continue; // no snapshot yet: nothing known, nothing resolves
            }
            if (!s.partial()) {
                complete.add(cs.name());
            }
            brokers(cs, s, now, rules, out, counterKeys);
            groups(cs, s, now, rules, out, counterKeys);
        }
        counters.retain(counterKeys);
        return new Round(out, complete);
    }

    // ------------------------------------------------------------------ brokers

    private void brokers(ClusterSet cs, Snapshot s, long now, RuleBook rules, List<Observation> out,
                         Set<String> counterKeys) {
        String set = cs.name();
        Map<String, Snapshot.BrokerState> present = new HashMap<>();
        Map<String, List<Snapshot.BrokerState>> byGroup = new TreeMap<>();
        for (Snapshot.BrokerState b : s.brokers()) {
            KnownBroker k = new KnownBroker(set, b.cluster(), b.group(), b.brokerId(), b.address(), now);
            memoryChanged |= knownBrokers.put(k.key(), k) == null;
            present.put(k.key(), b);
            byGroup.computeIfAbsent(b.group(), g -> new ArrayList<>()).add(b);
        }
        // brokers seen before and missing now (a week later they are forgotten: decommissioned)
        for (KnownBroker k : new ArrayList<>(knownBrokers.values())) {
            if (!k.set().equals(set)) {
                continue;
            }
            Target t = Target.broker(set, k.cluster(), k.brokerGroup(), k.address());
            if (present.containsKey(k.key())) {
                out.add(Observation.of(Condition.BROKER_MISSING, t, 0, Map.of("listed", "yes")));
            } else if (now - k.lastSeen() > FORGET_BROKER_MILLIS) {
                knownBrokers.remove(k.key());
                memoryChanged = true;
            } else {
                out.add(Observation.of(Condition.BROKER_MISSING, t, 1, Map.of(
                        "role", k.brokerId() == 0 ? "master" : "slave (id " + k.brokerId() + ")",
                        "lastListedAt", Long.toString(k.lastSeen()))));
            }
        }
        for (Snapshot.BrokerState b : s.brokers()) {
            Target t = Target.broker(set, b.cluster(), b.group(), b.address());
            if (!b.reachable()) {
                String why = "broker did not answer: " + b.error();
                out.add(Observation.unknown(Condition.DISK_RATIO, t, why));
                out.add(Observation.unknown(Condition.SYSTEM_BUSY, t, why));
                out.add(Observation.unknown(Condition.FAULTS_RISING, t, why));
                if (b.brokerId() != 0) {
                    out.add(Observation.unknown(Condition.SLAVE_LAG, t, why));
                }
                continue;
            }
            out.add(Observation.of(Condition.DISK_RATIO, t, b.diskRatio(), Map.of(
                    "commitLogDiskRatio", Double.toString(b.diskRatio()),
                    "storeDiskFull", b.runtime().getOrDefault("storeDiskFull", "?"))));
            if (b.brokerId() != 0) {
                Snapshot.BrokerState master = master(byGroup.get(b.group()));
                if (master == null || !master.reachable()) {
                    out.add(Observation.unknown(Condition.SLAVE_LAG, t, "the master's offset is unknown"));
                } else {
                    out.add(Observation.of(Condition.SLAVE_LAG, t, b.replicationLagBytes(), Map.of(
                            "lagBytes", Long.toString(b.replicationLagBytes()),
                            "masterMaxOffset", Long.toString(master.commitLogMaxOffset()),
                            "slaveMaxOffset", Long.toString(b.commitLogMaxOffset()),
                            "master", master.address())));
                }
            }
            String busy = b.runtime().get("systemBusyRejections");
            if (busy == null) {
                out.add(Observation.unknown(Condition.SYSTEM_BUSY, t,
                        "the broker does not report systemBusyRejections (older FerryMQ or another broker)"));
            } else {
                String key = "busy " + t.key();
                counterKeys.add(key);
                double rise = counters.rise(key, now, parse(busy), window(rules, Condition.SYSTEM_BUSY, t));
                out.add(Double.isNaN(rise) ? Observation.unknown(Condition.SYSTEM_BUSY, t, "first sample")
                        : Observation.of(Condition.SYSTEM_BUSY, t, rise, Map.of("systemBusyRejections", busy,
                        "sendThreadPoolQueueSize", b.runtime().getOrDefault("sendThreadPoolQueueSize", "?"),
                        "pullThreadPoolQueueSize", b.runtime().getOrDefault("pullThreadPoolQueueSize", "?"))));
            }
            faults(t, b, now, rules, out, counterKeys);
        }
        for (Map.Entry<String, List<Snapshot.BrokerState>> g : byGroup.entrySet()) {
            replication(cs, set, g.getKey(), g.getValue(), now, rules, out);
        }
    }

    private void faults(Target t, Snapshot.BrokerState b, long now, RuleBook rules, List<Observation> out,
                        Set<String> counterKeys) {
        long total = 0;
        long window = window(rules, Condition.FAULTS_RISING, t);
        Map<String, String> recent = new TreeMap<>();
        for (Map.Entry<String, String> e : b.runtime().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("fault.") || k.endsWith(".lastMessage") || k.endsWith(".lastTimeMillis")) {
                continue;
            }
            total += parse(e.getValue());
            long last = (long) parse(b.runtime().getOrDefault(k + ".lastTimeMillis", "0"));
            if (last >= now - window) {
                recent.put(k.substring(6), e.getValue() + " so far, last: "
                        + b.runtime().getOrDefault(k + ".lastMessage", ""));
            }
        }
        String key = "faults " + t.key();
        counterKeys.add(key);
        double rise = counters.rise(key, now, total, window);
        Map<String, String> ev = new LinkedHashMap<>(recent);
        ev.put("healthy", b.runtime().getOrDefault("healthy", "?"));
        ev.put("failingConditions", b.runtime().getOrDefault("failingConditions", ""));
        out.add(Double.isNaN(rise) ? Observation.unknown(Condition.FAULTS_RISING, t, "first sample")
                : Observation.of(Condition.FAULTS_RISING, t, rise, ev));
    }

    private void replication(ClusterSet cs, String set, String group, List<Snapshot.BrokerState> brokers, long now,
                             RuleBook rules, List<Observation> out) {
        Snapshot.BrokerState master = master(brokers);
        String cluster = brokers.get(0).cluster();
        Target t = Target.brokerGroup(set, cluster, group);
        if (master == null || !master.reachable()) {
            String why = master == null ? "the group has no master listed" : "the master did not answer";
            out.add(Observation.unknown(Condition.SLAVE_DISCONNECTED, t, why));
            out.add(Observation.unknown(Condition.SYNC_MASTER_NO_IN_SYNC_SLAVE, t, why));
            return;
        }
        List<String> knownSlaves = new ArrayList<>();
        for (KnownBroker k : knownBrokers.values()) {
            if (k.set().equals(set) && k.brokerGroup().equals(group) && k.brokerId() != 0) {
                knownSlaves.add(k.address());
            }
        }
        List<long[]> connected = haSlaves(master.runtime().getOrDefault("haSlaves", ""));
        long inSync = connected.stream().filter(x -> x[0] < IN_SYNC_MAX_GAP_BYTES).count();
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("master", master.address());
        ev.put("knownSlaves", String.join(",", knownSlaves));
        ev.put("connectedSlaves", Integer.toString(connected.size()));
        ev.put("inSyncSlaves", Long.toString(inSync));
        out.add(Observation.of(Condition.SLAVE_DISCONNECTED, t, Math.max(0, knownSlaves.size() - connected.size()),
                ev));
        Rule syncRule = rules.ruleFor(Condition.SYNC_MASTER_NO_IN_SYNC_SLAVE, t);
        if (syncRule == null || !syncRule.enabled()) {
            return;
        }
        String role = role(cs.admin(), master.address(), now);
        if (role == null) {
            out.add(Observation.unknown(Condition.SYNC_MASTER_NO_IN_SYNC_SLAVE, t, "brokerRole not readable"));
            return;
        }
        Map<String, String> sev = new LinkedHashMap<>(ev);
        sev.put("brokerRole", role);
        out.add(Observation.of(Condition.SYNC_MASTER_NO_IN_SYNC_SLAVE, t,
                role.equals("SYNC_MASTER") && inSync == 0 ? 1 : 0, sev));
    }

    /** "addr ackOffset lagBytes lagMillis;..." → [lagBytes, lagMillis] per connected slave. */
    static List<long[]> haSlaves(String text) {
        List<long[]> out = new ArrayList<>();
        for (String s : text.split(";")) {
            String[] f = s.trim().split(" ");
            if (f.length >= 4) {
                try {
                    out.add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                } catch (NumberFormatException e) {
                    out.add(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
                }
            }
        }
        return out;
    }

    private String role(AdminClient admin, String masterAddr, long now) {
        Long at = rolesReadAt.get(masterAddr);
        if (at == null || now - at >= settings.get(AlertSettings.ROLE_REFRESH)) {
            try {
                roles.put(masterAddr, admin.brokerConfig(masterAddr).getOrDefault("brokerRole", "?"));
                rolesReadAt.put(masterAddr, now);
            } catch (RuntimeException e) {
                failed("brokerRole of " + masterAddr, e);
            }
        }
        return roles.get(masterAddr);
    }

    private static Snapshot.BrokerState master(List<Snapshot.BrokerState> brokers) {
        if (brokers == null) {
            return null;
        }
        for (Snapshot.BrokerState b : brokers) {
            if (b.brokerId() == 0) {
                return b;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ groups

    private void groups(ClusterSet cs, Snapshot s, long now, RuleBook rules, List<Observation> out,
                        Set<String> counterKeys) {
        String set = cs.name();
        String cluster = s.clusters().size() == 1 ? s.clusters().keySet().iterator().next() : "";
        int[] lookups = {settings.get(AlertSettings.LAG_LOOKUPS)};
        int[] subscriptionCalls = {settings.get(AlertSettings.SUBSCRIPTION_CHECKS)};
        for (Snapshot.GroupState g : s.groups().values()) {
            if (g.system()) {
                continue;
            }
            Target t = Target.group(set, cluster, g.name(), g.topics());
            if (g.stale()) {
                String why = "the group's progress did not answer: " + g.error();
                for (Condition c : List.of(Condition.GROUP_BACKLOG, Condition.GROUP_LAG_SECONDS,
                        Condition.BACKLOG_NO_CONSUMER, Condition.CONSUMER_STUCK, Condition.DLQ_GROWING,
                        Condition.OFFSET_AHEAD, Condition.SUBSCRIPTION_MISMATCH)) {
                    out.add(Observation.unknown(c, t, why));
                }
                continue;
            }
            Rule subRule = rules.ruleFor(Condition.SUBSCRIPTION_MISMATCH, t);
            noteConsumers(cs, g, now, subRule != null && subRule.enabled() ? subscriptionCalls : new int[] {0});
            LastConsumer last = lastConsumers.get(set + "/" + g.name());
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("backlog", Long.toString(g.lag()));
            ev.put("topics", String.join(",", g.topics()));
            ev.put("onlineConsumers", Integer.toString(g.onlineClients()));
            ev.put("consumeTps", String.format(java.util.Locale.ROOT, "%.1f", g.consumeTps()));
            if (last != null) {
                ev.put("lastConsumer", last.clientId());
                ev.put("lastConsumerAddress", last.clientAddr());
                ev.put("lastConsumerSeenAt", Long.toString(last.seenAt()));
            }
            out.add(Observation.of(Condition.GROUP_BACKLOG, t, g.lag(), ev));
            out.add(Observation.of(Condition.BACKLOG_NO_CONSUMER, t, g.onlineClients() == 0 ? g.lag() : 0, ev));
            out.add(Observation.of(Condition.CONSUMER_STUCK, t,
                    g.onlineClients() > 0 && g.consumeTps() <= 0 ? g.lag() : 0, ev));
            Map<String, String> aheadEv = new LinkedHashMap<>(ev);
            aheadEv.put("queuesAhead", Integer.toString(g.queuesAhead()));
            aheadEv.put("aheadQueues", String.join("; ", g.aheadQueues()));
            out.add(Observation.of(Condition.OFFSET_AHEAD, t, g.queuesAhead(), aheadEv));
            out.add(subscriptionMismatch(set + "/" + g.name(), g, t));
            Rule lagRule = rules.ruleFor(Condition.GROUP_LAG_SECONDS, t);
            if (lagRule != null && lagRule.enabled()) {
                out.add(lagSeconds(cs, s, g, t, now, lookups, ev));
            }
            String dlqKey = "dlq " + t.key();
            counterKeys.add(dlqKey);
            double rise = counters.rise(dlqKey, now, g.dlqDepth(), window(rules, Condition.DLQ_GROWING, t));
            out.add(Double.isNaN(rise) ? Observation.unknown(Condition.DLQ_GROWING, t, "first sample")
                    : Observation.of(Condition.DLQ_GROWING, t, rise, Map.of("dlqTopic", "%DLQ%" + g.name(),
                    "dlqDepth", Long.toString(g.dlqDepth()))));
        }
    }

    private Observation subscriptionMismatch(String key, Snapshot.GroupState g, Target t) {
        if (g.onlineClients() < 2) {
            subscriptions.forget(key);
            return Observation.of(Condition.SUBSCRIPTION_MISMATCH, t, 0,
                    Map.of("onlineConsumers", Integer.toString(g.onlineClients())));
        }
        SubscriptionCheck.Result r = subscriptions.result(key);
        return r == null ? Observation.unknown(Condition.SUBSCRIPTION_MISMATCH, t, "not asked yet")
                : Observation.of(Condition.SUBSCRIPTION_MISMATCH, t, r.differing(), r.evidence());
    }

    /**
     * Notes who consumes a group now and then, so a hint can name the last consumer once none is online, and asks
     * the members of groups with two or more for their subscriptions (within {@code subscriptionCalls}).
     */
    private void noteConsumers(ClusterSet cs, Snapshot.GroupState g, long now, int[] subscriptionCalls) {
        if (g.onlineClients() == 0) {
            return;
        }
        String key = cs.name() + "/" + g.name();
        Long at = consumersCheckedAt.get(key);
        if (at != null && now - at < settings.get(AlertSettings.CONSUMER_REFRESH)) {
            return;
        }
        consumersCheckedAt.put(key, now);
        try {
            ConsumerConnections cc = cs.admin().consumerConnections(g.name());
            ClientConnection first = cc.connections().stream()
                    .min(java.util.Comparator.comparing(ClientConnection::clientId)).orElse(null);
            if (first != null) {
                lastConsumers.put(key, new LastConsumer(cs.name(), g.name(), first.clientId(), first.clientAddr(),
                        cc.connections().size(), now));
                memoryChanged = true;
            }
            subscriptions.check(cs.admin(), key, g.name(), new ArrayList<>(cc.connections()), now, subscriptionCalls,
                    this::failed);
        } catch (RuntimeException e) {
            failed("consumers of " + g.name(), e);
        }
    }

    /** Age in seconds of the oldest unconsumed message of a lagging group (0 when it has no backlog). */
    private Observation lagSeconds(ClusterSet cs, Snapshot s, Snapshot.GroupState g, Target t, long now, int[] lookups,
                                   Map<String, String> groupEvidence) {
        if (g.lag() <= 0) {
            return Observation.of(Condition.GROUP_LAG_SECONDS, t, 0, groupEvidence);
        }
        long oldest = Long.MAX_VALUE;
        for (Snapshot.BrokerState b : s.brokers()) {
            if (b.brokerId() != 0 || !b.reachable()) {
                continue;
            }
            ConsumerProgress p;
            if (lookups[0]-- <= 0) {
                return Observation.unknown(Condition.GROUP_LAG_SECONDS, t,
                        "alert.maxLagLookupsPerRound reached this round");
            }
            try {
                p = cs.admin().consumeStatsOn(b.address(), g.name(), null);
            } catch (RuntimeException e) {
                if (e instanceof io.ferrymq.client.BrokerException be && (be.code() == ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST
                        || be.code() == ResponseCode.TOPIC_NOT_EXIST)) {
                    continue; // the group is not on this broker
                }
                failed("progress of " + g.name() + " on " + b.address(), e);
                return Observation.unknown(Condition.GROUP_LAG_SECONDS, t, "progress call failed: " + e.getMessage());
            }
            for (Map.Entry<MessageQueue, QueueProgress> q : p.queues().entrySet()) {
                if (q.getValue().lag() <= 0 || q.getKey().topic().startsWith("%RETRY%")) {
                    continue;
                }
                long offset = Math.max(0, q.getValue().consumerOffset());
                String cacheKey = q.getKey() + "@" + offset;
                Long time = storeTimes.get(cacheKey);
                if (time == null) {
                    if (lookups[0]-- <= 0) {
                        return Observation.unknown(Condition.GROUP_LAG_SECONDS, t,
                                "alert.maxLagLookupsPerRound reached this round");
                    }
                    try {
                        ReceivedMessage m = cs.admin().queryMessageByOffset(q.getKey(), offset);
                        time = m == null ? -1L : m.storeTimestamp();
                    } catch (RuntimeException e) {
                        failed("store time of " + q.getKey() + "@" + offset, e);
                        time = -1L;
                    }
                    if (time > 0) {
                        storeTimes.put(cacheKey, time);
                    }
                }
                if (time > 0) {
                    oldest = Math.min(oldest, time);
                }
            }
        }
        if (oldest == Long.MAX_VALUE) {
            return Observation.unknown(Condition.GROUP_LAG_SECONDS, t, "no unconsumed message could be read");
        }
        Map<String, String> ev = new LinkedHashMap<>(groupEvidence);
        ev.put("oldestUnconsumedStoredAt", Long.toString(oldest));
        return Observation.of(Condition.GROUP_LAG_SECONDS, t, Math.max(0, now - oldest) / 1000.0, ev);
    }

    // ------------------------------------------------------------------ helpers

    private static long window(RuleBook rules, Condition c, Target t) {
        Rule r = rules.ruleFor(c, t);
        long seconds = r == null ? c.defaultWindowSeconds() : r.windowSeconds();
        return Math.max(1, seconds) * 1000;
    }

    private static double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private void failed(String what, RuntimeException e) {
        callFailures.incrementAndGet();
        lastCallFailure = what + ": " + e.getMessage();
        log.debug("alert signal call failed: {}: {}", what, e.toString());
    }

    @Override
    public long callFailures() {
        return callFailures.get();
    }

    public String lastCallFailure() {
        return lastCallFailure;
    }

    // ------------------------------------------------------------------ memory kept in the state file

    @Override
    public List<KnownBroker> knownBrokers() {
        return List.copyOf(knownBrokers.values());
    }

    @Override
    public List<LastConsumer> lastConsumers() {
        return List.copyOf(lastConsumers.values());
    }

    @Override
    public void restore(List<KnownBroker> brokers, List<LastConsumer> consumers) {
        brokers.forEach(b -> knownBrokers.put(b.key(), b));
        consumers.forEach(c -> lastConsumers.put(c.key(), c));
    }

    @Override
    public boolean takeMemoryChanged() {
        boolean c = memoryChanged;
        memoryChanged = false;
        return c;
    }
}
