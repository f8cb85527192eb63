package io.ferrymq.console.api;

import io.ferrymq.client.BrokerException;
import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Name-server sets, the overview (what needs attention first), brokers (from the snapshot), a broker's live
 * runtime info and configuration (view, diff, apply), and chart series.
 */
public final class ClusterApi {
    private final Map<String, ClusterSet> sets;
    private final AuditLog audit;

    private final int maxBody;

    public ClusterApi(Map<String, ClusterSet> sets, AuditLog audit, int maxBody) {
        this.sets = sets;
        this.audit = audit;
        this.maxBody = maxBody;
    }

    public void register(Javalin app) {
        app.get("/api/sets", this::listSets, Access.VIEWER);
        app.get("/api/sets/{set}/overview", this::overview, Access.VIEWER);
        app.get("/api/sets/{set}/brokers", this::brokers, Access.VIEWER);
        app.get("/api/sets/{set}/brokers/{addr}/runtime", ctx -> ctx.json(
                Sets.of(sets, ctx).admin().brokerRuntimeInfo(addr(ctx))), Access.VIEWER);
        app.get("/api/sets/{set}/brokers/{addr}/config", ctx -> ctx.json(
                Sets.of(sets, ctx).admin().brokerConfig(addr(ctx))), Access.VIEWER);
        app.post("/api/sets/{set}/brokers/{addr}/config/preview", this::configPreview, Access.ADMIN);
        app.put("/api/sets/{set}/brokers/{addr}/config", this::configApply, Access.ADMIN);
        app.get("/api/sets/{set}/charts", this::charts, Access.VIEWER);
        app.get("/api/sets/{set}/brokers/{addr}/messages", ctx -> ctx.json(RecentMessages.of(Sets.of(sets, ctx),
                addr(ctx), Sets.intParam(ctx, "limit", 100, 1, 100), maxBody)), Access.VIEWER);
    }

    private String addr(Context ctx) {
        String a = ctx.pathParam("addr");
        ClusterSet s = Sets.of(sets, ctx);
        for (Snapshot.BrokerState b : s.snapshot().brokers()) {
            if (b.address().equals(a)) {
                return a;
            }
        }
        throw ApiException.notFound("broker " + a + " is not in set " + s.name() + " (see GET /api/sets/" + s.name()
                + "/brokers)");
    }

