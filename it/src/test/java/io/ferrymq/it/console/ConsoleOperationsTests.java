package io.ferrymq.it.console;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.SendResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static io.ferrymq.it.console.ConsoleEndToEndTest.await;
import static io.ferrymq.it.console.ConsoleEndToEndTest.awaitRoute;
import static io.ferrymq.it.console.ConsoleEndToEndTest.consumer;
import static io.ferrymq.it.console.ConsoleEndToEndTest.groupLag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's operations through its JSON API against the real cluster of {@link ConsoleFixture}: broker
 * settings, topic placement and queue counts, offset resets by time and by exact offset, skipping a backlog,
 * deleting an offline group, paging through a topic, resending to one group, and dead letters resent by time range
 * and skipped. Each change is read back from the cluster and found in the audit log.
 */
abstract class ConsoleOperationsTests {
    private final Supplier<ConsoleFixture> fixture;

    ConsoleOperationsTests(Supplier<ConsoleFixture> fixture) {
        this.fixture = fixture;
    }

    private ConsoleFixture fx() {
        return fixture.get();
    }

    private void send(String topic, String key) {
        fx().producer.send(new Message(topic, "t", key, key.getBytes(StandardCharsets.UTF_8)));
    }

    private static JSONArray audit(ConsoleApi api, String action, String text) throws Exception {
        return api.get("/api/audit?action=" + action + "&q=" + text).json().getJSONArray("items");
    }

