package io.ferrymq.console.api;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.client.admin.TopicRouteInfo;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.cluster.ClusterSet;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages: find by id, by key, by queue and offset; browse a topic over a time window with a cursor (and an
 * explicit marker when the scan was cut short); send a test message; resend a message to one consumer group.
 */
public final class MessageApi {
    /** Messages read at most per browse request, so one request stays bounded. */
    static final int SCAN_LIMIT = 2000;
    static final int MAX_SEND_BODY = 256 * 1024;

    private final Map<String, ClusterSet> sets;
    private final AuditLog audit;
    private final int maxBody;
    private final Clock clock;

    public MessageApi(Map<String, ClusterSet> sets, AuditLog audit, int maxBody, Clock clock) {
        this.sets = sets;
        this.audit = audit;
        this.maxBody = maxBody;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/sets/{set}/messages/by-id", this::byId, Access.VIEWER);
        app.get("/api/sets/{set}/messages/by-key", this::byKey, Access.VIEWER);
        app.get("/api/sets/{set}/messages/by-offset", this::byOffset, Access.VIEWER);
        app.get("/api/sets/{set}/messages/browse", this::browse, Access.VIEWER);
        app.post("/api/sets/{set}/messages", this::send, Access.OPERATOR);
        app.post("/api/sets/{set}/messages/resend", this::resend, Access.OPERATOR);
    }

    private static String topic(ClusterSet s, Context ctx) {
        String t = Sets.required(ctx, "topic");
        if (!s.snapshot().topics().containsKey(t) && !s.admin().topics().contains(t)) {
            throw ApiException.notFound("topic " + t + " does not exist in set " + s.name());
        }
        return t;
    }

    private void byId(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = topic(s, ctx);
        String id = Sets.required(ctx, "id");
        ReceivedMessage m;
        try {
            m = s.admin().queryMessageById(t, id);
        } catch (io.ferrymq.client.ClientException e) {
            throw ApiException.notFound("message " + id + " not found in topic " + t);
        }
        ctx.json(withConsumers(s, m));
    }

    /**
     * The message's view plus, for each group consuming its topic, whether the group's committed offset on its
     * queue is past it.
     */
    private Map<String, Object> withConsumers(ClusterSet s, ReceivedMessage m) {
        Map<String, Object> v = MessageView.of(m, maxBody);
        List<Map<String, Object>> groups = new ArrayList<>();
        String master = null;
        for (io.ferrymq.console.cluster.Snapshot.BrokerState b : s.snapshot().brokers()) {
            if (b.group().equals(m.brokerName()) && b.brokerId() == 0 && b.reachable()) {
                master = b.address();
            }
        }
        if (master != null) {
            try {
                for (String g : s.admin().groupsConsuming(master, m.topic())) {
                    var p = s.admin().consumeStatsOn(master, g, m.topic()).queues().get(m.queue());
                    groups.add(Map.of("group", g, "consumed", p != null && p.consumerOffset() > m.queueOffset()));
                }
            } catch (RuntimeException e) {
                v.put("consumedByError", e.getMessage());
            }
        }
        v.put("consumedBy", groups);
        return v;
    }

