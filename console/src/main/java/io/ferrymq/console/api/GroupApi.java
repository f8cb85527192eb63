package io.ferrymq.console.api;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.ClientConnection;
import io.ferrymq.client.admin.ConsumerConnections;
import io.ferrymq.client.admin.QueueProgress;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups: paged search, detail (online clients, lag per queue in messages and seconds), offset reset to
 * earliest / latest / a timestamp / exact queue offsets with a preview and an undo of the last reset, "skip
 * backlog", and deleting a group with no online consumer together with its retry and DLQ topics.
 *
 * <p>A reset of a group with online consumers goes through the broker (INVOKE_BROKER_TO_RESET_OFFSET), which
 * also tells the consumers; exact offsets and undo are committed directly and so are refused while consumers are
 * online (they would commit their own positions over them). Every reset is read back and the answer says per queue
 * whether the broker now holds the target.
 */
public final class GroupApi {
    /** The offsets a reset replaced (per topic, per "broker:queueId"), to undo it. */
    record Undo(String user, long time, Map<String, Map<String, Long>> before) {
    }

    private final Map<String, ClusterSet> sets;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Undo> undo = new ConcurrentHashMap<>();

    public GroupApi(Map<String, ClusterSet> sets, AuditLog audit, Clock clock) {
        this.sets = sets;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/sets/{set}/groups", this::list, Access.VIEWER);
        app.get("/api/sets/{set}/groups/{group}", this::detail, Access.VIEWER);
        app.get("/api/sets/{set}/groups/{group}/charts", this::charts, Access.VIEWER);
        app.post("/api/sets/{set}/groups/{group}/reset/preview", ctx -> ctx.json(Map.of("queues",
                plan(Sets.of(sets, ctx), existing(ctx), Body.of(ctx)).rows())), Access.VIEWER);
        app.post("/api/sets/{set}/groups/{group}/reset", this::reset, Access.OPERATOR);
        app.post("/api/sets/{set}/groups/{group}/skip-backlog", this::skipBacklog, Access.OPERATOR);
        app.post("/api/sets/{set}/groups/{group}/reset/undo", this::undo, Access.OPERATOR);
        app.get("/api/sets/{set}/groups/{group}/reset/undo", this::undoInfo, Access.VIEWER);
        app.delete("/api/sets/{set}/groups/{group}", this::delete, Access.ADMIN);
    }

    private void list(Context ctx) {
        Snapshot snap = Sets.of(sets, ctx).snapshot();
        String q = ctx.queryParam("q");
        String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
        boolean system = "true".equals(ctx.queryParam("system"));
        boolean offlineOnly = "true".equals(ctx.queryParam("offline"));
        List<Snapshot.GroupState> all = new ArrayList<>();
        for (Snapshot.GroupState g : snap.groups().values()) {
            if ((system || !g.system()) && g.name().toLowerCase(Locale.ROOT).contains(needle)
                    && (!offlineOnly || g.onlineClients() == 0)) {
                all.add(g);
            }
        }
        Map<String, Object> page = new LinkedHashMap<>(Sets.page(all, Sets.intParam(ctx, "page", 0, 0, 1_000_000),
                Sets.intParam(ctx, "size", 50, 1, 500)));
        page.put("takenAt", snap.takenAt());
        page.put("partial", snap.partial());
        ctx.json(page);
    }

    private String existing(Context ctx) {
        String g = ctx.pathParam("group");
        ClusterSet s = Sets.of(sets, ctx);
        if (s.snapshot().groups().containsKey(g)) {
            return g;
        }
        for (String m : masters(s)) {
            if (s.admin().subscriptionGroups(m).contains(g)) {
                return g;
            }
        }
        throw ApiException.notFound("consumer group " + g + " does not exist in set " + s.name());
    }

