package io.ferrymq.console.alert;

import io.ferrymq.console.alert.hint.Hint;
import io.ferrymq.console.alert.hint.HintCatalog;
import io.ferrymq.console.alert.hint.ProblemScan;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.alert.notify.ChannelStats;
import io.ferrymq.console.api.Access;
import io.ferrymq.console.api.ApiException;
import io.ferrymq.console.api.AuthApi;
import io.ferrymq.console.api.Body;
import io.ferrymq.console.audit.AuditLog;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The alerts JSON API (docs/console.md, "Alerts API"): firing and pending alerts with their hint cards, channel
 * health, history, rules and silences. Viewers read; operators acknowledge and silence; admins change rules. Every
 * change goes to the audit log and the alert history.
 */
public final class AlertApi {
    private final AlertService alerts;
    private final AuditLog audit;
    private final Map<String, ClusterSet> sets;

    public AlertApi(AlertService alerts, AuditLog audit, Map<String, ClusterSet> sets) {
        this.alerts = alerts;
        this.audit = audit;
        this.sets = sets;
    }

    public void register(Javalin app) {
        app.get("/api/alerts", this::list, Access.VIEWER);
        app.get("/api/alerts/history", this::history, Access.VIEWER);
        app.get("/api/alerts/rules", this::rules, Access.VIEWER);
        app.put("/api/alerts/rules/{id}", this::putRule, Access.ADMIN);
        app.delete("/api/alerts/rules/{id}", this::deleteRule, Access.ADMIN);
        app.get("/api/alerts/silences", ctx -> ctx.json(Map.of("items", alerts.view().silences())), Access.VIEWER);
        app.post("/api/alerts/silences", this::addSilence, Access.OPERATOR);
        app.delete("/api/alerts/silences/{id}", this::removeSilence, Access.OPERATOR);
        app.post("/api/alerts/{id}/ack", this::ack, Access.OPERATOR);
    }

    private void list(Context ctx) {
        AlertService.View v = alerts.view();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Alert a : v.alerts()) {
            items.add(view(a));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", alerts.settings().enabled());
        m.put("lastRoundAt", v.lastRoundAt());
        m.put("rounds", v.rounds());
        m.put("failedRounds", alerts.failedRounds());
        m.put("signalCallFailures", alerts.signalCallFailures());
        m.put("firing", v.alerts().stream().filter(Alert::firing).count());
        m.put("items", items);
        List<ChannelStats> channels = alerts.channels();
        m.put("channels", channels);
        m.put("channelFailures", channels.stream().mapToLong(ChannelStats::failedAttempts).sum());
        m.put("faults", alerts.faults().snapshot());
        List<Map<String, Object>> problems = new ArrayList<>();
        for (ClusterSet cs : sets.values()) {
            for (Hint h : ProblemScan.scan(cs.snapshot())) {
                problems.add(Map.of("set", cs.name(), "hint", h));
            }
        }
        m.put("problems", problems);
        ctx.json(m);
    }

    static Map<String, Object> view(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("status", a.status().name());
        m.put("condition", a.condition().id());
        m.put("title", a.condition().title());
        m.put("unit", a.condition().unit());
        m.put("rule", a.rule());
        m.put("severity", a.severity().name());
        m.put("set", a.target().set());
        m.put("cluster", a.target().cluster());
        m.put("targetKind", a.target().kind().name());
        m.put("target", a.target().name());
        m.put("value", a.value());
        m.put("threshold", a.threshold());
        m.put("resolveThreshold", a.resolveThreshold());
        m.put("pendingSince", a.pendingSince());
        m.put("firedAt", a.firedAt());
        m.put("lastNotifiedAt", a.lastNotifiedAt());
        m.put("notified", a.notified());
        m.put("ackedBy", a.ackedBy());
        m.put("ackedAt", a.ackedAt());
        m.put("silencedBy", a.silencedBy());
        m.put("evidence", a.evidence());
        Hint h = HintCatalog.forAlert(a);
        m.put("hint", h);
        return m;
    }

    private void history(Context ctx) {
        ctx.json(Map.of("items", alerts.history().find(ctx.queryParam("kind"), ctx.queryParam("q"),
                longParam(ctx, "since", 0), (int) Math.min(2000, Math.max(1, longParam(ctx, "limit", 200))))));
    }