    /** Drives a group's consumer until it has consumed {@code topic} to the end, then stops it (group offline). */
    private void consumeAllThenGoOffline(ConsoleApi api, String group, String topic, int expected) throws Exception {
        Set<String> got = ConcurrentHashMap.newKeySet();
        try (PushConsumer c = consumer(group, topic, (msgs, ctx) -> {
            msgs.forEach(m -> got.add(m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, 16)) {
            await(expected + " consumed by " + group, Duration.ofSeconds(60), () -> got.size() >= expected);
            await("offsets of " + group + " committed", Duration.ofSeconds(30), () -> groupLag(api, group) == 0
                    && api.get("/api/sets/local/groups/" + group).json().getJSONArray("queues").size() >= 2);
        }
        await(group + " offline", Duration.ofSeconds(60), () -> api.get("/api/sets/local/groups/" + group).json()
                .getJSONArray("clients").isEmpty());
    }

    private static String masterOf(ConsoleApi api, String brokerGroup) throws Exception {
        for (Object o : api.get("/api/sets/local/brokers").json().getJSONArray("brokers")) {
            JSONObject b = (JSONObject) o;
            if (b.getString("group").equals(brokerGroup) && b.getString("role").equals("master")) {
                return b.getString("address");
            }
        }
        throw new AssertionError("no master of " + brokerGroup);
    }

    @Test
    void aBrokerSettingChangeShowsItsDiffAppliesRunTimeKeysAndShowsTheBrokersRefusalOfOthers() throws Exception {
        ConsoleApi api = fx().login("admin");
        String addr = masterOf(api, "broker-a");
        String base = "/api/sets/local/brokers/" + addr + "/config";
        String before = api.get(base).json().getString("channelExpiredTimeout");
        String wanted = String.valueOf(Long.parseLong(before) + 5000);

        ConsoleApi.Res preview = api.post(base + "/preview", Map.of("changes", Map.of("channelExpiredTimeout", wanted)));
        assertEquals(200, preview.status(), preview.body());
        JSONObject row = preview.json().getJSONArray("diff").getJSONObject(0);
        assertEquals(before, row.getString("before"));
        assertEquals(wanted, row.getString("after"));
        assertEquals(before, api.get(base).json().getString("channelExpiredTimeout"), "a preview changes nothing");

        ConsoleApi.Res applied = api.put(base, Map.of("changes", Map.of("channelExpiredTimeout", wanted)));
        assertEquals(200, applied.status(), applied.body());
        assertTrue(applied.json().getBooleanValue("applied"), applied.body());
        assertEquals(wanted, applied.json().getJSONArray("diff").getJSONObject(0).getString("now"));
        assertEquals(wanted, api.get(base).json().getString("channelExpiredTimeout"));

        String threads = api.get(base).json().getString("sendMessageThreadPoolNums");
        ConsoleApi.Res refused = api.put(base, Map.of("changes", Map.of("sendMessageThreadPoolNums", "9",
                "channelExpiredTimeout", before)));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.error().contains("sendMessageThreadPoolNums"), "the broker's remark names the key: "
                + refused.body());
        assertEquals(threads, api.get(base).json().getString("sendMessageThreadPoolNums"));
        assertEquals(wanted, api.get(base).json().getString("channelExpiredTimeout"), "nothing of it applied");
        assertEquals(400, api.post(base + "/preview", Map.of("changes", Map.of("noSuchSetting", "1"))).status());
        assertEquals(404, api.get("/api/sets/local/brokers/127.0.0.1:1/config").status());

        JSONArray entries = audit(api, "broker.config", addr);
        assertEquals(2, entries.size(), entries.toString());
        assertTrue(entries.getJSONObject(0).getString("result").startsWith("refused"), entries.toString());
        assertEquals("ok", entries.getJSONObject(1).getString("result"));
        assertEquals(200, api.put(base, Map.of("changes", Map.of("channelExpiredTimeout", before))).status());
    }

    @Test
    void aTopicCreatedOnAChosenBrokerGroupExpandsAndShrinksWriteFirstThenReadAfterDraining() throws Exception {
        String topic = "ChosenTopic";
        String group = "shrink-group";
        ConsoleApi api = fx().login("admin");
        ConsoleApi.Res created = api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 4,
                "brokerGroups", List.of("broker-b")));
        assertEquals(201, created.status(), created.body());
        awaitRoute(topic, 4);
        JSONArray route = api.get("/api/sets/local/topics/" + topic).json().getJSONObject("route")
                .getJSONArray("queues");
        assertEquals(1, route.size(), "only on broker-b: " + route);
        assertEquals("broker-b", route.getJSONObject(0).getString("brokerName"));
        assertEquals(400, api.post("/api/sets/local/topics", Map.of("topic", "bad topic!")).status());
        assertEquals(400, api.post("/api/sets/local/topics", Map.of("topic", "NowhereTopic",
                "brokerGroups", List.of("broker-z"))).status());

        ConsoleApi.Res expanded = api.put("/api/sets/local/topics/" + topic + "/queues",
                Map.of("readQueues", 6, "writeQueues", 6));
        assertEquals(200, expanded.status(), expanded.body());
        assertEquals(6, api.get("/api/sets/local/topics/" + topic).json().getJSONArray("queues").size());
        awaitRoute(topic, 6);
        for (int q = 0; q < 6; q++) {
            fx().producer.send(new Message(topic, "s", "s-" + q, "x".getBytes(StandardCharsets.UTF_8)),
                    new MessageQueue(topic, "broker-b", q));
        }
        consumeAllThenGoOffline(api, group, topic, 6);
        fx().producer.send(new Message(topic, "s", "late-5", "x".getBytes(StandardCharsets.UTF_8)),
                new MessageQueue(topic, "broker-b", 5));
        await("lag 1 on queue 5", Duration.ofSeconds(30), () -> groupLag(api, group) == 1);

        ConsoleApi.Res oneStep = api.put("/api/sets/local/topics/" + topic + "/queues",
                Map.of("readQueues", 4, "writeQueues", 4));
        assertEquals(409, oneStep.status(), oneStep.body());
        assertTrue(oneStep.error().contains("first shrink the write queues"), oneStep.body());
        ConsoleApi.Res writeFirst = api.put("/api/sets/local/topics/" + topic + "/queues",
                Map.of("readQueues", 6, "writeQueues", 4));
        assertEquals(200, writeFirst.status(), writeFirst.body());
        assertTrue(writeFirst.json().getString("hint").contains("shrink the read queues to 4"), writeFirst.body());
        await("route of 6 read and 4 write queues", Duration.ofSeconds(30), () -> api.get("/api/sets/local/topics/"
                + topic).json().getJSONObject("route").getJSONArray("queues").getJSONObject(0)
                .getIntValue("writeQueueNums") == 4);
        ConsoleApi.Res undrained = api.put("/api/sets/local/topics/" + topic + "/queues",
                Map.of("readQueues", 4, "writeQueues", 4));
        assertEquals(409, undrained.status(), undrained.body());
        assertTrue(undrained.error().contains(group) && undrained.error().contains("broker-b:5"), undrained.body());

        consumeAllThenGoOffline(api, group, topic, 1);
        ConsoleApi.Res drained = api.put("/api/sets/local/topics/" + topic + "/queues",
                Map.of("readQueues", 4, "writeQueues", 4));
        assertEquals(200, drained.status(), drained.body());
        await("route of 4 read and 4 write queues", Duration.ofSeconds(30), () -> {
            JSONObject q = api.get("/api/sets/local/topics/" + topic).json().getJSONObject("route")
                    .getJSONArray("queues").getJSONObject(0);
            return q.getIntValue("readQueueNums") == 4 && q.getIntValue("writeQueueNums") == 4;
        });
        assertEquals(400, api.put("/api/sets/local/topics/" + topic + "/queues",
                Map.of("readQueues", 2, "writeQueues", 3)).status(), "more write than read queues");
        assertEquals(3, audit(api, "topic.queues", topic).size());
    }