    private static List<String> masters(ClusterSet s) {
        List<String> out = new ArrayList<>();
        for (Snapshot.BrokerState b : s.snapshot().brokers()) {
            if (b.brokerId() == 0 && b.reachable()) {
                out.add(b.address());
            }
        }
        return out;
    }

    private static String key(MessageQueue q) {
        return q.brokerName() + ":" + q.queueId();
    }

    /** Reachable slaves of the broker group whose master is {@code master}. */
    private static List<String> slavesOf(ClusterSet s, String master) {
        String group = null;
        for (Snapshot.BrokerState b : s.snapshot().brokers()) {
            if (b.address().equals(master)) {
                group = b.group();
            }
        }
        List<String> out = new ArrayList<>();
        for (Snapshot.BrokerState b : s.snapshot().brokers()) {
            if (b.group().equals(group) && b.brokerId() != 0 && b.reachable()) {
                out.add(b.address());
            }
        }
        return out;
    }

    private static int online(ClusterSet s, String group) {
        Set<String> ids = new TreeSet<>();
        for (String m : masters(s)) {
            try {
                ids.addAll(s.admin().consumerIdsOn(m, group));
            } catch (RuntimeException e) {
                // not connected there
            }
        }
        return ids.size();
    }

    private void detail(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String group = existing(ctx);
        AdminClient admin = s.admin();
        long now = clock.millis();
        List<Map<String, Object>> queues = new ArrayList<>();
        for (String m : masters(s)) {
            Map<MessageQueue, QueueProgress> qs;
            try {
                qs = admin.consumeStatsOn(m, group, null).queues();
            } catch (RuntimeException e) {
                continue;
            }
            for (Map.Entry<MessageQueue, QueueProgress> e : qs.entrySet()) {
                QueueProgress p = e.getValue();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", e.getKey().topic());
                row.put("broker", e.getKey().brokerName());
                row.put("queueId", e.getKey().queueId());
                row.put("brokerOffset", p.brokerOffset());
                row.put("consumerOffset", p.consumerOffset());
                row.put("lag", p.lag());
                long lagSeconds = 0;
                if (p.lag() > 0 && queues.size() < 256) {
                    try {
                        List<ReceivedMessage> first = admin.browse(m, e.getKey(), Math.max(0, p.consumerOffset()), 1);
                        if (!first.isEmpty()) {
                            lagSeconds = Math.max(0, (now - first.get(0).storeTimestamp()) / 1000);
                        }
                    } catch (RuntimeException ex) {
                        lagSeconds = -1;
                    }
                }
                row.put("lagSeconds", lagSeconds);
                queues.add(row);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", group);
        out.put("queues", queues);
        List<Map<String, Object>> clients = new ArrayList<>();
        Map<String, String> subscriptions = Map.of();
        try {
            ConsumerConnections cc = admin.consumerConnections(group);
            for (ClientConnection c : cc.connections()) {
                clients.add(Map.of("clientId", c.clientId(), "address", c.clientAddr(),
                        "language", String.valueOf(c.language()), "version", c.version()));
            }
            subscriptions = cc.subscriptions();
        } catch (RuntimeException e) {
            // no online consumer (or no retry topic yet): shown as none
        }
        out.put("clients", clients);
        out.put("subscriptions", subscriptions);
        out.put("consumeTps", s.rates().latest("group:" + group + ":consumed"));
        out.put("chart", s.rates().points("group:" + group + ":lag"));
        Undo u = undo.get(s.name() + "/" + group);
        out.put("undoAvailable", u != null);
        ctx.json(out);
    }

    /**
     * The group's consumption from the brokers' statistics (per second over the last minute and hour, day total,
     * per topic) with its chart since first looked at, and its lag over the last hour (from the snapshots).
     */
    private void charts(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String group = existing(ctx);
        io.ferrymq.console.cluster.TrafficCharts.Figures f = s.traffic().group(group);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("consumed", f.out());
        m.put("consumedByTopic", f.parts());
        m.put("sampledAt", f.sampledAt());
        m.put("error", f.error());
        m.put("consumedPoints", s.rates().points("stats:group:" + group + ":consumed"));
        m.put("lagPoints", s.rates().points("group:" + group + ":lag"));
        ctx.json(m);
    }

    /** A computed reset: per queue the current and the target offset. */
    record Plan(String topic, Map<MessageQueue, String> brokerOf, Map<MessageQueue, Long> current,
                Map<MessageQueue, Long> target, String mode, long timestamp) {
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<MessageQueue, Long> e : target.entrySet()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("broker", e.getKey().brokerName());
                m.put("queueId", e.getKey().queueId());
                m.put("current", current.getOrDefault(e.getKey(), -1L));
                m.put("target", e.getValue());
                out.add(m);
            }
            return out;
        }
    }