    private static long longParam(Context ctx, String name, long def) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private void rules(Context ctx) {
        RuleBook book = alerts.view().rules();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule r : book.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("builtIn", r.builtIn());
            m.put("configured", book.configured(r.id()));
            m.put("fields", r.fields());
            rules.add(m);
        }
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (Condition c : Condition.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("title", c.title());
            m.put("unit", c.unit());
            m.put("targetKind", c.kind().name());
            m.put("threshold", c.defaultThreshold());
            m.put("resolveThreshold", c.defaultResolveThreshold());
            m.put("forSeconds", c.defaultForSeconds());
            m.put("windowSeconds", c.defaultWindowSeconds());
            conditions.add(m);
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        Rule.DEF.keys().forEach(k -> fields.add(Map.of("name", k.name(), "allowed", k.allowed(), "doc", k.doc())));
        ctx.json(Map.of("rules", rules, "conditions", conditions, "fields", fields));
    }

    private void putRule(Context ctx) {
        String id = ctx.pathParam("id");
        Body b = Body.of(ctx);
        Map<String, String> fields = new LinkedHashMap<>();
        b.json().forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof List) {
                throw ApiException.badRequest("field '" + k + "' must be a string, number or boolean");
            }
            fields.put(k, v.toString());
        });
        String user = AuthApi.user(ctx);
        Rule rule;
        Rule before;
        try {
            rule = Rule.parse(id, fields, false);
            before = alerts.putRule(rule, user);
        } catch (IllegalArgumentException e) {
            audit.record(user, "alert.rule.put", id, null, fields, "failed: " + e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        audit.record(user, "alert.rule.put", id, before == null ? null : before.fields(), rule.fields(), "ok");
        ctx.json(Map.of("id", id, "fields", alerts.view().rules().get(id).fields()));
    }

    private void deleteRule(Context ctx) {
        String id = ctx.pathParam("id");
        String user = AuthApi.user(ctx);
        try {
            Rule before = alerts.deleteRule(id, user);
            audit.record(user, "alert.rule.delete", id, before.fields(), null, "ok");
            ctx.json(Map.of("deleted", id, "builtIn", before.builtIn()));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            audit.record(user, "alert.rule.delete", id, null, null, "failed: " + e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void addSilence(Context ctx) {
        Body b = Body.of(ctx);
        String rule = b.optStr("rule", "*");
        String target = b.optStr("target", "*");
        long now = alerts.now();
        long until;
        if (b.json().containsKey("until")) {
            until = b.num("until", now + 1, Long.MAX_VALUE / 2);
        } else {
            until = now + b.num("minutes", 1, 366L * 24 * 60) * 60_000;
        }
        String comment = b.optStr("comment", "");
        String user = AuthApi.user(ctx);
        Silence s;
        try {
            s = alerts.addSilence(rule, target, until, comment, user);
        } catch (IllegalArgumentException e) {
            audit.record(user, "alert.silence.add", rule + " " + target, null, null, "failed: " + e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        audit.record(user, "alert.silence.add", rule + " " + target, null, s, "ok");
        ctx.json(s);
    }

    private void removeSilence(Context ctx) {
        long id = pathId(ctx);
        String user = AuthApi.user(ctx);
        Silence s = alerts.removeSilence(id, user);
        if (s == null) {
            throw ApiException.notFound("no silence " + id);
        }
        audit.record(user, "alert.silence.remove", "silence " + id, s, null, "ok");
        ctx.json(Map.of("removed", id));
    }

    private void ack(Context ctx) {
        long id = pathId(ctx);
        String user = AuthApi.user(ctx);
        Alert a = alerts.alert(id);
        if (a == null || !alerts.acknowledge(id, user)) {
            throw ApiException.notFound("no firing alert " + id + " (it may have resolved)");
        }
        audit.record(user, "alert.ack", "alert " + id + " " + AlertEvaluator.subject(a), null, null, "ok");
        ctx.json(Map.of("acknowledged", id, "by", user));
    }

    private static long pathId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + ctx.pathParam("id") + "' is not an id (a number)");
        }
    }
}
