package io.ferrymq.it.console;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.it.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console against a real cluster (two broker groups, each a master and a slave, in child JVMs): its JSON
 * API as a curl user sees it, and the same stories in headless Chromium ({@link ConsoleBrowserStories}).
 */
@Timeout(600)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {
    static ConsoleFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ConsoleFixture();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** A condition that may fail while it is not yet true. */
    interface Cond {
        boolean get() throws Exception;
    }

    static void await(String what, Duration d, Cond c) {
        TestCluster.awaitTrue(what, d, () -> {
            try {
                return c.get();
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Waits until the producer's route (from the name server it asks) has the topic's queues on both groups. */
    static void awaitRoute(String topic, int queues) {
        await("route of " + topic + " with " + queues + " writable queues", Duration.ofSeconds(30),
                () -> fx.producer.writableQueues(topic).size() == queues);
    }

    static PushConsumer consumer(String group, String topic, MessageListenerConcurrently l, int maxReconsume) {
        PushConsumer c = new PushConsumer(new PushConsumerConfig().group(group).nameServers(fx.cluster.namesrvAddr())
                .instanceName(group + "-" + System.nanoTime()).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .maxReconsumeTimes(maxReconsume).persistOffsetIntervalMillis(200).rebalanceIntervalMillis(1000)
                .heartbeatBrokerIntervalMillis(1000).pollNameServerIntervalMillis(1000));
        c.subscribe(topic, "*");
        c.registerListener(l);
        return c.start();
    }

    static long groupLag(ConsoleApi api, String group) throws Exception {
        long lag = 0;
        for (Object q : api.get("/api/sets/local/groups/" + group).json().getJSONArray("queues")) {
            lag += ((JSONObject) q).getLongValue("lag");
        }
        return lag;
    }

    @Nested
    @Order(1)
    class JsonApi {
        @Test
        void bothBrokerGroupsShowTheirSlaveAndSendTpsAfterTraffic() throws Exception {
            ConsoleApi api = fx.login("viewer");
            await("both masters with send TPS > 0", Duration.ofSeconds(60), () -> {
                JSONArray brokers = api.get("/api/sets/local/brokers").json().getJSONArray("brokers");
                long busyMasters = brokers.stream().map(o -> (JSONObject) o)
                        .filter(b -> b.getString("role").equals("master") && b.getDoubleValue("sendTps") > 0).count();
                return brokers.size() == 4 && busyMasters == 2;
            });
            JSONObject overview = api.get("/api/sets/local/overview").json();
            assertEquals(2, overview.getJSONObject("clusters").getJSONArray("HaCluster").size(), overview.toString());
        }

        @Test
        void aSetWhoseNameServerIsDownIsMarkedPartialWhileTheOtherAnswers() throws Exception {
            ConsoleApi api = fx.login("viewer");
            await("down set marked", Duration.ofSeconds(30), () -> {
                JSONObject o = api.get("/api/sets/down/overview").json();
                return o.getBooleanValue("partial") && !o.getJSONArray("errors").isEmpty();
            });
            assertEquals(200, api.get("/api/sets/local/topics").status());
        }

        @Test
        void adminCreatesATopicOnEveryMasterAndTheChangeIsAudited() throws Exception {
            ConsoleApi api = fx.login("admin");
            ConsoleApi.Res r = api.post("/api/sets/local/topics", Map.of("topic", "ApiCreated", "queues", 3));
            assertEquals(201, r.status(), r.body());
            await("topic listed on both groups", Duration.ofSeconds(30), () -> {
                JSONArray items = api.get("/api/sets/local/topics?q=apicreated").json().getJSONArray("items");
                return items.size() == 1 && items.getJSONObject(0).getJSONArray("brokerGroups").size() == 2
                        && items.getJSONObject(0).getIntValue("queues") == 6;
            });
            JSONArray audit = api.get("/api/audit?action=topic.create&q=ApiCreated").json().getJSONArray("items");
            assertEquals(1, audit.size(), audit.toString());
            assertEquals("admin", audit.getJSONObject(0).getString("user"));
            assertEquals("ok", audit.getJSONObject(0).getString("result"));

            ConsoleApi.Res preview = api.get("/api/sets/local/topics/ApiCreated/delete-preview");
            assertEquals(200, preview.status(), preview.body());
            assertEquals(400, api.delete("/api/sets/local/topics/ApiCreated").status(), "needs confirm");
            assertEquals(200, api.delete("/api/sets/local/topics/ApiCreated?confirm=ApiCreated").status());
            await("topic gone", Duration.ofSeconds(30), () ->
                    api.get("/api/sets/local/topics?q=apicreated").json().getIntValue("total") == 0);
        }

        @Test
        void aTestMessageIsFoundByKeyIdAndOffset() throws Exception {
            ConsoleApi api = fx.login("operator");
            ConsoleApi.Res sent = api.post("/api/sets/local/messages", Map.of("topic", ConsoleFixture.TRAFFIC_TOPIC,
                    "tags", "probe", "keys", "api-key-1", "body", "hello console"));
            assertEquals(200, sent.status(), sent.body());
            JSONObject s = sent.json();
            await("found by key", Duration.ofSeconds(30), () -> api.get("/api/sets/local/messages/by-key?topic="
                    + ConsoleFixture.TRAFFIC_TOPIC + "&key=api-key-1").json().getJSONArray("items").size() == 1);
            JSONObject m = api.get("/api/sets/local/messages/by-key?topic=" + ConsoleFixture.TRAFFIC_TOPIC
                    + "&key=api-key-1").json().getJSONArray("items").getJSONObject(0);
            assertEquals("hello console", m.getString("bodyText"));
            assertEquals("probe", m.getString("tags"));
            JSONObject byId = api.get("/api/sets/local/messages/by-id?topic=" + ConsoleFixture.TRAFFIC_TOPIC + "&id="
                    + s.getString("offsetMsgId")).json();
            assertEquals("api-key-1", byId.getString("keys"));
            JSONObject byOffset = api.get("/api/sets/local/messages/by-offset?topic=" + ConsoleFixture.TRAFFIC_TOPIC
                    + "&broker=" + s.getString("broker") + "&queue=" + s.getIntValue("queueId") + "&offset="
                    + s.getLongValue("queueOffset")).json();
            assertEquals("api-key-1", byOffset.getString("keys"));
            JSONArray audit = api.get("/api/audit?action=message.send&user=operator").json().getJSONArray("items");
            assertFalse(audit.isEmpty());
        }

        @Test
        void offsetResetOfAnOfflineGroupShowsAPreviewAppliesAndIsUndone() throws Exception {
            String topic = "ResetTopic";
            String group = "reset-group";
            ConsoleApi api = fx.login("admin");
            assertEquals(201, api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 2)).status());
            awaitRoute(topic, 4);
            for (int i = 0; i < 20; i++) {
                fx.producer.send(new Message(topic, "r", "r-" + i, ("r" + i).getBytes(StandardCharsets.UTF_8)));
            }
            Set<String> got = ConcurrentHashMap.newKeySet();
            try (PushConsumer c = consumer(group, topic, (msgs, ctx) -> {
                msgs.forEach(m -> got.add(m.keys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            }, 16)) {
                await("20 consumed", Duration.ofSeconds(60), () -> got.size() == 20);
                await("offsets committed", Duration.ofSeconds(30), () -> groupLag(api, group) == 0
                        && api.get("/api/sets/local/groups/" + group).json().getJSONArray("queues").size() >= 4);
            }
            for (int i = 20; i < 30; i++) {
                fx.producer.send(new Message(topic, "r", "r-" + i, ("r" + i).getBytes(StandardCharsets.UTF_8)));
            }
            await("lag of 10", Duration.ofSeconds(30), () -> groupLag(api, group) == 10);
            await("group offline", Duration.ofSeconds(60), () -> api.get("/api/sets/local/groups/" + group).json()
                    .getJSONArray("clients").isEmpty());

            ConsoleApi.Res preview = api.post("/api/sets/local/groups/" + group + "/reset/preview",
                    Map.of("topic", topic, "mode", "earliest"));
            assertEquals(200, preview.status(), preview.body());
            long currentSum = 0;
            for (Object o : preview.json().getJSONArray("queues")) {
                JSONObject q = (JSONObject) o;
                currentSum += q.getLongValue("current");
                assertEquals(0, q.getLongValue("target"), q.toString());
            }
            assertEquals(20, currentSum);
            assertEquals(10, groupLag(api, group), "a preview changes nothing");

            ConsoleApi.Res reset = api.post("/api/sets/local/groups/" + group + "/reset",
                    Map.of("topic", topic, "mode", "earliest"));
            assertEquals(200, reset.status(), reset.body());
            assertTrue(reset.json().getBooleanValue("applied"), reset.body());
            assertEquals(30, groupLag(api, group));

            ConsoleApi.Res undo = api.post("/api/sets/local/groups/" + group + "/reset/undo", Map.of());
            assertEquals(200, undo.status(), undo.body());
            assertTrue(undo.json().getBooleanValue("applied"), undo.body());
            assertEquals(10, groupLag(api, group));
            JSONArray audit = api.get("/api/audit?action=group.resetOffset&q=" + group).json().getJSONArray("items");
            assertEquals(2, audit.size(), audit.toString());
            JSONObject consumedQueue = preview.json().getJSONArray("queues").stream().map(o -> (JSONObject) o)
                    .filter(q -> q.getLongValue("current") > 0).findFirst().orElseThrow();
            JSONObject first = api.get("/api/sets/local/messages/by-offset?topic=" + topic + "&broker="
                    + consumedQueue.getString("broker") + "&queue=" + consumedQueue.getIntValue("queueId")
                    + "&offset=0").json();
            assertTrue(first.getJSONArray("consumedBy").stream().map(o -> (JSONObject) o)
                    .anyMatch(g -> g.getString("group").equals(group) && g.getBooleanValue("consumed")),
                    first.toString());

            ConsoleApi.Res exact = api.post("/api/sets/local/groups/" + group + "/reset/preview", Map.of("topic", topic,
                    "mode", "offset", "offsets", List.of(Map.of("broker", "broker-a", "queueId", 0, "offset", 999_999))));
            assertEquals(400, exact.status(), "an offset outside the queue is refused: " + exact.body());
        }

        @Test
        void aDeadLetterResentToItsTopicIsConsumedAndNotResentTwice() throws Exception {
            String topic = "DlqTopic";
            String group = "dlq-group";
            ConsoleApi admin = fx.login("admin");
            assertEquals(201, admin.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1)).status());
            awaitRoute(topic, 2);
            AtomicBoolean fail = new AtomicBoolean(true);
            List<String> delivered = new CopyOnWriteArrayList<>();
            try (PushConsumer c = consumer(group, topic, (msgs, ctx) -> {
                msgs.forEach(m -> delivered.add(m.keys()));
                return fail.get() ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            }, 0)) {
                fx.producer.send(new Message(topic, "d", "dead-1", "dead".getBytes(StandardCharsets.UTF_8)));
                ConsoleApi op = fx.login("operator");
                await("DLQ depth 1", Duration.ofSeconds(60), () -> op.get("/api/sets/local/dlq").json()
                        .getJSONArray("items").stream().map(o -> (JSONObject) o)
                        .anyMatch(d -> d.getString("group").equals(group) && d.getLongValue("depth") == 1));
                JSONArray dead = op.get("/api/sets/local/dlq/" + group + "/messages").json().getJSONArray("items");
                assertEquals(1, dead.size(), dead.toString());
                assertEquals(topic, dead.getJSONObject(0).getString("originalTopic"));
                String position = dead.getJSONObject(0).getString("position");
                fail.set(false);
                ConsoleApi.Res r = op.post("/api/sets/local/dlq/" + group + "/resend",
                        Map.of("positions", List.of(position), "ratePerSecond", 10));
                assertEquals(200, r.status(), r.body());
                assertEquals(1, r.json().getIntValue("resent"), r.body());
                await("resent message consumed", Duration.ofSeconds(60), () -> delivered.size() == 2);
                assertEquals(List.of("dead-1", "dead-1"), delivered);
                ConsoleApi.Res again = op.post("/api/sets/local/dlq/" + group + "/resend",
                        Map.of("positions", List.of(position)));
                assertEquals(0, again.json().getIntValue("resent"), again.body());
                assertTrue(again.body().contains("already resent"), again.body());
                assertFalse(op.get("/api/audit?action=dlq.resend").json().getJSONArray("items").isEmpty());
            }
        }

        @Test
        void liveTailStreamsANewMessage() throws Exception {
            ConsoleApi api = fx.login("viewer");
            HttpResponse<Stream<String>> sse = api.stream("/api/sets/local/tail?topic=" + ConsoleFixture.TRAFFIC_TOPIC
                    + "&key=tail-key-1");
            assertEquals(200, sse.statusCode());
            AtomicReference<String> seen = new AtomicReference<>();
            AtomicBoolean ready = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                Iterator<String> it = sse.body().iterator();
                while (it.hasNext() && seen.get() == null) {
                    String line = it.next();
                    if (line.startsWith("event: ready")) {
                        ready.set(true);
                    }
                    if (line.startsWith("data:") && line.contains("tail-key-1")) {
                        seen.set(line);
                    }
                }
            }, "tail-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                await("tail ready", Duration.ofSeconds(30), ready::get);
                SendResult r = fx.producer.send(new Message(ConsoleFixture.TRAFFIC_TOPIC, "tail", "tail-key-1",
                        "tailed".getBytes(StandardCharsets.UTF_8)));
                await("tail received the message", Duration.ofSeconds(30), () -> seen.get() != null);
                assertTrue(seen.get().contains(r.msgId()), seen.get());
            } finally {
                sse.body().close();
            }
        }

        @Test
        void aViewerCannotChangeAnything() throws Exception {
            ConsoleApi viewer = fx.login("viewer");
            ConsoleApi.Res r = viewer.post("/api/sets/local/topics", Map.of("topic", "ViewerTopic"));
            assertEquals(403, r.status(), r.body());
            assertEquals(403, viewer.post("/api/sets/local/messages", Map.of("topic", ConsoleFixture.TRAFFIC_TOPIC,
                    "body", "x")).status());
            assertEquals(0, viewer.get("/api/sets/local/topics?q=ViewerTopic").json().getIntValue("total"));
            assertTrue(fx.cluster.route("ViewerTopic") == null, "nothing created");
        }

        @Test
        void badInputGetsAClear4xxAndChangesNothing() throws Exception {
            ConsoleApi admin = fx.login("admin");
            ConsoleApi.Res malformed = admin.post("/api/sets/local/topics", "{\"topic\": \"Bad");
            assertEquals(400, malformed.status());
            assertTrue(malformed.error().startsWith("malformed JSON"), malformed.body());
            ConsoleApi.Res unknownTopic = admin.get("/api/sets/local/messages/by-key?topic=NoSuchTopic&key=k");
            assertEquals(404, unknownTopic.status());
            assertTrue(unknownTopic.error().contains("NoSuchTopic"), unknownTopic.body());
            ConsoleApi.Res unknownGroup = admin.get("/api/sets/local/groups/no-such-group");
            assertEquals(404, unknownGroup.status());
            assertTrue(unknownGroup.error().contains("no-such-group"), unknownGroup.body());
            ConsoleApi.Res badMode = admin.post("/api/sets/local/groups/no-such-group/reset",
                    Map.of("topic", "T", "mode", "yesterday"));
            assertEquals(404, badMode.status(), badMode.body());
            ConsoleApi.Res huge = admin.post("/api/sets/local/messages", Map.of("topic", ConsoleFixture.TRAFFIC_TOPIC,
                    "body", "x".repeat(2 * 1024 * 1024)));
            assertEquals(413, huge.status(), huge.body());
            ConsoleApi.Res noCsrf = admin.send("POST", "/api/sets/local/topics", "{\"topic\":\"NoCsrfTopic\"}", false);
            assertEquals(403, noCsrf.status());
            assertTrue(noCsrf.error().contains("X-CSRF-Token"), noCsrf.body());
            ConsoleApi.Res badQueues = admin.post("/api/sets/local/topics", Map.of("topic", "BadQueues", "queues", 0));
            assertEquals(400, badQueues.status());
            ConsoleApi anonymous = new ConsoleApi(fx.url());
            assertEquals(401, anonymous.post("/api/sets/local/topics", Map.of("topic", "AnonTopic")).status());
            ConsoleApi loggedOut = fx.login("admin");
            assertEquals(200, loggedOut.post("/api/logout", Map.of()).status());
            assertEquals(401, loggedOut.post("/api/sets/local/topics", Map.of("topic", "ExpiredTopic")).status());
            for (String t : List.of("Bad", "NoCsrfTopic", "BadQueues", "AnonTopic", "ExpiredTopic")) {
                assertTrue(fx.cluster.route(t) == null, t + " must not exist");
            }
        }
    }

    @Nested
    @Order(2)
    class Operations extends ConsoleOperationsTests {
        Operations() {
            super(() -> fx);
        }
    }

    @Nested
    @Order(3)
    class InTheBrowser extends ConsoleBrowserStories {
        InTheBrowser() {
            super(() -> fx);
        }
    }
}