    private Plan plan(ClusterSet s, String group, Body b) {
        String topic = b.str("topic");
        String mode = b.str("mode").toLowerCase(Locale.ROOT);
        long ts = -1;
        Map<String, Long> exact = new TreeMap<>();
        switch (mode) {
            case "earliest", "latest" -> { }
            case "timestamp" -> ts = b.num("timestamp", 0, Long.MAX_VALUE);
            case "offset" -> {
                Object o = b.json().get("offsets");
                if (!(o instanceof List<?> l) || l.isEmpty()) {
                    throw ApiException.badRequest("mode offset needs 'offsets': [{broker, queueId, offset}]");
                }
                for (Object x : l) {
                    if (!(x instanceof Map<?, ?> m) || !(m.get("queueId") instanceof Number qid)
                            || !(m.get("offset") instanceof Number off) || m.get("broker") == null) {
                        throw ApiException.badRequest("each of 'offsets' needs broker, queueId and offset");
                    }
                    exact.put(m.get("broker") + ":" + qid.intValue(), off.longValue());
                }
            }
            default -> throw ApiException.badRequest("mode must be earliest, latest, timestamp or offset, got '"
                    + mode + "'");
        }
        AdminClient admin = s.admin();
        Positions pos = positions(s, group, topic);
        Map<MessageQueue, Long> target = new TreeMap<>();
        for (Map.Entry<MessageQueue, QueueStats> e : pos.stats().entrySet()) {
            MessageQueue q = e.getKey();
            long cur = pos.current().get(q);
            if (mode.equals("offset") && !exact.containsKey(key(q))) {
                continue; // exact offsets touch only the queues named
            }
            long t = switch (mode) {
                case "earliest" -> e.getValue().minOffset();
                case "latest" -> e.getValue().maxOffset();
                case "timestamp" -> admin.searchOffset(pos.brokerOf().get(q), q, ts);
                default -> exact.remove(key(q));
            };
            if (mode.equals("offset") && (t < e.getValue().minOffset() || t > e.getValue().maxOffset()) && t != cur) {
                throw ApiException.badRequest("offset " + t + " of " + key(q) + " is outside ["
                        + e.getValue().minOffset() + ", " + e.getValue().maxOffset() + "]");
            }
            target.put(q, Math.max(0, t));
        }
        if (!exact.isEmpty()) {
            throw ApiException.badRequest("no such queue(s) of " + topic + ": " + exact.keySet());
        }
        return new Plan(topic, pos.brokerOf(), pos.current(), target, mode, ts);
    }

    /** Where each queue of {@code topic} lives, its bounds and the group's committed offset (-1 when none). */
    record Positions(Map<MessageQueue, String> brokerOf, Map<MessageQueue, QueueStats> stats,
                     Map<MessageQueue, Long> current) {
    }

