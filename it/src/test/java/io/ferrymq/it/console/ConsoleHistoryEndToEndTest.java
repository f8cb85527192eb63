package io.ferrymq.it.console;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's metric history against a real cluster (two broker groups, each a master and a slave, in child
 * JVMs), sampled every second instead of every minute: a group's backlog is kept from the moment it has one,
 * before anyone opens its page, so the page shows the past at once, and the range selector asks for more.
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHistoryEndToEndTest {
    static final String GROUP = "history-story-group";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private ConsoleFixture fx;
    private ConsoleApi api;

    @BeforeAll
    void start() throws Exception {
        fx = new ConsoleFixture(Map.of("history.sampleIntervalMillis", "1000", "history.retentionHours", "24",
                "history.maxPoints", "3600", "history.saveIntervalMillis", "5000"));
        api = fx.login("viewer");
    }

    @AfterAll
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static void await(String what, ConsoleEndToEndTest.Cond c) {
        ConsoleEndToEndTest.await(what, WAIT, c);
    }

    private JSONObject history(String query) throws Exception {
        ConsoleApi.Res r = api.get("/api/sets/local/history/group/" + GROUP + query);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static JSONArray series(JSONObject h, String metric) {
        JSONArray a = h.getJSONObject("series").getJSONArray(metric);
        return a == null ? new JSONArray() : a;
    }

    @Test
    @Order(1)
    void aGroupsBacklogIsKeptBeforeAnyoneOpensItsPageAndItsPageShowsItAtOnce() throws Exception {
        // The group consumes a little of the steady traffic and goes offline: its backlog grows from then on.
        AtomicInteger consumed = new AtomicInteger();
        PushConsumer c = new PushConsumer(new PushConsumerConfig().group(GROUP).nameServers(fx.cluster.namesrvAddr())
                .instanceName(GROUP + "-" + System.nanoTime()).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .persistOffsetIntervalMillis(200).rebalanceIntervalMillis(1000).heartbeatBrokerIntervalMillis(1000)
                .pollNameServerIntervalMillis(1000));
        c.subscribe(ConsoleFixture.TRAFFIC_TOPIC, "*");
        c.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            consumed.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            await("the group consumed something", () -> consumed.get() > 0);
        } finally {
            c.shutdown();
        }
        await("the group listed offline with a backlog", () -> {
            JSONArray items = api.get("/api/sets/local/groups?q=" + GROUP).json().getJSONArray("items");
            return items.size() == 1 && items.getJSONObject(0).getLongValue("lag") > 0
                    && items.getJSONObject(0).getIntValue("onlineClients") == 0;
        });
        long listedAt = System.currentTimeMillis();
        await("ten more seconds of samples", () ->
                api.get("/api/history").json().getLongValue("lastSampleAt") >= listedAt + 10_000);

        // The first look at the group's page: the past is there already, one point per second.
        Assumptions.assumeTrue(HeadlessChromium.available(),
                "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        try (HeadlessChromium b = new HeadlessChromium(fx.url(), "1400,1600")) {
            b.logIn("viewer", ConsoleFixture.PASSWORD);
            b.open("groups/" + GROUP);
            WebElement section = b.el("[data-test=history-group]");
            String backlogPath = b.until("the backlog history drawn with at least 10 points", d -> {
                List<WebElement> paths = section.findElements(By.cssSelector(".card svg path"));
                String p = paths.isEmpty() ? "" : paths.get(0).getAttribute("d");
                return p.chars().filter(ch -> ch == 'L').count() >= 9 ? p : null;
            });
            assertTrue(backlogPath.startsWith("M"), backlogPath);
            WebElement status = b.el("[data-test=history-status]");
            assertTrue(status.getText().contains("last 1h, one point per 1 s"), status.getText());
            String legend = section.findElements(By.cssSelector(".card")).get(0).getText();
            assertTrue(legend.contains("Backlog (messages)") && legend.matches("(?s).*backlog: [1-9][0-9.]*.*"),
                    legend);
            b.screenshot("console-group-history.png");

            new Select(b.el("[data-test=history-range]")).selectByValue("6h");
            b.until("the 6-hour range answered", d -> status.getText().contains("last 6h, one point per 6 s")
                    ? true : null);
        }

        // The same series from the API: the backlog rose while nobody consumed.
        JSONObject h = history("?range=1h");
        assertEquals(1000, h.getLongValue("stepMillis"));
        JSONArray backlog = series(h, "backlog");
        assertTrue(backlog.size() >= 10, h.toString());
        double first = backlog.getJSONObject(0).getDoubleValue("value");
        double last = backlog.getJSONObject(backlog.size() - 1).getDoubleValue("value");
        assertTrue(last > first && first >= 0, "backlog from " + first + " to " + last);
        assertTrue(series(h, "tpsOut").size() >= 10 && series(h, "dlqDepth").size() >= 10, h.toString());
        JSONObject broker = api.get("/api/sets/local/history/cluster/HaCluster?range=1h").json();
        assertTrue(series(broker, "tpsIn").stream().anyMatch(p -> ((JSONObject) p).getDoubleValue("value") > 0),
                "the cluster's send TPS is kept: " + broker);
    }

    @Test
    @Order(2)
    void theLagAgeFromTheAlertRoundsIsKeptToo() {
        // group-lag-seconds is read by the alert worker (every 15 s here): the history keeps what it read
        await("lag age of the offline group", () -> series(history("?range=1h"), "lagSeconds").stream()
                .anyMatch(p -> ((JSONObject) p).getDoubleValue("value") > 0));
    }

    @Test
    @Order(3)
    void theHistoryFileIsWrittenAndABadRangeIsRefused() throws Exception {
        await("history file written", () -> api.get("/api/history").json().getLongValue("lastSavedAt") > 0);
        assertTrue(java.nio.file.Files.size(fx.dataDir.resolve("history/history.bin")) > 0);
        ConsoleApi.Res bad = api.get("/api/sets/local/history/group/" + GROUP + "?range=2d");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.error().contains("longer than the history kept (24 h"), bad.body());
    }
}
