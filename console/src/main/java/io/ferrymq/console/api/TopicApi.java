package io.ferrymq.console.api;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.ConsumerProgress;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.client.admin.TopicRouteInfo;
import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Topics: server-side paged search over the snapshot, detail (queues, route, consuming groups), create on every
 * master of a cluster or on chosen broker groups, queue expand/shrink, delete with an impact preview.
 */
public final class TopicApi {
    private final Map<String, ClusterSet> sets;
    private final AuditLog audit;

    public TopicApi(Map<String, ClusterSet> sets, AuditLog audit) {
        this.sets = sets;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.get("/api/sets/{set}/topics", this::list, Access.VIEWER);
        app.get("/api/sets/{set}/topics/{topic}", this::detail, Access.VIEWER);
        app.post("/api/sets/{set}/topics", this::create, Access.ADMIN);
        app.put("/api/sets/{set}/topics/{topic}/queues", this::queues, Access.ADMIN);
        app.get("/api/sets/{set}/topics/{topic}/delete-preview", ctx -> ctx.json(impact(Sets.of(sets, ctx),
                existing(ctx))), Access.VIEWER);
        app.delete("/api/sets/{set}/topics/{topic}", this::delete, Access.ADMIN);
    }

    private void list(Context ctx) {
        Snapshot snap = Sets.of(sets, ctx).snapshot();
        String q = ctx.queryParam("q");
        String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
        boolean system = "true".equals(ctx.queryParam("system"));
        List<Snapshot.TopicState> all = new ArrayList<>();
        for (Snapshot.TopicState t : snap.topics().values()) {
            if ((system || !t.system()) && t.name().toLowerCase(Locale.ROOT).contains(needle)) {
                all.add(t);
            }
        }
        Map<String, Object> page = new LinkedHashMap<>(Sets.page(all, Sets.intParam(ctx, "page", 0, 0, 1_000_000),
                Sets.intParam(ctx, "size", 50, 1, 500)));
        page.put("takenAt", snap.takenAt());
        page.put("partial", snap.partial());
        ctx.json(page);
    }

    private String existing(Context ctx) {
        String t = ctx.pathParam("topic");
        ClusterSet s = Sets.of(sets, ctx);
        if (!s.snapshot().topics().containsKey(t) && !s.admin().topics().contains(t)) {
            throw ApiException.notFound("topic " + t + " does not exist in set " + s.name());
        }
        return t;
    }

    private void detail(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String topic = existing(ctx);
        AdminClient admin = s.admin();
        TopicRouteInfo route = admin.topicRoute(topic);
        List<Map<String, Object>> queues = new ArrayList<>();
        Set<String> groups = new TreeSet<>();
        for (BrokerGroup b : route.brokers()) {
            if (b.master() == null) {
                continue;
            }
            for (Map.Entry<MessageQueue, QueueStats> e : admin.topicStatsOn(b.master(), topic).entrySet()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("broker", e.getKey().brokerName());
                m.put("queueId", e.getKey().queueId());
                m.put("minOffset", e.getValue().minOffset());
                m.put("maxOffset", e.getValue().maxOffset());
                m.put("lastStoreTime", e.getValue().lastUpdateTimestamp());
                queues.add(m);
            }
            groups.addAll(admin.groupsConsuming(b.master(), topic));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("route", route);
        m.put("queues", queues);
        m.put("groups", groups);
        m.put("tps", s.rates().latest("topic:" + topic));
        m.put("chart", s.rates().points("topic:" + topic));
        ctx.json(m);
    }

    private void create(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Body b = Body.of(ctx);
        String topic = b.str("topic");
        int queues = (int) b.optNum("queues", 8, 1, 1024);
        String cluster = b.optStr("cluster", null);
        Object chosen = b.json().get("brokerGroups");
        List<String> groups = new ArrayList<>();
        if (chosen instanceof List<?> l) {
            l.forEach(x -> groups.add(String.valueOf(x)));
        } else if (chosen != null) {
            throw ApiException.badRequest("field 'brokerGroups' must be a list of broker group names");
        }
        Snapshot snap = s.snapshot();
        List<String> masters = new ArrayList<>();
        if (groups.isEmpty()) {
            if (cluster == null) {
                if (snap.clusters().size() != 1) {
                    throw ApiException.badRequest("give 'cluster' (one of " + snap.clusters().keySet()
                            + ") or 'brokerGroups'");
                }
                cluster = snap.clusters().keySet().iterator().next();
            }
            Set<String> names = snap.clusters().get(cluster);
            if (names == null) {
                throw ApiException.notFound("cluster " + cluster + " is unknown; known: " + snap.clusters().keySet());
            }
            groups.addAll(names);
        }
        for (String g : groups) {
            String master = null;
            for (Snapshot.BrokerState bs : snap.brokers()) {
                if (bs.group().equals(g) && bs.brokerId() == 0) {
                    master = bs.address();
                }
            }
            if (master == null) {
                throw ApiException.badRequest("broker group " + g + " is unknown or has no master now");
            }
            masters.add(master);
        }
        boolean existed = snap.topics().containsKey(topic);
        Map<String, Object> after = Map.of("topic", topic, "queues", queues, "brokerGroups", groups);
        try {
            for (String m : masters) {
                s.admin().createOrUpdateTopicOn(m, topic, queues, queues, AdminClient.PERM_READ_WRITE);
            }
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "topic.create", s.name() + "/" + topic, existed ? "existed" : null, after,
                    "failed: " + e.getMessage());
            throw e;
        }
        audit.record(AuthApi.user(ctx), "topic.create", s.name() + "/" + topic, existed ? "existed" : null, after,
                "ok");
        ctx.status(201).json(after);
    }

