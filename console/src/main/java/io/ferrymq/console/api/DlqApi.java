package io.ferrymq.console.api;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Dead letters: per group the DLQ depth and its trend, browsing a group's DLQ, and resending selected dead letters
 * to their original topic at a chosen rate, with a result per message. Each resent dead letter is marked (kept in
 * {@code <dataDir>/dlq-resent.log}) and not resent a second time unless asked with {@code force}.
 */
public final class DlqApi {
    private static final Logger log = LoggerFactory.getLogger(DlqApi.class);
    static final int MAX_RESEND = 500;

    /** A dead letter already resent: by whom, when, as which new message. */
    record Mark(String key, String user, long time, String newMsgId) {
    }

    private final Map<String, ClusterSet> sets;
    private final AuditLog audit;
    private final int maxBody;
    private final Path marksFile;
    private final Map<String, Mark> marks = new ConcurrentHashMap<>();

    public DlqApi(Map<String, ClusterSet> sets, AuditLog audit, Path dataDir, int maxBody) throws IOException {
        this.sets = sets;
        this.audit = audit;
        this.maxBody = maxBody;
        this.marksFile = dataDir.resolve("dlq-resent.log");
        if (Files.exists(marksFile)) {
            for (String line : Files.readAllLines(marksFile, StandardCharsets.UTF_8)) {
                try {
                    Mark m = JSON.parseObject(line, Mark.class);
                    marks.put(m.key(), m);
                } catch (RuntimeException e) {
                    log.warn("skipping an unreadable line of {}: {}", marksFile, e.toString());
                }
            }
        }
    }

    public void register(Javalin app) {
        app.get("/api/sets/{set}/dlq", this::list, Access.VIEWER);
        app.get("/api/sets/{set}/dlq/{group}/messages", this::browse, Access.VIEWER);
        app.post("/api/sets/{set}/dlq/{group}/resend", this::resend, Access.OPERATOR);
    }

    private void list(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        Snapshot snap = s.snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Snapshot.TopicState t : snap.topics().values()) {
            if (!t.name().startsWith("%DLQ%")) {
                continue;
            }
            String g = t.name().substring(5);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g);
            m.put("depth", t.messages());
            m.put("trend", s.rates().points("topic:" + t.name()));
            out.add(m);
        }
        ctx.json(Map.of("takenAt", snap.takenAt(), "items", out));
    }

    private static String dlqTopic(ClusterSet s, Context ctx) {
        String t = "%DLQ%" + ctx.pathParam("group");
        if (!s.snapshot().topics().containsKey(t) && !s.admin().topics().contains(t)) {
            throw ApiException.notFound("group " + ctx.pathParam("group") + " has no dead letters (no topic " + t + ")");
        }
        return t;
    }

    private static String key(ClusterSet s, MessageQueue q, long offset) {
        return s.name() + "/" + q.topic() + "/" + q.brokerName() + ":" + q.queueId() + ":" + offset;
    }

    private void browse(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = dlqTopic(s, ctx);
        int limit = Sets.intParam(ctx, "limit", 50, 1, 200);
        Map<String, Long> cursor = MessageApi.decodeCursor(ctx.queryParam("cursor"));
        Map<String, Long> next = new TreeMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        boolean more = false;
        for (BrokerGroup g : s.admin().topicRoute(t).brokers()) {
            String addr = g.master();
            if (addr == null) {
                continue;
            }
            for (Map.Entry<MessageQueue, QueueStats> e : s.admin().topicStatsOn(addr, t).entrySet()) {
                MessageQueue q = e.getKey();
                String k = q.brokerName() + ":" + q.queueId();
                long from = Math.max(cursor.getOrDefault(k, 0L), e.getValue().minOffset());
                while (from < e.getValue().maxOffset() && items.size() < limit) {
                    List<ReceivedMessage> batch = s.admin().browse(addr, q, from, Math.min(32, limit - items.size()));
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (ReceivedMessage m : batch) {
                        Map<String, Object> v = MessageView.of(m, maxBody);
                        v.put("position", k + ":" + m.queueOffset());
                        v.put("originalTopic", m.property("RETRY_TOPIC"));
                        v.put("resent", marks.get(key(s, q, m.queueOffset())));
                        items.add(v);
                        from = m.queueOffset() + 1;
                    }
                }
                next.put(k, from);
                more |= from < e.getValue().maxOffset();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("cursor", more ? MessageApi.encodeCursor(next) : null);
        ctx.json(out);
    }

    private void resend(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = dlqTopic(s, ctx);
        Body b = Body.of(ctx);
        Object p = b.json().get("positions");
        if (!(p instanceof List<?> positions) || positions.isEmpty() || positions.size() > MAX_RESEND) {
            throw ApiException.badRequest("'positions' must list 1 to " + MAX_RESEND + " dead letters as "
                    + "\"broker:queueId:offset\" (from GET .../messages)");
        }
        long rate = b.optNum("ratePerSecond", 50, 1, 10_000);
        boolean force = b.optBool("force", false);
        List<Map<String, Object>> results = new ArrayList<>();
        long gapNanos = 1_000_000_000L / rate;
        long nextAt = System.nanoTime();
        int ok = 0;
        for (Object o : positions) {
            Map<String, Object> r = new LinkedHashMap<>();
            String pos = String.valueOf(o);
            r.put("position", pos);
            results.add(r);
            String[] parts = pos.split(":");
            if (parts.length != 3) {
                r.put("result", "bad position (want broker:queueId:offset)");
                continue;
            }
            MessageQueue q;
            long offset;
            try {
                q = new MessageQueue(t, parts[0], Integer.parseInt(parts[1]));
                offset = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                r.put("result", "bad position (want broker:queueId:offset)");
                continue;
            }
            String k = key(s, q, offset);
            Mark already = marks.get(k);
            if (already != null && !force) {
                r.put("result", "skipped: already resent by " + already.user() + " as " + already.newMsgId());
                continue;
            }
            long wait = nextAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // the requested resend rate, not a wait for a condition
            }
            nextAt = Math.max(nextAt, System.nanoTime()) + gapNanos;
            try {
                ReceivedMessage m = s.admin().queryMessageByOffset(q, offset);
                if (m == null) {
                    r.put("result", "not found");
                    continue;
                }
                String original = m.property("RETRY_TOPIC");
                if (original == null || original.isBlank()) {
                    r.put("result", "failed: the dead letter does not name its original topic");
                    continue;
                }
                Message copy = MessageApi.copyOf(m, original);
                SendResult sr = s.producer().send(copy);
                Mark mark = new Mark(k, AuthApi.user(ctx), System.currentTimeMillis(), sr.msgId());
                marks.put(k, mark);
                appendMark(mark);
                r.put("result", "ok: " + sr.status());
                r.put("newMsgId", sr.msgId());
                r.put("topic", original);
                ok++;
            } catch (RuntimeException e) {
                r.put("result", "failed: " + e.getMessage());
            }
        }
        audit.record(AuthApi.user(ctx), "dlq.resend", s.name() + "/" + ctx.pathParam("group"), null, results,
                ok == positions.size() ? "ok" : "partial: " + ok + " of " + positions.size() + " resent");
        ctx.json(Map.of("resent", ok, "results", results));
    }

    private synchronized void appendMark(Mark m) {
        try (BufferedWriter w = Files.newBufferedWriter(marksFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(JSON.toJSONString(m));
            w.newLine();
        } catch (IOException e) {
            log.error("cannot record the resend mark of {} in {}: {}", m.key(), marksFile, e.toString());
        }
    }
}