    private void listSets(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ClusterSet s : sets.values()) {
            Snapshot snap = s.snapshot();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("nameServers", s.nameServers());
            m.put("takenAt", snap.takenAt());
            m.put("partial", snap.partial());
            m.put("errors", snap.errors());
            out.add(m);
        }
        ctx.json(out);
    }

    private void overview(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Snapshot snap = s.snapshot();
        List<Map<String, Object>> attention = new ArrayList<>();
        for (Snapshot.BrokerState b : snap.brokers()) {
            if (!b.reachable()) {
                attention.add(item("error", "broker", b.group() + " " + b.address(), b.error()));
            } else if (b.diskRatio() > 0.85) {
                attention.add(item("warn", "broker", b.group() + " " + b.address(),
                        String.format("disk %.0f%% used", b.diskRatio() * 100)));
            }
            if (b.replicationLagBytes() > 1024 * 1024) {
                attention.add(item("warn", "broker", b.group() + " " + b.address(),
                        "slave " + b.replicationLagBytes() + " bytes behind its master"));
            }
        }
        for (Snapshot.GroupState g : snap.groups().values()) {
            if (g.system()) {
                continue;
            }
            if (g.lag() > 0 && g.onlineClients() == 0) {
                attention.add(item("warn", "group", g.name(), g.lag() + " messages behind and no consumer online"));
            }
            if (g.dlqDepth() > 0) {
                attention.add(item("warn", "dlq", g.name(), g.dlqDepth() + " dead letters"));
            }
        }
        Map<String, Object> clusters = new TreeMap<>();
        snap.clusters().forEach((c, groups) -> {
            List<Map<String, Object>> gs = new ArrayList<>();
            for (String g : groups) {
                double send = 0;
                double consume = 0;
                int up = 0;
                int total = 0;
                for (Snapshot.BrokerState b : snap.brokers()) {
                    if (b.group().equals(g)) {
                        total++;
                        up += b.reachable() ? 1 : 0;
                        if (b.brokerId() == 0) {
                            send += b.sendTps();
                            consume += b.consumeTps();
                        }
                    }
                }
                gs.add(Map.of("group", g, "brokers", total, "reachable", up, "sendTps", send, "consumeTps", consume));
            }
            clusters.put(c, gs);
        });
        long topics = snap.topics().values().stream().filter(t -> !t.system()).count();
        long groups = snap.groups().values().stream().filter(g -> !g.system()).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", s.name());
        m.put("takenAt", snap.takenAt());
        m.put("tookMillis", snap.tookMillis());
        m.put("partial", snap.partial());
        m.put("errors", snap.errors());
        m.put("clusters", clusters);
        m.put("topics", topics);
        m.put("groups", groups);
        m.put("attention", attention);
        ctx.json(m);
    }

    private static Map<String, Object> item(String level, String kind, String what, String why) {
        return Map.of("level", level, "kind", kind, "what", what, "why", why == null ? "" : why);
    }

    private void brokers(Context ctx) {
        Snapshot snap = Sets.of(sets, ctx).snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Snapshot.BrokerState b : snap.brokers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cluster", b.cluster());
            m.put("group", b.group());
            m.put("brokerId", b.brokerId());
            m.put("role", b.brokerId() == 0 ? "master" : "slave");
            m.put("address", b.address());
            m.put("reachable", b.reachable());
            m.put("error", b.error());
            m.put("version", b.version());
            m.put("sendTps", b.sendTps());
            m.put("consumeTps", b.consumeTps());
            m.put("commitLogMinOffset", b.commitLogMinOffset());
            m.put("commitLogMaxOffset", b.commitLogMaxOffset());
            m.put("diskRatio", b.diskRatio());
            m.put("replicationLagBytes", b.replicationLagBytes());
            out.add(m);
        }
        ctx.json(Map.of("takenAt", snap.takenAt(), "partial", snap.partial(), "errors", snap.errors(),
                "brokers", out));
    }

    private Map<String, String> changes(Context ctx) {
        Body b = Body.of(ctx);
        Object c = b.json().get("changes");
        if (!(c instanceof Map<?, ?> map) || map.isEmpty()) {
            throw ApiException.badRequest("field 'changes' must be a non-empty object of key: value");
        }
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof List) {
                throw ApiException.badRequest("value of '" + k + "' must be a string, number or boolean");
            }
            out.put(k.toString(), v.toString());
        });
        return out;
    }

    private List<Map<String, Object>> diff(Map<String, String> current, Map<String, String> changes) {
        List<Map<String, Object>> out = new ArrayList<>();
        changes.forEach((k, v) -> {
            if (!current.containsKey(k)) {
                throw ApiException.badRequest("unknown broker setting '" + k + "'");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", k);
            m.put("before", current.get(k));
            m.put("after", v);
            m.put("changed", !v.equals(current.get(k)));
            out.add(m);
        });
        return out;
    }

    private void configPreview(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        ctx.json(Map.of("diff", diff(s.admin().brokerConfig(addr(ctx)), changes(ctx))));
    }

    /**
     * Applies a change after the same diff the preview showed. The broker accepts only its run-time keys and
     * refuses the whole change otherwise (nothing changed); its remark comes back as a 400. After applying, the
     * configuration is read back and each key says whether the broker now holds the new value.
     */
    private void configApply(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String addr = addr(ctx);
        Map<String, String> changes = changes(ctx);
        Map<String, String> current = s.admin().brokerConfig(addr);
        List<Map<String, Object>> diff = diff(current, changes);
        Map<String, String> before = new TreeMap<>();
        changes.keySet().forEach(k -> before.put(k, current.get(k)));
        String target = s.name() + "/" + addr;
        String remark;
        try {
            remark = s.admin().updateBrokerConfig(addr, changes);
        } catch (BrokerException e) {
            audit.record(AuthApi.user(ctx), "broker.config", target, before, changes, "refused: " + e.remark());
            if (e.code() == ResponseCode.NO_PERMISSION || e.code() == ResponseCode.INVALID_PARAMETER) {
                throw ApiException.badRequest("the broker refused the change, nothing changed: " + e.remark());
            }
            throw e;
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "broker.config", target, before, changes, "failed: " + e.getMessage());
            throw e;
        }
        Map<String, String> now = s.admin().brokerConfig(addr);
        boolean applied = true;
        for (Map<String, Object> row : diff) {
            String v = now.get((String) row.get("key"));
            row.put("now", v);
            applied &= row.get("after").equals(v);
        }
        audit.record(AuthApi.user(ctx), "broker.config", target, before, changes,
                applied ? "ok" : "failed: the broker answered success but does not hold every new value");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", applied);
        m.put("diff", diff);
        m.put("remark", remark);
        ctx.json(m);
    }

    private void charts(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Snapshot snap = s.snapshot();
        Map<String, Object> series = new LinkedHashMap<>();
        String only = ctx.queryParam("key");
        if (only != null) {
            series.put(only, s.rates().points(only));
            ctx.json(series);
            return;
        }
        for (Snapshot.BrokerState b : snap.brokers()) {
            if (b.brokerId() == 0) {
                series.put("broker:" + b.address() + ":put", s.rates().points("broker:" + b.address() + ":put"));
                series.put("broker:" + b.address() + ":get", s.rates().points("broker:" + b.address() + ":get"));
            }
        }
        snap.topics().values().stream().filter(t -> !t.system())
                .sorted((a, b) -> Double.compare(b.tps(), a.tps())).limit(5)
                .forEach(t -> series.put("topic:" + t.name(), s.rates().points("topic:" + t.name())));
        snap.groups().values().stream().filter(g -> !g.system())
                .sorted((a, b) -> Long.compare(b.lag(), a.lag())).limit(5)
                .forEach(g -> {
                    series.put("group:" + g.name() + ":consumed", s.rates().points("group:" + g.name() + ":consumed"));
                    series.put("group:" + g.name() + ":lag", s.rates().points("group:" + g.name() + ":lag"));
                });
        ctx.json(series);
    }
}
