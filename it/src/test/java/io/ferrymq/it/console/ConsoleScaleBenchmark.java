package io.ferrymq.it.console;

import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.admin.BrokerGroup;
import io.ferrymq.console.ConsoleConfig;
import io.ferrymq.console.ConsoleServer;
import io.ferrymq.console.auth.PasswordHashes;
import io.ferrymq.console.cluster.Snapshot;
import io.ferrymq.it.TestCluster;
import io.ferrymq.it.ha.ProcessCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.CreateTopicListRequestBody;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupList;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console at scale, a benchmark and not a test (its name keeps it out of the normal build; it asserts no
 * timing): a local cluster (broker groups broker-a and broker-b, each a master and a slave, in child JVMs) with
 * {@value #TOPICS} topics of 4 queues on both masters and {@value #GROUPS} consumer groups, each with committed
 * offsets on one topic; a console watching it; then every list page's API is called {@value #CALLS} times and its
 * latency printed (median, 95th percentile, max), with the snapshot's refresh time and whether it was partial.
 * Run it alone, under the machine's lock:
 *
 * <pre>
 * flock /tmp/ferrymq-heavy.lock mvn -B -q -o -pl it -am test -Dtest=ConsoleScaleBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The figures go to standard output and to {@code it/target/console-scale.txt}; docs/benchmarks.md records them.
 */
@Timeout(1800)
class ConsoleScaleBenchmark {
    static final int TOPICS = Integer.getInteger("ferrymq.bench.topics", 5000);
    static final int GROUPS = Integer.getInteger("ferrymq.bench.groups", 5000);
    static final int CALLS = 50;

    @Test
    void listPagesWith5000TopicsAnd5000Groups() throws Exception {
        List<String> report = new ArrayList<>();
        try (ProcessCluster cluster = ProcessCluster.start("console-scale", 1)) {
            cluster.startTwoGroupsWithTopic("ASYNC_MASTER", "ScaleSeed");
            AdminClient admin = new AdminClient(new AdminConfig().nameServers(cluster.namesrvAddr())
                    .instanceName("scale-admin").rpcTimeoutMillis(30_000)).start();
            RemotingClient raw = new RemotingClient(new RemotingClientConfig().name("scale-setup"));
            ConsoleServer console = null;
            try {
                List<String> masters = new ArrayList<>();
                for (BrokerGroup g : admin.clusterInfo().brokers().values()) {
                    masters.add(g.master());
                }
                long setupStart = System.nanoTime();
                for (String m : masters) {
                    for (int from = 0; from < TOPICS; from += 500) {
                        CreateTopicListRequestBody body = new CreateTopicListRequestBody();
                        List<TopicConfig> list = new ArrayList<>();
                        for (int i = from; i < Math.min(TOPICS, from + 500); i++) {
                            list.add(new TopicConfig(topic(i), 4, 4, 6));
                        }
                        body.setTopicConfigList(list);
                        ok(raw.invokeSync(m, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC_LIST)
                                .body(Json.toBytes(body)), 60_000), "create topics");
                    }
                    SubscriptionGroupList groups = new SubscriptionGroupList();
                    List<SubscriptionGroupConfig> gl = new ArrayList<>();
                    for (int i = 0; i < GROUPS; i++) {
                        gl.add(new SubscriptionGroupConfig(group(i)));
                    }
                    groups.setGroupConfigList(gl);
                    ok(raw.invokeSync(m, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST)
                            .body(Json.toBytes(groups)), 60_000), "create groups");
                }
                TestCluster.awaitTrue("name server knows every topic", Duration.ofMinutes(5),
                        () -> admin.topics().size() >= TOPICS);
                List<BrokerGroup> brokerGroups = new ArrayList<>(admin.clusterInfo().brokers().values());
                // offsets make the group's progress real: one queue of one topic on each master (8 calls at once)
                java.util.concurrent.ForkJoinPool setupPool = new java.util.concurrent.ForkJoinPool(8);
                try {
                    setupPool.submit(() -> java.util.stream.IntStream.range(0, GROUPS).parallel().forEach(i -> {
                        for (BrokerGroup g : brokerGroups) {
                            admin.commitOffset(g.master(), group(i), new MessageQueue(topic(i % TOPICS),
                                    g.brokerName(), 0), 0);
                        }
                    })).get();
                } finally {
                    setupPool.shutdown();
                }
                report.add(String.format("setup: %d topics x 4 queues on 2 masters, %d groups with offsets, %.0f s",
                        TOPICS, GROUPS, (System.nanoTime() - setupStart) / 1e9));

                Path data = Files.createTempDirectory("ferrymq-console-scale-");
                Map<String, String> conf = new HashMap<>();
                conf.put("listenPort", "0");
                conf.put("dataDir", data.toString());
                conf.put("nameServers.local", cluster.namesrvAddr());
                conf.put("user.viewer", "viewer:" + PasswordHashes.hash(ConsoleFixture.PASSWORD));
                console = new ConsoleServer(new ConsoleConfig().apply(conf, null), Clock.systemUTC()).start();
                ConsoleServer c = console;
                long firstStart = System.nanoTime();
                TestCluster.awaitTrue("a snapshot with every topic and group", Duration.ofMinutes(10), () -> {
                    Snapshot s = c.sets().get("local").snapshot();
                    return s.topics().size() >= TOPICS && s.groups().size() >= GROUPS;
                });
                report.add(String.format("first snapshot holding all: %.1f s after start",
                        (System.nanoTime() - firstStart) / 1e9));
                for (int i = 0; i < 3; i++) {
                    Snapshot s = c.sets().get("local").snapshots().refreshNow();
                    long staleTopics = s.topics().values().stream().filter(Snapshot.TopicState::stale).count();
                    long staleGroups = s.groups().values().stream().filter(Snapshot.GroupState::stale).count();
                    report.add(String.format("snapshot refresh %d: took %d ms, partial=%s, stale topics %d, stale groups "
                            + "%d%s", i + 1, s.tookMillis(), s.partial(), staleTopics, staleGroups,
                            s.errors().isEmpty() ? "" : ", errors: " + s.errors()));
                }

                ConsoleApi api = new ConsoleApi(console.url()).login("viewer", ConsoleFixture.PASSWORD);
                Map<String, String> pages = new LinkedHashMap<>();
                pages.put("overview", "/api/sets/local/overview");
                pages.put("brokers", "/api/sets/local/brokers");
                pages.put("topics, first page", "/api/sets/local/topics?page=0&size=50");
                pages.put("topics, page 60", "/api/sets/local/topics?page=60&size=50");
                pages.put("topics, search", "/api/sets/local/topics?q=ScaleTopic-49&size=50");
                pages.put("groups, first page", "/api/sets/local/groups?page=0&size=50");
                pages.put("groups, search", "/api/sets/local/groups?q=scale-group-49&size=50");
                pages.put("groups, offline only", "/api/sets/local/groups?offline=true&size=50");
                pages.put("dead letters", "/api/sets/local/dlq");
                pages.put("charts", "/api/sets/local/charts");
                report.add(String.format("%-22s %8s %8s %8s  %s", "API", "median", "p95", "max", "(ms over " + CALLS
                        + " calls)"));
                for (Map.Entry<String, String> p : pages.entrySet()) {
                    api.get(p.getValue()); // warm-up
                    List<Double> ms = new ArrayList<>();
                    String sample = null;
                    for (int i = 0; i < CALLS; i++) {
                        long t0 = System.nanoTime();
                        ConsoleApi.Res r = api.get(p.getValue());
                        ms.add((System.nanoTime() - t0) / 1e6);
                        if (r.status() != 200) {
                            throw new AssertionError(p.getValue() + " -> " + r.status() + " " + r.body());
                        }
                        sample = r.body();
                    }
                    Collections.sort(ms);
                    report.add(String.format("%-22s %8.1f %8.1f %8.1f  %s", p.getKey(), ms.get(ms.size() / 2),
                            ms.get((int) Math.ceil(ms.size() * 0.95) - 1), ms.get(ms.size() - 1), summary(sample)));
                }
            } finally {
                if (console != null) {
                    console.close();
                }
                raw.shutdown();
                admin.shutdown();
                String text = String.join("\n", report) + "\n";
                System.out.println("=== console scale ===\n" + text);
                Files.writeString(Path.of("target/console-scale.txt"), text, StandardCharsets.UTF_8);
            }
        }
    }

    private static String summary(String body) {
        if (body == null || !body.startsWith("{")) {
            return "";
        }
        JSONObject o = JSONObject.parseObject(body);
        return o.containsKey("total") ? "total " + o.get("total") + ", partial " + o.get("partial")
                : o.containsKey("partial") ? "partial " + o.get("partial") : "";
    }

    private static void ok(RemotingCommand resp, String what) {
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new AssertionError(what + ": " + resp.code() + " " + resp.remark());
        }
    }

    private static String topic(int i) {
        return String.format("ScaleTopic-%04d", i);
    }

    private static String group(int i) {
        return String.format("scale-group-%04d", i);
    }
}
