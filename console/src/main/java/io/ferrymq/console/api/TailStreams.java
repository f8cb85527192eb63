package io.ferrymq.console.api;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.common.NamedThreads;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live tail over Server-Sent Events: {@code GET /api/sets/{set}/tail?topic=T[&tag=..][&key=..]} streams every
 * message stored in T after the stream opened ({@code message} events, JSON), filtered by tag or key. One thread
 * ({@code console-tail}) reads every open stream's queues from where it left off, every {@value #STEP_MILLIS} ms,
 * without touching any group's offsets. At most {@value #MAX_STREAMS} streams at once.
 */
public final class TailStreams implements AutoCloseable {
    static final long STEP_MILLIS = 500;
    static final int MAX_STREAMS = 32;
    private static final Logger log = LoggerFactory.getLogger(TailStreams.class);

    /** One open stream; its positions are touched only by the tail thread. */
    private static final class Stream {
        final SseClient client;
        final ClusterSet set;
        final String topic;
        final String tag;
        final String key;
        final Map<MessageQueue, Long> next = new ConcurrentHashMap<>();
        final Map<MessageQueue, String> addr = new ConcurrentHashMap<>();
        int steps;

        Stream(SseClient client, ClusterSet set, String topic, String tag, String key) {
            this.client = client;
            this.set = set;
            this.topic = topic;
            this.tag = tag;
            this.key = key;
        }
    }

    private final Map<String, ClusterSet> sets;
    private final int maxBody;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            NamedThreads.factory("console-tail"));

    public TailStreams(Map<String, ClusterSet> sets, int maxBody) {
        this.sets = sets;
        this.maxBody = Math.min(maxBody, 4096);
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::step, STEP_MILLIS, STEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void register(Javalin app) {
        // Checked after the security filter and before the stream opens, so a bad request gets a plain 4xx.
        app.beforeMatched("/api/sets/{set}/tail", ctx -> {
            ClusterSet s = Sets.of(sets, ctx);
            String t = Sets.required(ctx, "topic");
            if (!s.snapshot().topics().containsKey(t) && !s.admin().topics().contains(t)) {
                throw ApiException.notFound("topic " + t + " does not exist in set " + s.name());
            }
            if (streams.size() >= MAX_STREAMS) {
                throw new ApiException(503, "too many live tails open (" + MAX_STREAMS + "); close one");
            }
        });
        app.sse("/api/sets/{set}/tail", client -> {
            var ctx = client.ctx();
            Stream st = new Stream(client, sets.get(ctx.pathParam("set")), ctx.queryParam("topic"),
                    blankToNull(ctx.queryParam("tag")), blankToNull(ctx.queryParam("key")));
            client.keepAlive();
            client.onClose(() -> streams.remove(st));
            thread.execute(() -> {
                try {
                    locate(st, true);
                    streams.add(st);
                    client.sendEvent("ready", JSON.toJSONString(Map.of("topic", st.topic, "queues", st.next.size())));
                } catch (RuntimeException e) {
                    client.sendEvent("failed", JSON.toJSONString(Map.of("error", String.valueOf(e.getMessage()))));
                    client.close();
                }
            });
        }, Access.VIEWER);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Finds the topic's queues; new ones start at their end when the stream opens, at their start later. */
    private static void locate(Stream st, boolean atEnd) {
        for (BrokerGroup g : st.set.admin().topicRoute(st.topic).brokers()) {
            String a = g.master() != null ? g.master() : g.addresses().values().stream().findFirst().orElse(null);
            if (a == null) {
                continue;
            }
            for (Map.Entry<MessageQueue, QueueStats> e : st.set.admin().topicStatsOn(a, st.topic).entrySet()) {
                st.addr.put(e.getKey(), a);
                st.next.putIfAbsent(e.getKey(), atEnd ? e.getValue().maxOffset() : e.getValue().minOffset());
            }
        }
    }

    private void step() {
        for (Stream st : streams) {
            if (st.client.terminated()) {
                streams.remove(st);
                continue;
            }
            try {
                if (++st.steps % 20 == 0) {
                    locate(st, false);
                    st.client.sendComment("alive");
                }
                for (Map.Entry<MessageQueue, Long> e : st.next.entrySet()) {
                    List<ReceivedMessage> got = st.set.admin().browse(st.addr.get(e.getKey()), e.getKey(),
                            e.getValue(), 32);
                    long next = e.getValue();
                    for (ReceivedMessage m : got) {
                        next = Math.max(next, m.queueOffset() + 1);
                        if (matches(st, m)) {
                            st.client.sendEvent("message", JSON.toJSONString(MessageView.of(m, maxBody)));
                        }
                    }
                    st.next.put(e.getKey(), next);
                }
            } catch (RuntimeException e) {
                // Shown to the page; the stream goes on with the next step.
                log.debug("tail of {} failed a step: {}", st.topic, e.toString());
                try {
                    st.client.sendEvent("failed", JSON.toJSONString(Map.of("error", String.valueOf(e.getMessage()))));
                } catch (RuntimeException ignored) {
                    streams.remove(st);
                }
            }
        }
    }

    private static boolean matches(Stream st, ReceivedMessage m) {
        if (st.tag != null && !st.tag.equals(m.tags())) {
            return false;
        }
        return st.key == null || (m.keys() != null && List.of(m.keys().split(" ")).contains(st.key));
    }

    @Override
    public void close() {
        thread.shutdownNow();
        for (Stream st : streams) {
            try {
                st.client.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
