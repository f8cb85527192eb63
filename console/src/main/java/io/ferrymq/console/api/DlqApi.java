package io.ferrymq.console.api;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.client.BrokerException;
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
    /** The longest one resend request may take at its rate, so an HTTP request stays bounded. */
    static final long MAX_RESEND_SECONDS = 120;

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
        app.post("/api/sets/{set}/dlq/{group}/skip", this::skip, Access.OPERATOR);
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
            Snapshot.GroupState gs = snap.groups().get(g);
            m.put("depth", gs == null ? t.messages() : gs.dlqDepth()); // not yet skipped
            m.put("stored", t.messages());
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
        boolean skipped = "true".equals(ctx.queryParam("skipped"));
        String group = ctx.pathParam("group");
        Map<String, Long> cursor = MessageApi.decodeCursor(ctx.queryParam("cursor"));
        Map<String, Long> next = new TreeMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        boolean more = false;
        for (BrokerGroup g : s.admin().topicRoute(t).brokers()) {
            String addr = g.master();
            if (addr == null) {
                continue;
            }
            Map<MessageQueue, Long> skipPoint = skipped ? Map.of() : skipPoints(s, addr, group, t);
            for (Map.Entry<MessageQueue, QueueStats> e : s.admin().topicStatsOn(addr, t).entrySet()) {
                MessageQueue q = e.getKey();
                String k = q.brokerName() + ":" + q.queueId();
                long from = Math.max(cursor.getOrDefault(k, skipPoint.getOrDefault(q, 0L)),
                        e.getValue().minOffset());
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

    /**
     * Where the group's dead letters were last skipped to, per DLQ queue of one master: the group's committed
     * offset on its DLQ topic (absent when never skipped).
     */
    static Map<MessageQueue, Long> skipPoints(ClusterSet s, String addr, String group, String dlqTopic) {
        Map<MessageQueue, Long> out = new TreeMap<>();
        try {
            s.admin().consumeStatsOn(addr, group, dlqTopic).queues().forEach((q, p) -> {
                if (p.consumerOffset() >= 0) {
                    out.put(q, p.consumerOffset());
                }
            });
        } catch (BrokerException e) {
            // no offsets on the DLQ topic yet: nothing was skipped
        }
        return out;
    }

    /** One dead letter chosen for a resend: its queue and offset ("broker:queueId:offset"). */
    private record Pick(String position, MessageQueue queue, long offset, ReceivedMessage known) {
    }

    /**
     * Resends dead letters to their original topic at a chosen rate: the ones named by {@code positions}, or every
     * one stored in {@code [begin, end]} (at most {@value #MAX_RESEND}; {@code truncated} says when more matched).
     * The answer counts exactly what happened: {@code resent} (the broker stored the copy), {@code failed}
     * (not found, unreadable, or the send failed: each says why), {@code skipped} (resent before; {@code force}
     * sends again), and gives a result per dead letter. {@code complete} is true only when nothing failed.
     */
    private void resend(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = dlqTopic(s, ctx);
        Body b = Body.of(ctx);
        long rate = b.optNum("ratePerSecond", 50, 1, 10_000);
        boolean force = b.optBool("force", false);
        Object p = b.json().get("positions");
        List<Pick> picks = new ArrayList<>();
        boolean truncated = false;
        if (p != null) {
            if (b.json().containsKey("begin") || b.json().containsKey("end")) {
                throw ApiException.badRequest("give either 'positions' or a time range 'begin'/'end', not both");
            }
            if (!(p instanceof List<?> positions) || positions.isEmpty() || positions.size() > MAX_RESEND) {
                throw ApiException.badRequest("'positions' must list 1 to " + MAX_RESEND + " dead letters as "
                        + "\"broker:queueId:offset\" (from GET .../messages)");
            }
            for (Object o : positions) {
                picks.add(parse(t, String.valueOf(o)));
            }
        } else {
            long begin = b.num("begin", 0, Long.MAX_VALUE);
            long end = b.optNum("end", Long.MAX_VALUE, 0, Long.MAX_VALUE);
            if (end < begin) {
                throw ApiException.badRequest("'end' (" + end + ") is before 'begin' (" + begin + ")");
            }
            truncated = inRange(s, ctx.pathParam("group"), t, begin, end, picks);
        }
        long seconds = picks.size() / rate;
        if (seconds > MAX_RESEND_SECONDS) {
            throw ApiException.badRequest(picks.size() + " dead letters at " + rate + "/s take " + seconds + " s; "
                    + "one request may take at most " + MAX_RESEND_SECONDS + " s: raise 'ratePerSecond' or resend "
                    + "fewer at a time");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        long gapNanos = 1_000_000_000L / rate;
        long nextAt = System.nanoTime();
        int resent = 0;
        int failed = 0;
        int skipped = 0;
        for (Pick pick : picks) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("position", pick.position());
            results.add(r);
            if (pick.queue() == null) {
                r.put("result", "failed: bad position (want broker:queueId:offset)");
                failed++;
                continue;
            }
            String k = key(s, pick.queue(), pick.offset());
            Mark already = marks.get(k);
            if (already != null && !force) {
                r.put("result", "skipped: already resent by " + already.user() + " as " + already.newMsgId());
                skipped++;
                continue;
            }
            long wait = nextAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // the requested resend rate, not a wait for a condition
            }
            nextAt = Math.max(nextAt, System.nanoTime()) + gapNanos;
            try {
                ReceivedMessage m = pick.known() != null ? pick.known()
                        : s.admin().queryMessageByOffset(pick.queue(), pick.offset());
                if (m == null) {
                    r.put("result", "failed: no dead letter at this position (deleted by retention?)");
                    failed++;
                    continue;
                }
                String original = m.property("RETRY_TOPIC");
                if (original == null || original.isBlank()) {
                    r.put("result", "failed: the dead letter does not name its original topic");
                    failed++;
                    continue;
                }
                SendResult sr = s.producer().send(MessageApi.copyOf(m, original));
                Mark mark = new Mark(k, AuthApi.user(ctx), System.currentTimeMillis(), sr.msgId());
                marks.put(k, mark);
                boolean markKept = appendMark(mark);
                r.put("result", "ok: " + sr.status() + (markKept ? "" : " (the resend mark could not be saved "
                        + "to disk: it lasts until the console restarts)"));
                r.put("newMsgId", sr.msgId());
                r.put("topic", original);
                resent++;
            } catch (RuntimeException e) {
                r.put("result", "failed: " + e.getMessage());
                failed++;
            }
        }
        String summary = resent + " of " + picks.size() + " resent, " + failed + " failed, " + skipped
                + " skipped as resent before" + (truncated ? ", more matched the range than one request resends"
                : "");
        audit.record(AuthApi.user(ctx), "dlq.resend", s.name() + "/" + ctx.pathParam("group"), null, results,
                (failed == 0 ? "ok: " : "failed: ") + summary);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requested", picks.size());
        out.put("resent", resent);
        out.put("failed", failed);
        out.put("skipped", skipped);
        out.put("complete", failed == 0);
        out.put("truncated", truncated);
        out.put("summary", summary);
        out.put("results", results);
        ctx.json(out);
    }

    private static Pick parse(String dlqTopic, String pos) {
        String[] parts = pos.split(":");
        if (parts.length == 3) {
            try {
                return new Pick(pos, new MessageQueue(dlqTopic, parts[0], Integer.parseInt(parts[1])),
                        Long.parseLong(parts[2]), null);
            } catch (NumberFormatException e) {
                // a bad position, reported as such below
            }
        }
        return new Pick(pos, null, -1, null);
    }

    /**
     * Collects the dead letters stored in {@code [begin, end]} from the skip point on, in queue order.
     *
     * @return true when more matched than {@value #MAX_RESEND} (the rest is left for another request)
     */
    private boolean inRange(ClusterSet s, String group, String t, long begin, long end, List<Pick> out) {
        for (BrokerGroup g : s.admin().topicRoute(t).brokers()) {
            String addr = g.master();
            if (addr == null) {
                continue;
            }
            Map<MessageQueue, Long> skipPoint = skipPoints(s, addr, group, t);
            for (Map.Entry<MessageQueue, QueueStats> e : s.admin().topicStatsOn(addr, t).entrySet()) {
                MessageQueue q = e.getKey();
                long from = Math.max(Math.max(e.getValue().minOffset(), skipPoint.getOrDefault(q, 0L)),
                        s.admin().searchOffset(addr, q, begin));
                int reads = 0;
                while (from < e.getValue().maxOffset() && reads++ < MAX_RESEND) {
                    List<ReceivedMessage> batch = s.admin().browse(addr, q, from, 32);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (ReceivedMessage m : batch) {
                        from = m.queueOffset() + 1;
                        if (m.storeTimestamp() > end) {
                            from = Long.MAX_VALUE;
                            break;
                        }
                        if (m.storeTimestamp() >= begin) {
                            if (out.size() >= MAX_RESEND) {
                                return true;
                            }
                            out.add(new Pick(q.brokerName() + ":" + q.queueId() + ":" + m.queueOffset(), q,
                                    m.queueOffset(), m));
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Skips a group's dead letters: the group's offset on its DLQ topic moves to the end of every queue, so the
     * depth shown drops to 0 and browsing starts after them (they stay stored until retention removes them;
     * {@code ?skipped=true} still shows them). Needs {@code confirm} equal to the group name. Read back; the answer
     * says per queue the offset before and after and how many dead letters were skipped.
     */
    private void skip(Context ctx) {
        ClusterSet s = Sets.of(sets, ctx);
        String t = dlqTopic(s, ctx);
        String group = ctx.pathParam("group");
        Body b = Body.of(ctx);
        if (!group.equals(b.optStr("confirm", null))) {
            throw ApiException.badRequest("skipping dead letters needs \"confirm\": \"" + group + "\"");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long skipped = 0;
        boolean applied = true;
        Map<String, Long> before = new TreeMap<>();
        Map<String, Long> after = new TreeMap<>();
        try {
            for (BrokerGroup g : s.admin().topicRoute(t).brokers()) {
                String addr = g.master();
                if (addr == null) {
                    continue;
                }
                Map<MessageQueue, Long> points = skipPoints(s, addr, group, t);
                Map<MessageQueue, QueueStats> stats = s.admin().topicStatsOn(addr, t);
                for (Map.Entry<MessageQueue, QueueStats> e : stats.entrySet()) {
                    MessageQueue q = e.getKey();
                    long from = Math.max(e.getValue().minOffset(), points.getOrDefault(q, 0L));
                    long to = e.getValue().maxOffset();
                    if (to > from) {
                        s.admin().commitOffset(addr, group, q, to);
                        skipped += to - from;
                    }
                    before.put(q.brokerName() + ":" + q.queueId(), from);
                }
                Map<MessageQueue, Long> now = skipPoints(s, addr, group, t);
                for (Map.Entry<MessageQueue, QueueStats> e : stats.entrySet()) {
                    MessageQueue q = e.getKey();
                    long target = e.getValue().maxOffset();
                    long got = now.getOrDefault(q, e.getValue().minOffset());
                    boolean ok = got >= target;
                    applied &= ok;
                    after.put(q.brokerName() + ":" + q.queueId(), got);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("broker", q.brokerName());
                    row.put("queueId", q.queueId());
                    row.put("before", before.get(q.brokerName() + ":" + q.queueId()));
                    row.put("target", target);
                    row.put("after", got);
                    row.put("applied", ok);
                    rows.add(row);
                }
            }
        } catch (RuntimeException e) {
            audit.record(AuthApi.user(ctx), "dlq.skip", s.name() + "/" + group, before, after,
                    "failed: " + e.getMessage());
            throw e;
        }
        audit.record(AuthApi.user(ctx), "dlq.skip", s.name() + "/" + group, before, after,
                applied ? "ok: " + skipped + " dead letters skipped" : "failed: some queues do not hold the new offset");
        s.snapshots().refreshNow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", applied);
        out.put("skipped", skipped);
        out.put("queues", rows);
        ctx.json(out);
    }

    /** Appends the mark to the marks file; false (logged) when it could not be written. */
    private synchronized boolean appendMark(Mark m) {
        try (BufferedWriter w = Files.newBufferedWriter(marksFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(JSON.toJSONString(m));
            w.newLine();
            return true;
        } catch (IOException e) {
            log.error("cannot record the resend mark of {} in {}: {}", m.key(), marksFile, e.toString());
            return false;
        }
    }
}
