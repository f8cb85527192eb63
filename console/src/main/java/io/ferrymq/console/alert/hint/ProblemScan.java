package io.ferrymq.console.alert.hint;

import io.ferrymq.console.cluster.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Problems the hints point out from a snapshot that are not alert conditions (they may be intended, so they do
 * not notify): a topic present on only some masters of a cluster, and consumers reading from a slave while its
 * master is up (the master's read suggestion, for consumers far behind). Stateless and thread-safe.
 */
public final class ProblemScan {
    private ProblemScan() {
    }

    /** The cards for {@code s} (empty when nothing looks wrong). */
    public static List<Hint> scan(Snapshot s) {
        List<Hint> out = new ArrayList<>();
        topicsOnSomeMasters(s, out);
        slaveReads(s, out);
        return out;
    }

    private static void topicsOnSomeMasters(Snapshot s, List<Hint> out) {
        for (Snapshot.TopicState t : s.topics().values()) {
            if (t.system() || t.stale() || t.brokerGroups().isEmpty()) {
                continue;
            }
            for (Map.Entry<String, Set<String>> c : s.clusters().entrySet()) {
                Set<String> groups = c.getValue();
                Set<String> present = new TreeSet<>(t.brokerGroups());
                present.retainAll(groups);
                if (present.isEmpty() || present.size() == groups.size()) {
                    continue;
                }
                Set<String> missing = new TreeSet<>(groups);
                missing.removeAll(present);
                String enc = java.net.URLEncoder.encode(t.name(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20");
                out.add(new Hint("topic-on-some-masters", "Topic " + t.name() + " is on only some masters of "
                        + c.getKey(), "Topic " + t.name() + " has queues on " + present + " but not on " + missing
                        + " of cluster " + c.getKey() + ".",
                        List.of("on " + present.size() + " of " + groups.size() + " broker groups",
                                "missing on " + missing),
                        "It was created on chosen broker groups, or a broker group was added later, or a create "
                                + "failed on some masters.",
                        "If it should be spread over the whole cluster, create it on the missing groups (Topics "
                                + "page, same queue count); if the placement is intended, nothing to do.",
                        List.of(new Hint.Action("Open topic " + t.name(), "#/topics/" + enc))));
            }
        }
    }

    /**
     * A slave serving pulls while its master answers: the master tells a consumer to read from a slave
     * (suggestWhichBrokerId) when the consumer's next message is further behind the commit log's end than
     * accessMessageInMemoryMaxRatio % of the master's memory, so the catch-up does not evict the master's page cache.
     */
    private static void slaveReads(Snapshot s, List<Hint> out) {
        Map<String, Snapshot.BrokerState> masters = new java.util.HashMap<>();
        for (Snapshot.BrokerState b : s.brokers()) {
            if (b.brokerId() == 0) {
                masters.put(b.group(), b);
            }
        }
        List<Snapshot.GroupState> behind = s.groups().values().stream()
                .filter(g -> !g.system() && g.lag() > 0 && g.onlineClients() > 0)
                .sorted(java.util.Comparator.comparingLong(Snapshot.GroupState::lag).reversed()).limit(3).toList();
        for (Snapshot.BrokerState b : s.brokers()) {
            Snapshot.BrokerState m = masters.get(b.group());
            if (b.brokerId() == 0 || !b.reachable() || b.consumeTps() <= 0 || m == null || !m.reachable()) {
                continue;
            }
            List<String> ev = new ArrayList<>();
            ev.add(String.format(java.util.Locale.ROOT, "slave %s serves %.1f msg/s to consumers; master %s %.1f msg/s",
                    b.address(), b.consumeTps(), m.address(), m.consumeTps()));
            ev.add("slave " + b.replicationLagBytes() + " bytes behind the master");
            ev.add(behind.isEmpty() ? "no group with consumers online has a backlog now (the catch-up may be over)"
                    : "groups behind with consumers online: " + String.join(", ", behind.stream()
                    .map(g -> g.name() + " (" + g.lag() + " messages)").toList()));
            List<Hint.Action> actions = new ArrayList<>();
            behind.stream().limit(1).forEach(g -> actions.add(new Hint.Action("Open group " + g.name(),
                    "#/groups/" + java.net.URLEncoder.encode(g.name(), java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20"))));
            actions.add(new Hint.Action("Brokers", "#/brokers"));
            out.add(new Hint("slave-read", "Consumers read from slave " + b.address() + " of " + b.group(),
                    "Master " + m.address() + " is up, yet consumers pull from its slave " + b.address() + ".",
                    List.copyOf(ev), "The master suggests a slave (suggestWhichBrokerId) to consumers whose next "
                    + "message is further behind the end of its commit log than accessMessageInMemoryMaxRatio % of "
                    + "its memory, so that their catch-up reads come from the slave's disk instead of evicting the "
                    + "master's page cache: those consumers are far behind.",
                    "Usually nothing to do while a backlog is being caught up. If it lasts, help the lagging groups "
                            + "catch up (more consumer instances or threads); the slave serves only what it has "
                            + "replicated, so watch slave-lag. slaveReadEnable=false on the master keeps all reads "
                            + "on the master.", List.copyOf(actions)));
        }
    }
}