    private void queues(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String topic = existing(ctx);
        Body b = Body.of(ctx);
        int read = (int) b.num("readQueues", 1, 1024);
        int write = (int) b.num("writeQueues", 1, 1024);
        TopicRouteInfo route = s.admin().topicRoute(topic);
        List<Map<String, Object>> before = new ArrayList<>();
        route.queues().forEach(q -> before.add(Map.of("broker", q.brokerName(), "read", q.readQueueNums(),
                "write", q.writeQueueNums())));
        Map<String, Object> after = Map.of("readQueues", read, "writeQueues", write);
        try {
            for (BrokerGroup g : route.brokers()) {
                if (g.master() != null) {
                    s.admin().createOrUpdateTopicOn(g.master(), topic, read, write, AdminClient.PERM_READ_WRITE);
                }
            }
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "topic.queues", s.name() + "/" + topic, before, after,
                    "failed: " + e.getMessage());
            throw e;
        }
        audit.record(AuthApi.user(ctx), "topic.queues", s.name() + "/" + topic, before, after, "ok");
        String hint = read > write ? "read queues above the write queues drain; shrink the read queues once their "
                + "lag is 0" : null;
        Map<String, Object> m = new LinkedHashMap<>(after);
        m.put("hint", hint);
        ctx.json(m);
    }

    /** What deleting the topic would lose: groups consuming it and their backlog, messages stored. */
    static Map<String, Object> impact(ClusterSet s, String topic) {
        AdminClient admin = s.admin();
        Snapshot snap = s.snapshot();
        Set<String> groups = new TreeSet<>();
        long messages = 0;
        for (Snapshot.BrokerState b : snap.brokers()) {
            if (b.brokerId() == 0 && b.reachable()) {
                try {
                    groups.addAll(admin.groupsConsuming(b.address(), topic));
                    for (QueueStats q : admin.topicStatsOn(b.address(), topic).values()) {
                        messages += Math.max(0, q.maxOffset() - q.minOffset());
                    }
                } catch (RuntimeException e) {
                    // not on this broker
                }
            }
        }
        List<Map<String, Object>> backlog = new ArrayList<>();
        for (String g : groups) {
            long lag = 0;
            for (Snapshot.BrokerState b : snap.brokers()) {
                if (b.brokerId() == 0 && b.reachable()) {
                    try {
                        ConsumerProgress p = admin.consumeStatsOn(b.address(), g, topic);
                        lag += p.totalLag();
                    } catch (RuntimeException e) {
                        // group has nothing on this broker
                    }
                }
            }
            backlog.add(Map.of("group", g, "lag", lag));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("messages", messages);
        m.put("groups", backlog);
        m.put("confirmWith", topic);
        return m;
    }

    private void delete(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String topic = existing(ctx);
        if (!topic.equals(ctx.queryParam("confirm"))) {
            throw ApiException.badRequest("deleting needs ?confirm=" + topic + " (see GET .../delete-preview first)");
        }
        Map<String, Object> before = impact(s, topic);
        Snapshot snap = s.snapshot();
        try {
            for (String cluster : snap.clusters().keySet()) {
                boolean holds = false;
                for (String g : snap.clusters().get(cluster)) {
                    Snapshot.TopicState t = snap.topics().get(topic);
                    holds |= t == null || t.brokerGroups().contains(g);
                }
                if (holds) {
                    s.admin().deleteTopic(cluster, topic);
                }
            }
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "topic.delete", s.name() + "/" + topic, before, null,
                    "failed: " + e.getMessage());
            throw e;
        }
        audit.record(AuthApi.user(ctx), "topic.delete", s.name() + "/" + topic, before, null, "ok");
        s.snapshots().refreshNow();
        ctx.json(Map.of("deleted", topic));
    }
}
