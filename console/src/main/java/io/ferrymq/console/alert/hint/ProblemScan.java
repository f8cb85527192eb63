package io.ferrymq.console.alert.hint;

import io.ferrymq.console.cluster.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Problems the hints point out from a snapshot that are not alert conditions (they may be intended): a topic
 * present on only some masters of a cluster. Stateless and thread-safe.
 */
public final class ProblemScan {
    private ProblemScan() {
    }

    /** The cards for {@code s} (empty when nothing looks wrong). */
    public static List<Hint> scan(Snapshot s) {
        List<Hint> out = new ArrayList<>();
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
        return out;
    }
}