    @Test
    void offsetsResetToATimestampAndToAnExactOffsetWithPreviewAndUndoAndTheBacklogIsSkippedInOneAction()
            throws Exception {
        String topic = "TimeResetTopic";
        String group = "time-reset-group";
        ConsoleApi api = fx().login("admin");
        assertEquals(201, api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1)).status());
        awaitRoute(topic, 2);
        for (int i = 0; i < 5; i++) {
            send(topic, "early-" + i);
        }
        long sentEarly = System.currentTimeMillis();
        await("the clock moved past the early messages", Duration.ofSeconds(5),
                () -> System.currentTimeMillis() > sentEarly + 2);
        long cut = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            send(topic, "late-" + i);
        }
        consumeAllThenGoOffline(api, group, topic, 10);
        String reset = "/api/sets/local/groups/" + group + "/reset";

        ConsoleApi.Res preview = api.post(reset + "/preview", Map.of("topic", topic, "mode", "timestamp",
                "timestamp", cut));
        assertEquals(200, preview.status(), preview.body());
        long current = 0;
        long target = 0;
        for (Object o : preview.json().getJSONArray("queues")) {
            current += ((JSONObject) o).getLongValue("current");
            target += ((JSONObject) o).getLongValue("target");
        }
        assertEquals(10, current);
        assertEquals(5, target, "the first message stored at or after the time, per queue: " + preview.body());
        ConsoleApi.Res byTime = api.post(reset, Map.of("topic", topic, "mode", "timestamp", "timestamp", cut));
        assertTrue(byTime.json().getBooleanValue("applied"), byTime.body());
        assertEquals(5, groupLag(api, group));
        assertTrue(api.post(reset + "/undo", Map.of()).json().getBooleanValue("applied"));
        assertEquals(0, groupLag(api, group));

        JSONObject queueA = preview.json().getJSONArray("queues").stream().map(o -> (JSONObject) o)
                .filter(q -> q.getString("broker").equals("broker-a")).findFirst().orElseThrow();
        long heldByA = queueA.getLongValue("current");
        Map<String, Object> exact = Map.of("topic", topic, "mode", "offset", "offsets",
                List.of(Map.of("broker", "broker-a", "queueId", 0, "offset", 0)));
        ConsoleApi.Res exactPreview = api.post(reset + "/preview", exact);
        assertEquals(1, exactPreview.json().getJSONArray("queues").size(), "only the queue named: "
                + exactPreview.body());
        ConsoleApi.Res exactReset = api.post(reset, exact);
        assertTrue(exactReset.json().getBooleanValue("applied"), exactReset.body());
        assertEquals(heldByA, groupLag(api, group), "only broker-a's queue went back to 0");
        assertTrue(api.post(reset + "/undo", Map.of()).json().getBooleanValue("applied"));
        assertEquals(0, groupLag(api, group));
        assertEquals(400, api.post(reset + "/preview", Map.of("topic", topic, "mode", "offset", "offsets",
                List.of(Map.of("broker", "broker-z", "queueId", 0, "offset", 0)))).status(), "no such queue");
        assertEquals(400, api.post(reset + "/preview", Map.of("topic", topic, "mode", "timestamp")).status(),
                "a timestamp reset needs the time");

        for (int i = 0; i < 4; i++) {
            send(topic, "backlog-" + i);
        }
        await("backlog of 4", Duration.ofSeconds(30), () -> groupLag(api, group) == 4);
        ConsoleApi.Res skip = api.post("/api/sets/local/groups/" + group + "/skip-backlog", Map.of());
        assertEquals(200, skip.status(), skip.body());
        assertTrue(skip.json().getBooleanValue("applied"), skip.body());
        assertTrue(skip.json().getJSONObject("topics").containsKey(topic), skip.body());
        assertEquals(0, groupLag(api, group));
        assertTrue(api.post(reset + "/undo", Map.of()).json().getBooleanValue("applied"));
        assertEquals(4, groupLag(api, group), "undo brings the skipped backlog back");
        assertEquals(3, audit(api, "group.resetOffset.undo", group).size(), "three undos, each audited");
        assertEquals(1, audit(api, "group.skipBacklog", group).size());
    }

    @Test
    void anOfflineGroupIsDeletedWithItsRetryAndDeadLetterTopicsButAnOnlineOneIsNot() throws Exception {
        String topic = "DoomedTopic";
        String group = "doomed-group";
        ConsoleApi api = fx().login("admin");
        assertEquals(201, api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1)).status());
        awaitRoute(topic, 2);
        try (PushConsumer c = consumer(group, topic, (msgs, ctx) -> ConsumeConcurrentlyStatus.RECONSUME_LATER, 0)) {
            send(topic, "doomed-1");
            await("dead letter of " + group, Duration.ofSeconds(60), () -> api.get("/api/sets/local/dlq").json()
                    .getJSONArray("items").stream().map(o -> (JSONObject) o)
                    .anyMatch(d -> d.getString("group").equals(group)));
            ConsoleApi.Res online = api.delete("/api/sets/local/groups/" + group + "?confirm=" + group);
            assertEquals(409, online.status(), online.body());
            assertTrue(online.error().contains("online consumer"), online.body());
        }
        await(group + " offline", Duration.ofSeconds(60), () -> api.get("/api/sets/local/groups?offline=true&q="
                + group).json().getIntValue("total") == 1);
        assertEquals(400, api.delete("/api/sets/local/groups/" + group).status(), "needs the confirmation");
        ConsoleApi.Res deleted = api.delete("/api/sets/local/groups/" + group + "?confirm=" + group);
        assertEquals(200, deleted.status(), deleted.body());
        assertTrue(deleted.json().getJSONArray("topicsDeleted").contains("%DLQ%" + group), deleted.body());
        assertTrue(deleted.json().getJSONArray("topicsDeleted").contains("%RETRY%" + group), deleted.body());
        assertNull(fx().cluster.route("%RETRY%" + group));
        await("group gone from the list", Duration.ofSeconds(30), () -> api.get("/api/sets/local/groups?q=" + group)
                .json().getIntValue("total") == 0);
        assertNull(fx().cluster.route("%DLQ%" + group), "its DLQ topic is gone from the name server");
        assertEquals(1, audit(api, "group.delete", group).size());
    }

    @Test
    void browsingPagesThroughATopicWithACursorSeesEveryMessageOnce() throws Exception {
        String topic = "BrowseTopic";
        ConsoleApi api = fx().login("viewer");
        ConsoleApi admin = fx().login("admin");
        assertEquals(201, admin.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1)).status());
        awaitRoute(topic, 2);
        for (int i = 0; i < 25; i++) {
            send(topic, "b-" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            ConsoleApi.Res page = api.get("/api/sets/local/messages/browse?topic=" + topic + "&limit=10"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page.body());
            JSONArray items = page.json().getJSONArray("items");
            assertTrue(items.size() <= 10);
            for (Object o : items) {
                assertTrue(seen.add(((JSONObject) o).getString("keys")), "seen twice: " + o);
            }
            assertFalse(page.json().getBooleanValue("cutShort"));
            cursor = page.json().getString("cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(25, seen.size(), seen.toString());
        assertEquals(3, pages, "10 + 10 + 5, and no cursor after the last page");
        assertEquals(400, api.get("/api/sets/local/messages/browse?topic=" + topic + "&cursor=bogus!").status());
    }

    @Test
    void aMessageResentToOneGroupReachesThatGroupOnly() throws Exception {
        String topic = "ResendTopic";
        ConsoleApi api = fx().login("admin");
        assertEquals(201, api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1)).status());
        awaitRoute(topic, 2);
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        try (PushConsumer a = consumer("resend-one", topic, (msgs, ctx) -> {
            msgs.forEach(m -> first.add(m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, 16); PushConsumer b = consumer("resend-other", topic, (msgs, ctx) -> {
            msgs.forEach(m -> second.add(m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, 16)) {
            await("both groups online", Duration.ofSeconds(60), () -> api.get("/api/sets/local/groups?q=resend-")
                    .json().getJSONArray("items").stream().map(o -> (JSONObject) o)
                    .filter(g -> g.getIntValue("onlineClients") > 0).count() == 2);
            SendResult r = fx().producer.send(new Message(topic, "t", "resend-me", "again".getBytes(
                    StandardCharsets.UTF_8)));
            await("both consumed it once", Duration.ofSeconds(60), () -> first.size() == 1 && second.size() == 1);
            ConsoleApi.Res resent = api.post("/api/sets/local/messages/resend", Map.of("topic", topic,
                    "msgId", r.offsetMsgId(), "group", "resend-one"));
            assertEquals(200, resent.status(), resent.body());
            await("resend-one got it again", Duration.ofSeconds(60), () -> first.size() == 2);
            assertEquals(List.of("resend-me", "resend-me"), first);
            // resend-other consumes from the same queues: a message published there behind the copy arrives, the
            // copy does not.
            send(topic, "marker");
            await("resend-other got the marker", Duration.ofSeconds(60), () -> second.contains("marker"));
            assertEquals(List.of("resend-me", "marker"), second);
            assertEquals(404, api.post("/api/sets/local/messages/resend", Map.of("topic", topic,
                    "msgId", r.offsetMsgId(), "group", "no-such-group")).status());
            assertEquals(1, audit(api, "message.resend", "resend-one").size());
        }
    }

    @Test
    void deadLettersResentByTimeRangeAreCountedExactlyAndSkippedAfterConfirmation() throws Exception {
        String topic = "DlqRangeTopic";
        String group = "dlq-range-group";
        ConsoleApi api = fx().login("operator");
        ConsoleApi admin = fx().login("admin");
        assertEquals(201, admin.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1)).status());
        awaitRoute(topic, 2);
        AtomicBoolean fail = new AtomicBoolean(true);
        List<String> delivered = new CopyOnWriteArrayList<>();
        String dlq = "/api/sets/local/dlq/" + group;
        try (PushConsumer c = consumer(group, topic, (msgs, ctx) -> {
            msgs.forEach(m -> delivered.add(m.keys()));
            return fail.get() ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, 0)) {
            for (int i = 0; i < 3; i++) {
                send(topic, "range-" + i);
            }
            await("3 dead letters", Duration.ofSeconds(60), () -> api.get(dlq + "/messages").json()
                    .getJSONArray("items").size() == 3);
            fail.set(false);
            String position = api.get(dlq + "/messages").json().getJSONArray("items").getJSONObject(0)
                    .getString("position");

            ConsoleApi.Res mixed = api.post(dlq + "/resend", Map.of("positions", List.of(position,
                    "broker-a:0:999999", "not-a-position"), "ratePerSecond", 100));
            assertEquals(200, mixed.status(), mixed.body());
            JSONObject m = mixed.json();
            assertEquals(1, m.getIntValue("resent"), mixed.body());
            assertEquals(2, m.getIntValue("failed"), mixed.body());
            assertFalse(m.getBooleanValue("complete"), "a failure is never reported as success: " + mixed.body());
            assertTrue(audit(api, "dlq.resend", group).getJSONObject(0).getString("result").startsWith("failed"));

            ConsoleApi.Res range = api.post(dlq + "/resend", Map.of("begin", 0, "ratePerSecond", 100));
            assertEquals(200, range.status(), range.body());
            JSONObject r = range.json();
            assertEquals(3, r.getIntValue("requested"), range.body());
            assertEquals(2, r.getIntValue("resent"), range.body());
            assertEquals(1, r.getIntValue("skipped"), "the one resent before: " + range.body());
            assertEquals(0, r.getIntValue("failed"), range.body());
            assertTrue(r.getBooleanValue("complete"), range.body());
            await("3 resent letters consumed", Duration.ofSeconds(60), () -> delivered.size() == 6);
            ConsoleApi.Res none = api.post(dlq + "/resend", Map.of("begin", System.currentTimeMillis() + 60_000));
            assertEquals(0, none.json().getIntValue("requested"), "nothing stored in the future: " + none.body());
            assertEquals(400, api.post(dlq + "/resend", Map.of("begin", 10, "end", 5)).status());
            assertEquals(400, api.post(dlq + "/resend", Map.of("positions", List.of(position), "begin", 0)).status(),
                    "positions or a time range, not both");
            ConsoleApi.Res tooSlow = api.post(dlq + "/resend", Map.of("positions",
                    java.util.Collections.nCopies(200, position), "ratePerSecond", 1));
            assertEquals(400, tooSlow.status(), "200 at 1/s would hold the request 200 s: " + tooSlow.body());
        }

        assertEquals(400, api.post(dlq + "/skip", Map.of()).status(), "needs the confirmation");
        ConsoleApi.Res skip = api.post(dlq + "/skip", Map.of("confirm", group));
        assertEquals(200, skip.status(), skip.body());
        assertTrue(skip.json().getBooleanValue("applied"), skip.body());
        assertEquals(3, skip.json().getLongValue("skipped"), skip.body());
        assertEquals(0, api.get(dlq + "/messages").json().getJSONArray("items").size(), "browsing starts after them");
        assertEquals(3, api.get(dlq + "/messages?skipped=true").json().getJSONArray("items").size(),
                "still stored");
        await("depth 0 after the skip", Duration.ofSeconds(30), () -> api.get("/api/sets/local/dlq").json()
                .getJSONArray("items").stream().map(o -> (JSONObject) o)
                .anyMatch(d -> d.getString("group").equals(group) && d.getLongValue("depth") == 0
                        && d.getLongValue("stored") == 3));
        assertEquals(1, audit(api, "dlq.skip", group).size());
    }

    @Test
    void trafficChartsComeFromTheBrokersStatisticsAndABrokerShowsTheLastMessagesItStored() throws Exception {
        ConsoleApi api = fx().login("viewer");
        String topic = ConsoleFixture.TRAFFIC_TOPIC;
        String topicCharts = "/api/sets/local/topics/" + topic + "/charts";
        await("messages in per second, from the brokers", Duration.ofSeconds(60), () -> api.get(topicCharts).json()
                .getJSONObject("in").getDoubleValue("minuteTps") > 0);
        assertFalse(api.get(topicCharts).json().getJSONArray("inPoints").isEmpty(), "a chart point per sample");

        String group = "chart-group";
        String groupCharts = "/api/sets/local/groups/" + group + "/charts";
        try (PushConsumer c = consumer(group, topic, (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS, 16)) {
            await("the group's consumption, from the brokers", Duration.ofSeconds(90), () -> api.get(groupCharts)
                    .json().getJSONObject("consumed").getDoubleValue("minuteTps") > 0);
            await("the topic's messages out, from the brokers", Duration.ofSeconds(60), () -> api.get(topicCharts)
                    .json().getJSONObject("out").getDoubleValue("minuteTps") > 0);
            JSONObject g = api.get(groupCharts).json();
            assertTrue(g.getJSONObject("consumedByTopic").getDoubleValue(topic) > 0, g.toString());
            assertFalse(g.getJSONArray("consumedPoints").isEmpty(), g.toString());
        }
        assertEquals(404, api.get("/api/sets/local/topics/NoSuchTopic/charts").status());

        String addr = masterOf(api, "broker-a");
        fx().producer.send(new Message(topic, "t", "recent-probe", "probe".getBytes(StandardCharsets.UTF_8)),
                new MessageQueue(topic, "broker-a", 0));
        ConsoleApi.Res recent = api.get("/api/sets/local/brokers/" + addr + "/messages");
        assertEquals(200, recent.status(), recent.body());
        JSONArray items = recent.json().getJSONArray("items");
        assertEquals(100, items.size(), "the traffic stored far more than 100 on broker-a");
        assertTrue(items.stream().map(o -> (JSONObject) o).anyMatch(m -> "recent-probe".equals(m.getString("keys"))),
                "the message just stored is among the last 100");
        long previous = Long.MAX_VALUE;
        for (Object o : items) {
            JSONObject m = (JSONObject) o;
            assertEquals("broker-a", m.getString("broker"));
            assertTrue(m.getLongValue("commitLogOffset") < previous, "newest first: " + m);
            previous = m.getLongValue("commitLogOffset");
        }
        assertEquals(400, api.get("/api/sets/local/brokers/" + addr + "/messages?limit=101").status());
    }
}
