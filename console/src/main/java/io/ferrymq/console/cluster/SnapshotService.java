package io.ferrymq.console.cluster;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.ClusterView;
import io.ferrymq.client.admin.ConsumerProgress;
import io.ferrymq.client.admin.QueueProgress;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps the {@link Snapshot} of one name-server set fresh: every interval, on its own thread
 * ({@code console-snapshot-<set>}), it asks the name server for the clusters and topics, then makes every broker
 * call in parallel on the shared call pool under one deadline; whatever has not answered by then is marked
 * (partial snapshot, stale topic or group, unreachable broker) and the rest is published at once. Only the
 * snapshot thread writes; HTTP threads read the published snapshot (a volatile reference).
 */
public final class SnapshotService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);

    private final String set;
    private final AdminClient admin;
    private final ExecutorService calls;
    private final RateHistory rates;
    private final Clock clock;
    private final long deadlineMillis;
    private final ScheduledExecutorService thread;
    private final AtomicLong failedRefreshes = new AtomicLong();
    /** Topic-statistics calls (topic x master) one round makes at most; the rest wait for later rounds. */
    static final int TOPIC_CALLS_PER_ROUND = 4000;
    /** Online-consumer calls (group x master) one round makes at most. */
    static final int ONLINE_CALLS_PER_ROUND = 2000;
    // Rotation state and the DLQ queues of topics not sampled this round: the snapshot thread only.
    private int topicCursor;
    private int onlineCursor;
    private Map<String, Map<MessageQueue, QueueStats>> prevDlqQueues = Map.of();
    private volatile Snapshot current;

    public SnapshotService(String set, AdminClient admin, ExecutorService calls, RateHistory rates, Clock clock,
                           long deadlineMillis) {
        this.set = set;
        this.admin = admin;
        this.calls = calls;
        this.rates = rates;
        this.clock = clock;
        this.deadlineMillis = deadlineMillis;
        this.current = Snapshot.empty(set);
        this.thread = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("console-snapshot-" + set));
    }

    public void start(long intervalMillis) {
        thread.scheduleWithFixedDelay(this::refreshSafely, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public Snapshot current() {
        return current;
    }

    /** Refreshes now on the snapshot thread and waits for it (after a change, so the next page shows it). */
    public Snapshot refreshNow() {
        try {
            return thread.submit(this::refreshSafely).get(deadlineMillis * 4 + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return current;
        }
    }

    public long failedRefreshes() {
        return failedRefreshes.get();
    }

    private Snapshot refreshSafely() {
        try {
            current = refresh();
        } catch (RuntimeException e) {
            // Counted and shown on the page (the previous figures stay, marked partial).
            failedRefreshes.incrementAndGet();
            log.warn("snapshot of {} failed: {}", set, e.toString());
            Snapshot prev = current;
            List<String> errors = new ArrayList<>(List.of("refresh failed: " + e.getMessage()));
            current = new Snapshot(set, prev.takenAt(), prev.tookMillis(), true, errors, prev.clusters(),
                    prev.brokers(), prev.topics(), prev.groups());
        }
        return current;
    }

    private <T> CompletableFuture<T> call(Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, calls);
    }

    /**
     * The call's answer if it comes before the deadline. One that does not is cancelled: if it still waits in the
     * pool's queue it never runs, so calls left over from a slow round do not pile up behind the next round.
     */
    private static <T> T await(CompletableFuture<T> f, long deadline) throws Exception {
        long left = deadline - System.nanoTime();
        try {
            return f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw e;
        }
    }

    private static String reason(Exception e) {
        if (e instanceof TimeoutException) {
            return "no answer within the deadline";
        }
        Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * Picks at most {@code budget} names for this round: names with no figures yet first, then the others in
     * rotation from {@code cursor} on, so every name is refreshed within a few rounds however many there are.
     *
     * @return the names picked and the cursor for the next round
     */
    static Map.Entry<Set<String>, Integer> pick(List<String> names, Set<String> known, int budget, int cursor) {
        Set<String> picked = new TreeSet<>();
        for (String n : names) {
            if (picked.size() >= budget) {
                break;
            }
            if (!known.contains(n)) {
                picked.add(n);
            }
        }
        int next = names.isEmpty() ? 0 : cursor % names.size();
        for (int i = 0; i < names.size() && picked.size() < budget; i++) {
            picked.add(names.get(next));
            next = (next + 1) % names.size();
        }
        return Map.entry(picked, next);
    }

    Snapshot refresh() {
        long start = clock.millis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        Snapshot prev = current;
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        ClusterView view = admin.clusterInfo();
        Set<String> topicNames = admin.topics();

        // Brokers: runtime info of every address in parallel.
        Map<String, CompletableFuture<Map<String, String>>> runtime = new LinkedHashMap<>();
        List<String> masters = new ArrayList<>();
        for (BrokerGroup g : view.brokers().values()) {
            for (String addr : g.addresses().values()) {
                runtime.put(addr, call(() -> admin.brokerRuntimeInfo(addr)));
            }
            if (g.master() != null) {
                masters.add(g.master());
            }
        }
        // Groups: every master's groups with their progress, one call per master.
        Map<String, CompletableFuture<Map<String, ConsumerProgress>>> groupLists = new LinkedHashMap<>();
        for (String m : masters) {
            groupLists.put(m, call(() -> admin.brokerConsumeStats(m)));
        }
        // Topic stats per (topic, master), for at most a round's budget of topics (a master that does not hold
        // the topic answers TOPIC_NOT_EXIST); the others keep their figures from an earlier round.
        List<String> allTopics = new ArrayList<>(new TreeSet<>(topicNames));
        Map.Entry<Set<String>, Integer> topicPick = pick(allTopics, prev.topics().keySet(),
                Math.max(1, TOPIC_CALLS_PER_ROUND / Math.max(1, masters.size())), topicCursor);
        topicCursor = topicPick.getValue();
        Map<String, Map<String, CompletableFuture<Map<MessageQueue, QueueStats>>>> topicStats = new TreeMap<>();
        for (String t : topicPick.getKey()) {
            Map<String, CompletableFuture<Map<MessageQueue, QueueStats>>> per = new LinkedHashMap<>();
            for (String m : masters) {
                per.put(m, call(() -> {
                    try {
                        return admin.topicStatsOn(m, t);
                    } catch (BrokerException e) {
                        if (e.code() == ResponseCode.TOPIC_NOT_EXIST) { // not on this broker
                            return Map.of();
                        }
                        throw e;
                    }
                }));
            }
            topicStats.put(t, per);
        }
        Map<String, Map<String, ConsumerProgress>> progressByMaster = new HashMap<>();
        Set<String> failedMasters = new TreeSet<>();
        Set<String> groupNames = new TreeSet<>();
        for (Map.Entry<String, CompletableFuture<Map<String, ConsumerProgress>>> e : groupLists.entrySet()) {
            try {
                Map<String, ConsumerProgress> p = await(e.getValue(), deadline);
                progressByMaster.put(e.getKey(), p);
                groupNames.addAll(p.keySet());
            } catch (Exception ex) {
                failedMasters.add(e.getKey());
                errors.add("groups of " + e.getKey() + ": " + reason(ex));
            }
        }
        for (String g : prev.groups().keySet()) {
            if (!failedMasters.isEmpty()) {
                groupNames.add(g); // a master that did not answer may still hold it
            }
        }
        Map<String, Map<String, CompletableFuture<ConsumerProgress>>> dlqStats = new HashMap<>();
        for (String g : groupNames) {
            if (topicNames.contains("%DLQ%" + g)) {
                // asked for by name: an online group's progress leaves out topics it does not subscribe to
                Map<String, CompletableFuture<ConsumerProgress>> dlq = new LinkedHashMap<>();
                for (String m : masters) {
                    dlq.put(m, call(() -> admin.consumeStatsOn(m, g, "%DLQ%" + g)));
                }
                dlqStats.put(g, dlq);
            }
        }
        // Online consumers, for at most a round's budget of groups; the others keep their earlier count.
        Map.Entry<Set<String>, Integer> onlinePick = pick(new ArrayList<>(groupNames), prev.groups().keySet(),
                Math.max(1, ONLINE_CALLS_PER_ROUND / Math.max(1, masters.size())), onlineCursor);
        onlineCursor = onlinePick.getValue();
        Map<String, CompletableFuture<Integer>> online = new HashMap<>();
        for (String g : onlinePick.getKey()) {
            online.put(g, call(() -> {
                Set<String> ids = new TreeSet<>();
                for (String m : masters) {
                    try {
                        ids.addAll(admin.consumerIdsOn(m, g));
                    } catch (RuntimeException e) {
                        // a broker the group's clients are not connected to may not know it
                    }
                }
                return ids.size();
            }));
        }

        long now = clock.millis();
        List<Snapshot.BrokerState> brokers = new ArrayList<>();
        Map<String, Long> masterMax = new HashMap<>();
        Map<String, Map<String, String>> infos = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<Map<String, String>>> e : runtime.entrySet()) {
            try {
                infos.put(e.getKey(), await(e.getValue(), deadline));
            } catch (Exception ex) {
                errors.add("broker " + e.getKey() + ": " + reason(ex));
            }
        }
        for (BrokerGroup g : view.brokers().values()) {
            String m = g.master();
            if (m != null && infos.containsKey(m)) {
                masterMax.put(g.brokerName(), num(infos.get(m), "commitLogMaxOffset"));
            }
        }
        for (BrokerGroup g : view.brokers().values()) {
            for (Map.Entry<Long, String> a : new TreeMap<>(g.addresses()).entrySet()) {
                String addr = a.getValue();
                Map<String, String> info = infos.get(addr);
                if (info == null) {
                    brokers.add(new Snapshot.BrokerState(g.cluster(), g.brokerName(), a.getKey(), addr, false,
                            "no answer: " + errorFor(errors, addr), null, 0, 0, 0, 0, 0, -1, Map.of()));
                    continue;
                }
                rates.counter("broker:" + addr + ":put", now, num(info, "msgPutTotalTodayNow"));
                rates.counter("broker:" + addr + ":get", now, num(info, "msgGetTotalTodayNow"));
                long max = num(info, "commitLogMaxOffset");
                long lag = a.getKey() == 0 || !masterMax.containsKey(g.brokerName()) ? 0
                        : Math.max(0, masterMax.get(g.brokerName()) - max);
                brokers.add(new Snapshot.BrokerState(g.cluster(), g.brokerName(), a.getKey(), addr, true, null,
                        info.get("brokerVersionDesc"), rates.latest("broker:" + addr + ":put"),
                        rates.latest("broker:" + addr + ":get"), num(info, "commitLogMinOffset"), max,
                        dbl(info, "commitLogDiskRatio"), lag, info));
            }
        }

        Map<String, Snapshot.TopicState> topics = new TreeMap<>();
        Map<MessageQueue, QueueStats> dlqQueues = new HashMap<>(); // for the depth after a skip
        for (String t : allTopics) {
            Snapshot.TopicState before = prev.topics().get(t);
            Map<String, CompletableFuture<Map<MessageQueue, QueueStats>>> per = topicStats.get(t);
            if (per == null) {
                // not in this round's budget: the figures of its last round (or none yet)
                topics.put(t, before != null ? before : new Snapshot.TopicState(t, isSystemTopic(t, view), List.of(),
                        0, 0, 0, 0, 0, true, "not sampled yet"));
                if (t.startsWith("%DLQ%") && prevDlqQueues.containsKey(t)) {
                    dlqQueues.putAll(prevDlqQueues.get(t));
                }
                continue;
            }
            List<String> groups = new ArrayList<>();
            int queues = 0;
            long messages = 0;
            long maxSum = 0;
            long last = 0;
            String error = null;
            for (Map.Entry<String, CompletableFuture<Map<MessageQueue, QueueStats>>> b : per.entrySet()) {
                try {
                    Map<MessageQueue, QueueStats> qs = await(b.getValue(), deadline);
                    if (t.startsWith("%DLQ%")) {
                        dlqQueues.putAll(qs);
                    }
                    if (!qs.isEmpty()) {
                        groups.add(qs.keySet().iterator().next().brokerName());
                    }
                    for (QueueStats s : qs.values()) {
                        queues++;
                        messages += Math.max(0, s.maxOffset() - s.minOffset());
                        maxSum += s.maxOffset();
                        last = Math.max(last, s.lastUpdateTimestamp());
                    }
                } catch (Exception ex) {
                    error = b.getKey() + ": " + reason(ex);
                }
            }
            if (error != null && before != null) {
                topics.put(t, new Snapshot.TopicState(t, before.system(), before.brokerGroups(), before.queues(),
                        before.messages(), before.maxOffsetSum(), before.lastStoreTime(), before.tps(), true, error));
                continue;
            }
            rates.counter("topic:" + t, now, maxSum);
            topics.put(t, new Snapshot.TopicState(t, isSystemTopic(t, view), groups, queues, messages, maxSum, last,
                    rates.latest("topic:" + t), error != null, error));
        }
        Map<String, Map<MessageQueue, QueueStats>> keptDlq = new HashMap<>();
        dlqQueues.forEach((q, st) -> keptDlq.computeIfAbsent(q.topic(), k -> new HashMap<>()).put(q, st));
        prevDlqQueues = keptDlq;
        if (topics.values().stream().anyMatch(t -> t.stale() && !"not sampled yet".equals(t.error()))) {
            errors.add("some topics' statistics did not answer in time (marked stale)");
        }

        Map<String, Snapshot.GroupState> groups = new TreeMap<>();
        for (String g : groupNames) {
            long lag = 0;
            long consumed = 0;
            int ahead = 0;
            List<String> aheadQueues = new ArrayList<>();
            Map<MessageQueue, Long> dlqSkipPoints = new HashMap<>();
            Set<String> gTopics = new TreeSet<>();
            String error = null;
            for (String m : masters) {
                if (failedMasters.contains(m)) {
                    error = "groups of " + m + " did not answer";
                    continue;
                }
                ConsumerProgress p = progressByMaster.getOrDefault(m, Map.of()).get(g);
                if (p == null) {
                    continue; // the group has nothing on this broker
                }
                for (Map.Entry<MessageQueue, QueueProgress> q : p.queues().entrySet()) {
                    if (q.getKey().topic().startsWith("%RETRY%") || q.getKey().topic().startsWith("%DLQ%")) {
                        continue;
                    }
                    gTopics.add(q.getKey().topic());
                    lag += q.getValue().lag();
                    QueueProgress qp = q.getValue();
                    if (qp.consumerOffset() > qp.brokerOffset() && qp.brokerOffset() >= 0) {
                        if (ahead++ < 5) {
                            aheadQueues.add(q.getKey().topic() + " " + q.getKey().brokerName() + "#"
                                    + q.getKey().queueId() + ": committed " + qp.consumerOffset() + ", queue end "
                                    + qp.brokerOffset());
                        }
                    }
                    consumed += Math.max(0, q.getValue().consumerOffset());
                }
            }
            for (Map.Entry<String, CompletableFuture<ConsumerProgress>> b
                    : dlqStats.getOrDefault(g, Map.of()).entrySet()) {
                try {
                    // the group's offset on its DLQ topic is where its dead letters were skipped to
                    await(b.getValue(), deadline).queues()
                            .forEach((q, p) -> dlqSkipPoints.put(q, p.consumerOffset()));
                } catch (Exception ex) {
                    error = error == null ? "dead letters on " + b.getKey() + ": " + reason(ex) : error;
                }
            }
            Snapshot.GroupState before = prev.groups().get(g);
            int clients = before == null ? 0 : before.onlineClients();
            if (online.containsKey(g)) {
                try {
                    clients = await(online.get(g), deadline);
                } catch (Exception ex) {
                    error = error == null ? "online clients: " + reason(ex) : error;
                }
            }
            long dlqDepth = dlqDepth(topics.get("%DLQ%" + g), dlqQueues, dlqSkipPoints);
            if (error != null && before != null) {
                groups.put(g, new Snapshot.GroupState(g, before.system(), before.topics(), before.lag(),
                        before.consumedSum(), before.consumeTps(), before.onlineClients(), before.dlqDepth(), true,
                        error, before.queuesAhead(), before.aheadQueues()));
                continue;
            }
            rates.counter("group:" + g + ":consumed", now, consumed);
            rates.gauge("group:" + g + ":lag", now, lag);
            groups.put(g, new Snapshot.GroupState(g, isSystemGroup(g), gTopics, lag, consumed,
                    rates.latest("group:" + g + ":consumed"), clients, dlqDepth, error != null,
                    error, ahead, List.copyOf(aheadQueues)));
        }
        if (groups.values().stream().anyMatch(Snapshot.GroupState::stale)) {
            errors.add("some groups' progress did not answer in time (marked stale)");
        }
        rates.retain(k -> !k.startsWith("topic:") && !k.startsWith("group:")
                || topics.containsKey(k.substring(6)) || groups.containsKey(groupKey(k)));
        Map<String, Set<String>> clusters = new TreeMap<>(view.clusters());
        return new Snapshot(set, now, clock.millis() - start, !errors.isEmpty(), List.copyOf(errors), clusters,
                brokers, Collections.unmodifiableMap(topics), Collections.unmodifiableMap(groups));
    }

    /** Dead letters after the skip point: per DLQ queue, max minus the larger of min and the skip point. */
    static long dlqDepth(Snapshot.TopicState dlq, Map<MessageQueue, QueueStats> dlqQueues,
                         Map<MessageQueue, Long> skipPoints) {
        if (dlq == null) {
            return 0;
        }
        if (skipPoints.isEmpty()) {
            return dlq.messages();
        }
        long depth = 0;
        for (Map.Entry<MessageQueue, QueueStats> e : dlqQueues.entrySet()) {
            if (e.getKey().topic().equals(dlq.name())) {
                long from = Math.max(e.getValue().minOffset(), skipPoints.getOrDefault(e.getKey(), 0L));
                depth += Math.max(0, e.getValue().maxOffset() - from);
            }
        }
        return depth;
    }

    private static String groupKey(String k) {
        if (!k.startsWith("group:")) {
            return "";
        }
        int i = k.lastIndexOf(':');
        return k.substring(6, i);
    }

    private static String errorFor(List<String> errors, String addr) {
        synchronized (errors) {
            for (String e : errors) {
                if (e.startsWith("broker " + addr)) {
                    return e.substring(("broker " + addr + ": ").length());
                }
            }
        }
        return "unknown";
    }

    /** Topics the brokers keep for themselves: retry, DLQ, scheduling, the default topic, cluster and group names. */
    public static boolean isSystemTopic(String t, ClusterView view) {
        return t.startsWith("%RETRY%") || t.startsWith("%DLQ%") || t.startsWith("rmq_sys_")
                || t.startsWith("RMQ_SYS_") || t.equals("TBW102") || t.equals("SCHEDULE_TOPIC_XXXX")
                || t.equals("OFFSET_MOVED_EVENT") || t.equals("SELF_TEST_TOPIC") || t.equals("BenchmarkTest")
                || view.clusters().containsKey(t) || view.brokers().containsKey(t);
    }

    static boolean isSystemGroup(String g) {
        return g.startsWith("CID_RMQ_SYS_") || g.equals("TOOLS_CONSUMER") || g.equals("FILTERSRV_CONSUMER")
                || g.equals("SELF_TEST_C_GROUP") || g.equals("CID_ONS-HTTP-PROXY") || g.equals("CID_ONSAPI_PERMISSION")
                || g.equals("CID_ONSAPI_OWNER") || g.equals("CID_ONSAPI_PULL") || g.startsWith("CID_RMQ_SYS");
    }

    private static long num(Map<String, String> m, String k) {
        try {
            return Long.parseLong(m.getOrDefault(k, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double dbl(Map<String, String> m, String k) {
        try {
            return Double.parseDouble(m.getOrDefault(k, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
