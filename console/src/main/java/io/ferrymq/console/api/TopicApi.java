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
    /** The characters RocketMQ allows in a topic name, and its length limit. */
    private static final java.util.regex.Pattern TOPIC_NAME = java.util.regex.Pattern.compile("[%|a-zA-Z0-9_-]{1,127}");
    private final Map<String, ClusterSet> sets;
    private final AuditLog audit;

    public TopicApi(Map<String, ClusterSet> sets, AuditLog audit) {
        this.sets = sets;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.get("/api/sets/{set}/topics", this::list, Access.VIEWER);
        app.get("/api/sets/{set}/topics/{topic}", this::detail, Access.VIEWER);
        app.get("/api/sets/{set}/topics/{topic}/charts", this::charts, Access.VIEWER);
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

    /**
     * The topic's traffic from the brokers' statistics: messages in and out per second (last minute and hour,
     * day total), out per consuming group, and the chart points since the topic was first looked at.
     */
    private void charts(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String topic = existing(ctx);
        io.ferrymq.console.cluster.TrafficCharts.Figures f = s.traffic().topic(topic);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("in", f.in());
        m.put("out", f.out());
        m.put("outByGroup", f.parts());
        m.put("sampledAt", f.sampledAt());
        m.put("error", f.error());
        m.put("inPoints", s.rates().points("stats:topic:" + topic + ":in"));
        m.put("outPoints", s.rates().points("stats:topic:" + topic + ":out"));
        ctx.json(m);
    }

    private void create(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Body b = Body.of(ctx);
        String topic = b.str("topic");
        if (!TOPIC_NAME.matcher(topic).matches()) {
            throw ApiException.badRequest("topic name '" + topic + "' must be 1 to 127 of A-Z a-z 0-9 _ - % |");
        }
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

    /**
     * Expands or shrinks a topic's queues on every master that holds it. Shrinking is guided: write queues go
     * first (a read count below the write count is refused), and read queues only once no consuming group has a
     * backlog on the queues that would stop being read (else 409 naming them), unless {@code force} accepts
     * losing that backlog.
     */
    private void queues(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String topic = existing(ctx);
        Body b = Body.of(ctx);
        int read = (int) b.num("readQueues", 1, 1024);
        int write = (int) b.num("writeQueues", 1, 1024);
        boolean force = b.optBool("force", false);
        if (write > read) {
            throw ApiException.badRequest("writeQueues (" + write + ") cannot exceed readQueues (" + read
                    + "): messages written to a queue nobody reads are never consumed");
        }
        TopicRouteInfo route = s.admin().topicRoute(topic);
        List<Map<String, Object>> before = new ArrayList<>();
        route.queues().forEach(q -> before.add(Map.of("broker", q.brokerName(), "read", q.readQueueNums(),
                "write", q.writeQueueNums())));
        List<String> blocked = new ArrayList<>();
        for (TopicRouteInfo.Queues q : route.queues()) {
            // Queues still written to must stop being written (and drain) before they stop being read.
            if (read < q.readQueueNums() && read < q.writeQueueNums()) {
                blocked.add(q.brokerName() + " writes queues 0.." + (q.writeQueueNums() - 1) + ": first shrink the "
                        + "write queues to " + read + " or fewer, then the read queues once queues " + read + ".."
                        + (q.readQueueNums() - 1) + " have drained");
            }
        }
        if (!blocked.isEmpty()) {
            throw ApiException.conflict("shrink in two steps: " + String.join("; ", blocked));
        }
        List<String> backlog = force ? List.of() : backlogOnDroppedQueues(s, topic, route, read);
        if (!backlog.isEmpty()) {
            throw ApiException.conflict("the read queues cannot shrink to " + read + " yet: " + String.join("; ",
                    backlog) + ". Wait until the groups drain them (or skip their backlog), or send force=true "
                    + "to give that backlog up");
        }
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
        audit.record(AuthApi.user(ctx), "topic.queues", s.name() + "/" + topic, before, after,
                force ? "ok (forced)" : "ok");
        String hint = read > write ? "queues " + write + ".." + (read - 1) + " are no longer written; shrink the "
                + "read queues to " + write + " once the groups' lag on them is 0" : null;
        Map<String, Object> m = new LinkedHashMap<>(after);
        m.put("hint", hint);
        ctx.json(m);
    }

    /** Per group and queue, the backlog still unconsumed on the queues a read count of {@code read} would drop. */
    private static List<String> backlogOnDroppedQueues(ClusterSet s, String topic, TopicRouteInfo route, int read) {
        List<String> out = new ArrayList<>();
        AdminClient admin = s.admin();
        for (BrokerGroup g : route.brokers()) {
            if (g.master() == null) {
                continue;
            }
            for (String group : admin.groupsConsuming(g.master(), topic)) {
                ConsumerProgress p;
                try {
                    p = admin.consumeStatsOn(g.master(), group, topic);
                } catch (io.ferrymq.client.BrokerException e) {
                    continue; // the group holds no offsets of this topic on this broker
                }
                p.queues().forEach((q, qp) -> {
                    if (q.queueId() >= read && qp.lag() > 0) {
                        out.add(group + " has " + qp.lag() + " unconsumed on " + q.brokerName() + ":" + q.queueId());
                    }
                });
            }
        }
        return out;
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