    private static Positions positions(ClusterSet s, String group, String topic) {
        AdminClient admin = s.admin();
        Map<MessageQueue, String> brokerOf = new TreeMap<>();
        Map<MessageQueue, QueueStats> all = new TreeMap<>();
        Map<MessageQueue, Long> current = new TreeMap<>();
        for (String m : masters(s)) {
            Map<MessageQueue, QueueStats> stats;
            try {
                stats = admin.topicStatsOn(m, topic);
            } catch (RuntimeException e) {
                continue;
            }
            Map<MessageQueue, QueueProgress> progress = Map.of();
            try {
                progress = admin.consumeStatsOn(m, group, topic).queues();
            } catch (RuntimeException e) {
                // no offsets yet
            }
            for (Map.Entry<MessageQueue, QueueStats> e : stats.entrySet()) {
                QueueProgress p = progress.get(e.getKey());
                brokerOf.put(e.getKey(), m);
                all.put(e.getKey(), e.getValue());
                current.put(e.getKey(), p == null ? -1 : p.consumerOffset());
            }
        }
        if (all.isEmpty()) {
            throw ApiException.notFound("topic " + topic + " does not exist on any master of set " + s.name());
        }
        return new Positions(brokerOf, all, current);
    }

    private void reset(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String group = existing(ctx);
        Plan plan = plan(s, group, Body.of(ctx));
        Applied a = apply(ctx, s, group, plan, "group.resetOffset");
        undo.put(s.name() + "/" + group, new Undo(AuthApi.user(ctx), clock.millis(),
                Map.of(plan.topic(), a.before())));
        s.snapshots().refreshNow();
        ctx.json(a.view());
    }

    /**
     * "Skip backlog": every topic the group consumes (or the one named) reset to its latest offsets in one action,
     * each read back; one undo restores them all.
     */
    private void skipBacklog(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String group = existing(ctx);
        String only = ctx.body().isBlank() ? null : Body.of(ctx).optStr("topic", null);
        Set<String> topics = new TreeSet<>();
        if (only != null) {
            topics.add(only);
        } else {
            for (String m : masters(s)) {
                try {
                    s.admin().consumeStatsOn(m, group, null).queues().keySet().forEach(q -> topics.add(q.topic()));
                } catch (io.ferrymq.client.BrokerException e) {
                    // the group holds nothing on this broker
                }
            }
            topics.removeIf(t -> t.startsWith("%RETRY%") || t.startsWith("%DLQ%"));
        }
        if (topics.isEmpty()) {
            throw ApiException.conflict("group " + group + " has no consumed topic with offsets to skip");
        }
        Map<String, Map<String, Long>> before = new TreeMap<>();
        Map<String, Object> byTopic = new LinkedHashMap<>();
        boolean allApplied = true;
        for (String t : topics) {
            Positions pos = positions(s, group, t);
            Map<MessageQueue, Long> target = new TreeMap<>();
            pos.stats().forEach((q, st) -> target.put(q, st.maxOffset()));
            Applied a = apply(ctx, s, group, new Plan(t, pos.brokerOf(), pos.current(), target, "latest", -1),
                    "group.skipBacklog");
            before.put(t, a.before());
            byTopic.put(t, a.view());
            allApplied &= a.applied();
        }
        undo.put(s.name() + "/" + group, new Undo(AuthApi.user(ctx), clock.millis(), before));
        s.snapshots().refreshNow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", allApplied);
        out.put("topics", byTopic);
        ctx.json(out);
    }

    /** What a reset did: the offsets it replaced and the answer (per queue before, target, after, applied). */
    record Applied(boolean applied, Map<String, Long> before, Map<String, Object> view) {
    }