    private void byKey(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = topic(s, ctx);
        String key = Sets.required(ctx, "key");
        long begin = Sets.longParam(ctx, "begin", 0);
        long end = Sets.longParam(ctx, "end", Long.MAX_VALUE);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReceivedMessage m : s.admin().queryMessageByKey(t, key, 64, begin, end)) {
            out.add(MessageView.of(m, maxBody));
        }
        ctx.json(Map.of("items", out));
    }

    private void byOffset(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = topic(s, ctx);
        String broker = Sets.required(ctx, "broker");
        int queue = Sets.intParam(ctx, "queue", 0, 0, 65535);
        long offset = Sets.longParam(ctx, "offset", 0);
        ReceivedMessage m = s.admin().queryMessageByOffset(new MessageQueue(t, broker, queue), offset);
        if (m == null) {
            throw ApiException.notFound("no message at offset " + offset + " of " + t + " " + broker + ":" + queue);
        }
        ctx.json(withConsumers(s, m));
    }

    /**
     * Browses messages stored in [begin, end]: the cursor holds the next offset per queue; each request reads at
     * most {@value #SCAN_LIMIT} messages and says {@code cutShort} when it stopped before the window's end.
     */
    private void browse(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = topic(s, ctx);
        long end = Sets.longParam(ctx, "end", clock.millis());
        long begin = Sets.longParam(ctx, "begin", end - 3_600_000);
        int limit = Sets.intParam(ctx, "limit", 20, 1, 200);
        AdminClient admin = s.admin();
        TopicRouteInfo route = admin.topicRoute(t);
        Map<String, Long> cursor = decodeCursor(ctx.queryParam("cursor"));
        Map<String, Long> next = new TreeMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        int scanned = 0;
        boolean cutShort = false;
        boolean more = false; // some queue holds messages after its cursor position
        for (BrokerGroup g : route.brokers()) {
            String addr = g.master() != null ? g.master() : g.addresses().values().stream().findFirst().orElse(null);
            if (addr == null) {
                continue;
            }
            for (Map.Entry<MessageQueue, QueueStats> e : admin.topicStatsOn(addr, t).entrySet()) {
                MessageQueue q = e.getKey();
                String k = q.brokerName() + ":" + q.queueId();
                long from = cursor.containsKey(k) ? cursor.get(k)
                        : Math.max(e.getValue().minOffset(), admin.searchOffset(addr, q, begin));
                long max = e.getValue().maxOffset();
                while (from < max && items.size() < limit) {
                    if (scanned >= SCAN_LIMIT) {
                        cutShort = true;
                        break;
                    }
                    List<ReceivedMessage> batch = admin.browse(addr, q, from, 32);
                    if (batch.isEmpty()) {
                        break;
                    }
                    boolean pastEnd = false;
                    for (ReceivedMessage m : batch) {
                        scanned++;
                        from = m.queueOffset() + 1;
                        if (m.storeTimestamp() > end) {
                            pastEnd = true;
                            break;
                        }
                        if (m.storeTimestamp() >= begin) {
                            items.add(MessageView.of(m, maxBody));
                            if (items.size() >= limit) {
                                break;
                            }
                        }
                    }
                    if (pastEnd) {
                        from = max;
                    }
                }
                next.put(k, Math.min(from, max));
                more |= from < max;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("scanned", scanned);
        out.put("cutShort", cutShort);
        out.put("cursor", more ? encodeCursor(next) : null);
        ctx.json(out);
    }

    static Map<String, Long> decodeCursor(String c) {
        Map<String, Long> m = new TreeMap<>();
        if (c == null || c.isBlank()) {
            return m;
        }
        try {
            JSONObject o = JSON.parseObject(new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8));
            o.forEach((k, v) -> m.put(k, ((Number) v).longValue()));
            return m;
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed cursor; start again without one");
        }
    }

    static String encodeCursor(Map<String, Long> m) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.toJSONBytes(m));
    }

    private void send(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Body b = Body.of(ctx);
        String topic = b.str("topic");
        if (!s.snapshot().topics().containsKey(topic) && !s.admin().topics().contains(topic)) {
            throw ApiException.notFound("topic " + topic + " does not exist in set " + s.name());
        }
        String body = b.str("body");
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_SEND_BODY) {
            throw ApiException.badRequest("body larger than " + MAX_SEND_BODY + " bytes");
        }
        Message m = new Message(topic, b.optStr("tags", null), b.optStr("keys", null),
                body.getBytes(StandardCharsets.UTF_8));
        int delay = (int) b.optNum("delayLevel", 0, 0, 18);
        if (delay > 0) {
            m.delayLevel(delay);
        }
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("topic", topic);
        what.put("tags", m.tags());
        what.put("keys", m.keys());
        what.put("delayLevel", delay);
        what.put("bodySize", m.body().length);
        SendResult r;
        try {
            r = s.producer().send(m);
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "message.send", s.name() + "/" + topic, null, what,
                    "failed: " + e.getMessage());
            throw e;
        }
        audit.record(AuthApi.user(ctx), "message.send", s.name() + "/" + topic, null, what,
                "ok: " + r.status() + " " + r.msgId());
        ctx.json(result(r));
    }

    static Map<String, Object> result(SendResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().name());
        m.put("msgId", r.msgId());
        m.put("offsetMsgId", r.offsetMsgId());
        m.put("broker", r.queue().brokerName());
        m.put("queueId", r.queue().queueId());
        m.put("queueOffset", r.queueOffset());
        return m;
    }

    /**
     * Resends a message to one consumer group: a copy goes to the group's retry topic ({@code %RETRY%<group>}),
     * which only that group consumes; the consumer sees it under its original topic.
     */
    private void resend(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Body b = Body.of(ctx);
        String topic = b.str("topic");
        String id = b.str("msgId");
        String group = b.str("group");
        if (!s.snapshot().groups().containsKey(group)) {
            throw ApiException.notFound("consumer group " + group + " does not exist in set " + s.name());
        }
        ReceivedMessage orig;
        try {
            orig = s.admin().queryMessageById(topic, id);
        } catch (io.ferrymq.client.ClientException e) {
            throw ApiException.notFound("message " + id + " not found in topic " + topic);
        }
        Message copy = copyOf(orig, "%RETRY%" + group);
        copy.putSystem("RETRY_TOPIC", orig.topic());
        String target = s.name() + "/" + group + "/" + id;
        SendResult r;
        try {
            r = s.producer().send(copy);
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "message.resend", target, null, Map.of("group", group), "failed: "
                    + e.getMessage());
            throw e;
        }
        audit.record(AuthApi.user(ctx), "message.resend", target, null, Map.of("group", group),
                "ok: " + r.msgId());
        ctx.json(result(r));
    }

    /** A copy of {@code m} for {@code topic}: body, tags, keys and user properties. */
    static Message copyOf(ReceivedMessage m, String topic) {
        Message c = new Message(topic, m.tags(), m.keys(), m.body());
        m.userProperties().forEach(c::putUserProperty);
        return c;
    }
}