    private Applied apply(Context ctx, ClusterSet s, String group, Plan plan, String action) {
        int online = online(s, group);
        boolean viaBroker = online > 0;
        if (viaBroker && (plan.mode().equals("offset") || plan.mode().equals("undo"))) {
            throw ApiException.conflict("group " + group + " has " + online + " online consumer(s); exact offsets and "
                    + "undo are committed directly and the consumers would overwrite them: stop them first, or reset "
                    + "to earliest, latest or a timestamp");
        }
        Map<String, Long> before = new TreeMap<>();
        plan.current().forEach((q, o) -> before.put(key(q), o));
        Map<String, Long> wanted = new TreeMap<>();
        plan.target().forEach((q, o) -> wanted.put(key(q), o));
        String target = s.name() + "/" + group + "/" + plan.topic();
        Map<MessageQueue, Long> now = new TreeMap<>();
        try {
            if (viaBroker) {
                long ts = switch (plan.mode()) {
                    case "earliest" -> 0;
                    case "latest" -> -1;
                    default -> plan.timestamp();
                };
                for (String m : new TreeSet<>(plan.brokerOf().values())) {
                    s.admin().resetOffsetOn(m, group, plan.topic(), ts);
                }
            }
            // Slaves keep the larger of their and their master's offsets and push theirs back to the master, so
            // a reset to an earlier point is also committed on every slave; then everything is read back, and
            // written again (at most 3 rounds) where a slave's periodic sync raced with it.
            for (int round = 0; round < 3; round++) {
                for (Map.Entry<MessageQueue, Long> e : plan.target().entrySet()) {
                    String master = plan.brokerOf().get(e.getKey());
                    if (!viaBroker || round > 0) {
                        s.admin().commitOffset(master, group, e.getKey(), e.getValue());
                    }
                    for (String slave : slavesOf(s, master)) {
                        try {
                            s.admin().commitOffset(slave, group, e.getKey(), e.getValue());
                        } catch (io.ferrymq.client.BrokerException ex) {
                            // A slave that has not synced the topic yet holds no offsets of it to push back.
                            if (ex.code() != io.ferrymq.remoting.protocol.ResponseCode.TOPIC_NOT_EXIST) {
                                throw ex;
                            }
                        }
                    }
                }
                now.clear();
                boolean slavesAgree = true;
                for (String m : new TreeSet<>(plan.brokerOf().values())) {
                    s.admin().consumeStatsOn(m, group, plan.topic()).queues()
                            .forEach((q, p) -> now.put(q, p.consumerOffset()));
                    for (String slave : slavesOf(s, m)) {
                        Map<MessageQueue, QueueProgress> onSlave;
                        try {
                            onSlave = s.admin().consumeStatsOn(slave, group, plan.topic()).queues();
                        } catch (io.ferrymq.client.BrokerException ex) {
                            continue; // topic or group not synced to this slave yet: nothing to push back
                        }
                        for (Map.Entry<MessageQueue, QueueProgress> e : onSlave.entrySet()) {
                            Long want = plan.target().get(e.getKey());
                            slavesAgree &= want == null || want == e.getValue().consumerOffset();
                        }
                    }
                }
                boolean masterAgrees = plan.target().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(now.get(e.getKey())));
                if (masterAgrees && slavesAgree) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), action, target, before, wanted, "failed: " + e.getMessage());
            throw e;
        }
        // Read back: a reset that did nothing must not look like a success.
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean allApplied = true;
        for (Map.Entry<MessageQueue, Long> e : plan.target().entrySet()) {
            long after = now.getOrDefault(e.getKey(), -1L);
            boolean applied = after == e.getValue();
            allApplied &= applied;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("broker", e.getKey().brokerName());
            row.put("queueId", e.getKey().queueId());
            row.put("before", plan.current().get(e.getKey()));
            row.put("target", e.getValue());
            row.put("after", after);
            row.put("applied", applied);
            rows.add(row);
        }
        String result = allApplied ? "ok" : "failed: some queues do not hold the target offset (see after)";
        audit.record(AuthApi.user(ctx), action, target, before, wanted, result);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", allApplied);
        out.put("viaBroker", viaBroker);
        out.put("queues", rows);
        return new Applied(allApplied, before, out);
    }

    private void undoInfo(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Undo u = undo.get(s.name() + "/" + ctx.pathParam("group"));
        if (u == null) {
            throw ApiException.notFound("no reset of group " + ctx.pathParam("group") + " to undo");
        }
        ctx.json(u);
    }

    private void undo(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String group = existing(ctx);
        Undo u = undo.get(s.name() + "/" + group);
        if (u == null) {
            throw ApiException.notFound("no reset of group " + group + " to undo");
        }
        boolean allApplied = true;
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean viaBroker = false;
        for (Map.Entry<String, Map<String, Long>> t : u.before().entrySet()) {
            Positions full = positions(s, group, t.getKey());
            Map<MessageQueue, Long> target = new TreeMap<>();
            full.current().forEach((q, cur) -> {
                Long b = t.getValue().get(key(q));
                if (b != null && b >= 0) {
                    target.put(q, b);
                }
            });
            Applied a = apply(ctx, s, group, new Plan(t.getKey(), full.brokerOf(), full.current(), target, "undo", -1),
                    "group.resetOffset.undo");
            allApplied &= a.applied();
            viaBroker |= (Boolean) a.view().get("viaBroker");
            for (Object r : (List<?>) a.view().get("queues")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = new LinkedHashMap<>((Map<String, Object>) r);
                row.put("topic", t.getKey());
                rows.add(row);
            }
        }
        undo.remove(s.name() + "/" + group);
        s.snapshots().refreshNow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", allApplied);
        out.put("viaBroker", viaBroker);
        out.put("queues", rows);
        ctx.json(out);
    }

    private void delete(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String group = existing(ctx);
        if (!group.equals(ctx.queryParam("confirm"))) {
            throw ApiException.badRequest("deleting needs ?confirm=" + group);
        }
        int online = online(s, group);
        if (online > 0) {
            throw ApiException.conflict("group " + group + " has " + online + " online consumer(s); only groups with "
                    + "no online consumer can be deleted");
        }
        Snapshot snap = s.snapshot();
        Snapshot.GroupState before = snap.groups().get(group);
        List<String> removed = new ArrayList<>();
        List<String> back = List.of();
        List<String> slaveErrors = new ArrayList<>();
        try {
            for (String cluster : snap.clusters().keySet()) {
                for (String t : List.of("%RETRY%" + group, "%DLQ%" + group)) {
                    if (snap.topics().containsKey(t)) {
                        s.admin().deleteTopic(cluster, t);
                        removed.add(t);
                    }
                }
            }
            // The masters first, then the slaves: a slave pushes offsets its master lacks back to it, which would
            // bring the group back. Read back from the masters, and once more if a push slipped in between.
            for (int round = 0; round < 3; round++) {
                for (String cluster : snap.clusters().keySet()) {
                    s.admin().deleteSubscriptionGroup(cluster, group);
                }
                for (Snapshot.BrokerState b : snap.brokers()) {
                    if (b.brokerId() != 0 && b.reachable()) {
                        try {
                            s.admin().deleteSubscriptionGroupOn(b.address(), group);
                        } catch (io.ferrymq.client.ClientException e) {
                            slaveErrors.add(b.address() + ": " + e.getMessage());
                        }
                    }
                }
                back = masters(s).stream().filter(m -> s.admin().subscriptionGroups(m).contains(group)).toList();
                if (back.isEmpty()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "group.delete", s.name() + "/" + group, before, removed,
                    "failed: " + e.getMessage());
            throw e;
        }
        if (!back.isEmpty()) {
            audit.record(AuthApi.user(ctx), "group.delete", s.name() + "/" + group, before, removed,
                    "failed: still on " + back);
            throw new ApiException(502, "group " + group + " is still on " + back + " after deleting it on every "
                    + "master and slave three times; something keeps creating it (a consumer or a slave's offsets)"
                    + (slaveErrors.isEmpty() ? "" : "; slaves that refused: " + slaveErrors));
        }
        audit.record(AuthApi.user(ctx), "group.delete", s.name() + "/" + group, before, removed, "ok");
        s.snapshots().refreshNow();
        ctx.json(Map.of("deleted", group, "topicsDeleted", removed));
    }
}
