package io.ferrymq.it.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.it.TestCluster;
import io.ferrymq.it.ha.ProcessCluster;
import jakarta.mail.internet.MimeMessage;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerting against a real cluster (two broker groups, each a master and a slave, in child JVMs): an SMTP server
 * (GreenMail) and a webhook receiver (the JDK's HttpServer) in this JVM receive what the console sends. Short
 * thresholds and for-durations come from the console configuration, as an operator would set them.
 */
@Timeout(900)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAlertsEndToEndTest {
    static final String BACKLOG_TOPIC = "AlertsBacklogTopic";
    static final String BACKLOG_GROUP = "alerts-backlog-group";
    static final String IDLE_TOPIC = "AlertsIdleTopic";
    static final String IDLE_GROUP = "alerts-idle-group";
    static final String MIXED_GROUP = "alerts-mixed-group";
    static final String SLAVE_READ_GROUP = "alerts-slave-read-group";
    static final String AHEAD_TOPIC = "AlertsAheadTopic";
    static final String AHEAD_GROUP = "alerts-ahead-group";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private GreenMail smtp;
    private HttpServer hooks;
    private final List<JSONObject> webhooks = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingAttempts = new AtomicInteger();
    private ConsoleFixture fx;
    private ConsoleApi api;

    @BeforeAll
    void start() throws Exception {
        ServerSetup setup = new ServerSetup(ConsoleFixture.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(60_000);
        smtp = new GreenMail(setup);
        smtp.setUser("ferrymq@alerts.test", "ferrymq", "smtp-secret");
        smtp.start();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                webhooks.add(JSON.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hooks.createContext("/failing", ex -> {
            ex.getRequestBody().readAllBytes();
            failingAttempts.incrementAndGet();
            byte[] b = "chat service down".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        hooks.start();
        String hookBase = "http://127.0.0.1:" + hooks.getAddress().getPort();
        Map<String, String> conf = new HashMap<>();
        conf.put("alert.evaluateIntervalMillis", "500");
        conf.put("alert.lastConsumerRefreshMillis", "500");
        conf.put("alert.consoleUrl", "http://console.example/");
        conf.put("alert.mail.smtpHost", "127.0.0.1");
        conf.put("alert.mail.smtpPort", Integer.toString(smtp.getSmtp().getPort()));
        conf.put("alert.mail.security", "NONE");
        conf.put("alert.mail.user", "ferrymq");
        conf.put("alert.mail.password", "smtp-secret");
        conf.put("alert.mail.from", "ferrymq@alerts.test");
        conf.put("alert.mail.to", "ops@alerts.test");
        conf.put("alert.webhook.urls", hookBase + "/hook," + hookBase + "/failing");
        conf.put("alert.notify.attempts", "3");
        conf.put("alert.notify.backoffMillis", "200");
        // only the conditions these stories exercise, with short for-durations
        for (String off : List.of("group-backlog", "group-lag-seconds", "backlog-no-consumer", "consumer-stuck", "dlq-growing",
                "disk-ratio", "system-busy", "faults-rising", "slave-lag", "sync-master-no-in-sync-slave")) {
            conf.put("alert.rule." + off + ".enabled", "false");
        }
        conf.put("alert.rule.backlog-story.condition", "group-backlog");
        conf.put("alert.rule.backlog-story.group", BACKLOG_GROUP);
        conf.put("alert.rule.backlog-story.threshold", "20");
        conf.put("alert.rule.backlog-story.resolveThreshold", "5");
        conf.put("alert.rule.backlog-story.forSeconds", "2");
        conf.put("alert.rule.idle-story.condition", "backlog-no-consumer");
        conf.put("alert.rule.idle-story.group", IDLE_GROUP);
        conf.put("alert.rule.idle-story.forSeconds", "1");
        conf.put("alert.rule.broker-missing.forSeconds", "2");
        conf.put("alert.rule.slave-disconnected.forSeconds", "1");
        conf.put("alert.rule.subscription-mismatch.forSeconds", "1");
        conf.put("alert.rule.offset-ahead.forSeconds", "1");
        fx = new ConsoleFixture(conf);
        api = fx.login("operator");
        ConsoleApi admin = fx.login("admin");
        for (String t : List.of(BACKLOG_TOPIC, IDLE_TOPIC, AHEAD_TOPIC)) {
            assertEquals(201, admin.post("/api/sets/local/topics", Map.of("topic", t, "queues", 1)).status());
            await("route of " + t, () -> fx.producer.writableQueues(t).size() == 2);
        }
    }

    @AfterAll
    void stop() {
        if (fx != null) {
            fx.close();
        }
        if (hooks != null) {
            hooks.stop(0);
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    interface Cond {
        boolean get() throws Exception;
    }

    static void await(String what, Cond c) {
        TestCluster.awaitTrue(what, WAIT, () -> {
            try {
                return c.get();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private PushConsumer consumer(String group, String topic, List<String> got) {
        return consumer(group, topic, "*", got);
    }

    private PushConsumer consumer(String group, String topic, String tags, List<String> got) {
        PushConsumer c = new PushConsumer(new PushConsumerConfig().group(group).nameServers(fx.cluster.namesrvAddr())
                .instanceName(group + "-" + System.nanoTime()).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .persistOffsetIntervalMillis(200).rebalanceIntervalMillis(1000).heartbeatBrokerIntervalMillis(1000)
                .pollNameServerIntervalMillis(1000));
        c.subscribe(topic, tags);
        c.registerListener((io.ferrymq.client.consumer.MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        return c.start();
    }

    private void send(String topic, int n, String prefix) {
        for (int i = 0; i < n; i++) {
            fx.producer.send(new Message(topic, "a", prefix + i, ("alert test " + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Sends {@code n} messages to {@code topic} and runs a consumer of {@code group} until it has no lag. */
    private void consumeUpToDate(String group, String topic, int n) {
        List<String> got = new CopyOnWriteArrayList<>();
        send(topic, n, group + "-warm-");
        try (PushConsumer c = consumer(group, topic, got)) {
            await(group + " consumed the first messages", () -> got.size() >= n && lag(group) == 0);
        }
    }

    private long lag(String group) throws Exception {
        long lag = 0;
        for (Object q : api.get("/api/sets/local/groups/" + group).json().getJSONArray("queues")) {
            lag += ((JSONObject) q).getLongValue("lag");
        }
        return lag;
    }

    private JSONArray alertItems() throws Exception {
        return api.get("/api/alerts").json().getJSONArray("items");
    }

    private JSONObject firing(String condition, String target) throws Exception {
        for (Object o : alertItems()) {
            JSONObject a = (JSONObject) o;
            if (a.getString("status").equals("FIRING") && a.getString("condition").equals(condition)
                    && a.getString("target").equals(target)) {
                return a;
            }
        }
        return null;
    }

    /** "FIRING group-backlog alerts-backlog-group" per event of every webhook call so far. */
    private List<String> webhookEvents() {
        List<String> out = new ArrayList<>();
        for (JSONObject w : webhooks) {
            for (Object e : w.getJSONArray("events")) {
                JSONObject x = (JSONObject) e;
                out.add(x.getString("type") + " " + x.getString("condition") + " " + x.getString("target"));
            }
        }
        return out;
    }

    private List<String> mailSubjects() {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                out.add(m.getSubject());
            } catch (Exception e) {
                out.add("unreadable: " + e);
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void aBacklogPastItsThresholdSendsOneMailAndOneWebhookAndItsResolutionOneOfEach() throws Exception {
        consumeUpToDate(BACKLOG_GROUP, BACKLOG_TOPIC, 2);
        assertEquals(List.of(), mailSubjects(), "nothing before the backlog");
        send(BACKLOG_TOPIC, 30, "backlog-");
        await("one mail and one webhook", () -> mailSubjects().size() == 1 && webhookEvents().size() == 1);
        assertEquals(List.of("FIRING group-backlog " + BACKLOG_GROUP), webhookEvents());
        String subject = mailSubjects().get(0);
        assertTrue(subject.contains("FIRING 1") && subject.contains(BACKLOG_GROUP), subject);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("ops@alerts.test", mail.getAllRecipients()[0].toString());
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
        assertTrue(body.contains("Next step"), body);
        JSONObject hook = webhooks.get(0);
        assertEquals(1, hook.getIntValue("version"));
        assertTrue(hook.getString("text").contains(BACKLOG_GROUP), hook.toString());
        JSONObject event = hook.getJSONArray("events").getJSONObject(0);
        assertTrue(event.getDoubleValue("value") > 20, event.toString());
        assertTrue(event.getJSONObject("hint").getString("what").contains(BACKLOG_GROUP), event.toString());

        try (PushConsumer c = consumer(BACKLOG_GROUP, BACKLOG_TOPIC, new CopyOnWriteArrayList<>())) {
            await("the consumer caught up and the alert resolved: two mails, two webhooks",
                    () -> lag(BACKLOG_GROUP) == 0 && mailSubjects().size() == 2 && webhookEvents().size() == 2);
        }
        assertEquals(List.of("FIRING group-backlog " + BACKLOG_GROUP, "RESOLVED group-backlog " + BACKLOG_GROUP),
                webhookEvents(), "nothing else in between");
        assertTrue(mailSubjects().get(1).contains("RESOLVED 1"), mailSubjects().toString());
        JSONArray history = api.get("/api/alerts/history?q=" + BACKLOG_GROUP).json().getJSONArray("items");
        assertTrue(history.stream().anyMatch(o -> ((JSONObject) o).getString("kind").equals("FIRED")), history.toString());
        assertTrue(history.stream().anyMatch(o -> ((JSONObject) o).getString("kind").equals("RESOLVED")), history.toString());
    }

    @Test
    @Order(2)
    void aGroupWithABacklogAndNoConsumerGetsAHintNamingTheGroupAndItsLastConsumer() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        send(IDLE_TOPIC, 1, "idle-warm-");
        String clientId;
        try (PushConsumer c = consumer(IDLE_GROUP, IDLE_TOPIC, got)) {
            clientId = c.clientId();
            await("idle group online and consumed", () -> got.size() >= 1 && lag(IDLE_GROUP) == 0
                    && !api.get("/api/sets/local/groups/" + IDLE_GROUP).json().getJSONArray("clients").isEmpty());
            long rounds = api.get("/api/alerts").json().getLongValue("rounds");
            await("the alert worker ran a few rounds while the consumer was online",
                    () -> api.get("/api/alerts").json().getLongValue("rounds") >= rounds + 6);
        }
        await("consumer gone", () -> api.get("/api/sets/local/groups/" + IDLE_GROUP).json().getJSONArray("clients")
                .isEmpty());
        send(IDLE_TOPIC, 3, "idle-");
        await("backlog-no-consumer fires for " + IDLE_GROUP, () -> firing("backlog-no-consumer", IDLE_GROUP) != null);
        JSONObject a = firing("backlog-no-consumer", IDLE_GROUP);
        JSONObject hint = a.getJSONObject("hint");
        assertTrue(hint.getString("what").contains(IDLE_GROUP), hint.toString());
        assertTrue(hint.getString("what").contains("last consumer was " + clientId), hint.toString());
        assertEquals("#/groups/" + IDLE_GROUP, hint.getJSONArray("actions").getJSONObject(0).getString("href"));
        assertEquals(200, api.post("/api/alerts/" + a.getLongValue("id") + "/ack", Map.of()).status());
        await("acknowledged", () -> "operator".equals(firing("backlog-no-consumer", IDLE_GROUP).getString("ackedBy")));
        ConsoleApi viewer = fx.login("viewer");
        assertEquals(403, viewer.post("/api/alerts/" + a.getLongValue("id") + "/ack", Map.of()).status());
        assertEquals(403, api.put("/api/alerts/rules/x", Map.of("condition", "group-backlog")).status(),
                "rules need the admin role");
        assertEquals(403, api.send("POST", "/api/alerts/silences", "{\"minutes\":5}", false).status(),
                "no CSRF token: refused");
    }

    @Test
    @Order(3)
    void aKilledSlaveFiresTheReplicationAlert() throws Exception {
        fx.cluster.kill(fx.groups.bSlave());
        await("slave-disconnected fires for broker-b", () -> firing("slave-disconnected", "broker-b") != null);
        String slave = "broker-b@" + ProcessCluster.address(fx.groups.bSlave());
        await("broker-missing fires for the slave", () -> firing("broker-missing", slave) != null);
        await("notified by webhook and mail", () -> webhookEvents().contains("FIRING slave-disconnected broker-b")
                && mailSubjects().stream().anyMatch(s -> s.contains("slave-disconnected")));
        JSONObject a = firing("slave-disconnected", "broker-b");
        assertEquals(ProcessCluster.address(fx.groups.bSlave()), a.getJSONObject("evidence").getString("knownSlaves"));
        assertEquals("0", a.getJSONObject("evidence").getString("connectedSlaves"));
        assertTrue(a.getJSONObject("hint").getString("title").contains("broker-b"), a.toString());
    }

    @Test
    @Order(4)
    void membersOfAGroupSubscribingDifferentlyGetAHintListingEachSubscription() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        try (PushConsumer all = consumer(MIXED_GROUP, ConsoleFixture.TRAFFIC_TOPIC, "*", got);
             PushConsumer some = consumer(MIXED_GROUP, ConsoleFixture.TRAFFIC_TOPIC, "t || refund", got)) {
            await("subscription-mismatch fires for " + MIXED_GROUP,
                    () -> firing("subscription-mismatch", MIXED_GROUP) != null);
            JSONObject a = firing("subscription-mismatch", MIXED_GROUP);
            assertEquals(1.0, a.getDoubleValue("value"), a.toString());
            String evidence = a.getJSONObject("hint").getJSONArray("evidence").toString();
            assertTrue(evidence.contains(ConsoleFixture.TRAFFIC_TOPIC + " * <- 1 consumer(s): " + all.clientId()),
                    evidence);
            assertTrue(evidence.contains(ConsoleFixture.TRAFFIC_TOPIC + " t || refund <- 1 consumer(s): "
                    + some.clientId()), evidence);
        }
        await("resolved once the members are gone", () -> firing("subscription-mismatch", MIXED_GROUP) == null);
    }

    @Test
    @Order(5)
    void consumersSentToASlaveWhileItsMasterIsUpGetASlaveReadCard() throws Exception {
        ConsoleApi admin = fx.login("admin");
        String base = "/api/sets/local/brokers/" + ProcessCluster.address(fx.groups.aMaster()) + "/config";
        String ratio = admin.get(base).json().getString("accessMessageInMemoryMaxRatio");
        String slave = ProcessCluster.address(fx.groups.aSlave());
        List<String> got = new CopyOnWriteArrayList<>();
        // 0 % of memory: every pull of broker-a is told to go to its slave, as for a consumer far behind
        assertEquals(200, admin.put(base, Map.of("changes", Map.of("accessMessageInMemoryMaxRatio", "0"))).status());
        try (PushConsumer c = consumer(SLAVE_READ_GROUP, ConsoleFixture.TRAFFIC_TOPIC, got)) {
            await("a slave-read card for " + slave, () -> slaveReadCard(slave) != null);
            JSONObject hint = slaveReadCard(slave);
            assertTrue(hint.getString("title").contains("broker-a"), hint.toString());
            assertTrue(hint.getString("cause").contains("accessMessageInMemoryMaxRatio"), hint.toString());
        } finally {
            assertEquals(200, admin.put(base, Map.of("changes", Map.of("accessMessageInMemoryMaxRatio", ratio)))
                    .status());
        }
        assertTrue(!got.isEmpty(), "the consumer read from the slave");
    }

    private JSONObject slaveReadCard(String slave) throws Exception {
        for (Object o : api.get("/api/alerts").json().getJSONArray("problems")) {
            JSONObject hint = ((JSONObject) o).getJSONObject("hint");
            if (hint.getString("problem").equals("slave-read") && hint.getString("title").contains(slave)) {
                return hint;
            }
        }
        return null;
    }

    @Test
    @Order(6)
    void aCommittedOffsetBeyondTheQueuesEndFiresOffsetAhead() throws Exception {
        consumeUpToDate(AHEAD_GROUP, AHEAD_TOPIC, 4);
        String master = ProcessCluster.address(fx.groups.aMaster());
        MessageQueue q = new MessageQueue(AHEAD_TOPIC, "broker-a", 0);
        try (AdminClient admin = new AdminClient(new AdminConfig().nameServers(fx.cluster.namesrvAddr())).start()) {
            long end = admin.maxOffset(master, q);
            admin.commitOffset(master, AHEAD_GROUP, q, end + 50); // as after a store restored from an older copy
        }
        await("offset-ahead fires for " + AHEAD_GROUP, () -> firing("offset-ahead", AHEAD_GROUP) != null);
        JSONObject hint = firing("offset-ahead", AHEAD_GROUP).getJSONObject("hint");
        assertTrue(hint.getJSONArray("evidence").toString().contains(AHEAD_TOPIC + " broker-a#0: committed"),
                hint.toString());
        assertEquals("/api/sets/local/groups/" + AHEAD_GROUP + "/skip-backlog",
                hint.getJSONArray("actions").getJSONObject(0).getString("path"));
    }

    @Test
    @Order(7)
    void aFailingWebhookIsRetriedAndItsFailureShowsInTheConsole() throws Exception {
        await("the failing endpoint was retried and given up at least once", () -> {
            JSONArray channels = api.get("/api/alerts").json().getJSONArray("channels");
            for (Object o : channels) {
                JSONObject c = (JSONObject) o;
                if (c.getString("name").endsWith("/failing")) {
                    return c.getLongValue("givenUp") >= 1 && c.getLongValue("failedAttempts") >= 3
                            && c.getString("lastError").contains("HTTP 500");
                }
            }
            return false;
        });
        assertTrue(failingAttempts.get() >= 3, "retries reached the endpoint: " + failingAttempts.get());
        JSONArray history = api.get("/api/alerts/history?kind=NOTIFY_FAILED").json().getJSONArray("items");
        assertTrue(!history.isEmpty() && history.getJSONObject(0).getString("by").endsWith("/failing"),
                history.toString());
    }

    @Test
    @Order(8)
    void theAlertsPageShowsHintsAndTheFailingChannelInTheBrowser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(),
                "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        try (HeadlessChromium browser = new HeadlessChromium(fx.url(), "1400,1800")) {
            AlertsPage page = new AlertsPage(browser);
            page.logIn("operator", ConsoleFixture.PASSWORD);
            page.open();
            WebElement card = page.hintCard("backlog-no-consumer");
            assertTrue(card.getText().contains(IDLE_GROUP), card.getText());
            assertTrue(card.getText().contains("last consumer was"), card.getText());
            page.channelRowShows("/failing", "HTTP 500");
            page.rowShows("[data-test=alert-faults]", "alert.notify_failed", "/failing");
            page.screenshot("console-alerts.png");

            // the one-click action of a hint: confirmed in the browser, then the alert resolves
            page.scrollTo("[data-test=alert-card][data-condition=offset-ahead]");
            page.screenshot("console-alert-hint-action.png");
            page.click("[data-test=hint-card][data-problem=offset-ahead] button.hint-action");
            page.acceptConfirmation(AHEAD_GROUP);
            await("offset-ahead resolved after the reset", () -> firing("offset-ahead", AHEAD_GROUP) == null);
            assertEquals(0, lag(AHEAD_GROUP));

            page.addSilence("slave-disconnected", "broker-b", "120", "slave host under repair");
            page.scrollTo("[data-test=silences]");
            page.screenshot("console-alert-silences.png");
            await("the silence mutes the alert", () -> firing("slave-disconnected", "broker-b")
                    .getLongValue("silencedBy") > 0);

            page.scrollTo("[data-test=rules-table]");
            page.screenshot("console-alert-rules.png");
        }
    }

    /** The Alerts page: its selectors in one place (the browser itself is {@link HeadlessChromium}). */
    static final class AlertsPage {
        private final HeadlessChromium browser;
        private final WebDriver driver;

        AlertsPage(HeadlessChromium browser) {
            this.browser = browser;
            this.driver = browser.driver;
        }

        private <T> T until(String what, java.util.function.Function<WebDriver, T> c) {
            return browser.until(what, c);
        }

        private WebElement el(String css) {
            return browser.el(css);
        }

        void logIn(String user, String password) {
            browser.logIn(user, password);
        }

        void open() {
            browser.open("alerts");
            el("[data-test=alerts]");
        }

        WebElement hintCard(String problem) {
            return el("[data-test=hint-card][data-problem=" + problem + "]");
        }

        void channelRowShows(String channelEnd, String text) {
            rowShows("[data-test=channels-table]", channelEnd, text);
        }

        /** Waits until a row of the table {@code css} shows both texts. */
        void rowShows(String css, String text, String other) {
            until(css + " shows " + text + " with " + other, d -> {
                for (WebElement row : d.findElements(By.cssSelector(css + " tbody tr"))) {
                    if (row.getText().contains(text) && row.getText().contains(other)) {
                        return true;
                    }
                }
                return null;
            });
        }

        /** Clicks {@code css}, again if the page's refresh replaced it in between. */
        void click(String css) {
            until("click " + css, d -> {
                d.findElement(By.cssSelector(css)).click();
                return true;
            });
        }

        /** Accepts the browser's confirmation dialog after checking it names {@code text}. */
        void acceptConfirmation(String text) {
            org.openqa.selenium.Alert dialog = until("a confirmation dialog",
                    org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
            assertTrue(dialog.getText().contains(text), dialog.getText());
            dialog.accept();
        }

        void addSilence(String rule, String target, String minutes, String comment) {
            for (String[] f : new String[][] {{"#silence-rule", rule}, {"#silence-target", target},
                    {"#silence-minutes", minutes}, {"#silence-comment", comment}}) {
                WebElement in = el(f[0]);
                in.clear();
                in.sendKeys(f[1]);
            }
            el("#silence-submit").click();
            rowShows("[data-test=silences]", target, comment);
        }

        void scrollTo(String css) {
            // the element at the top, with its heading (just above it) in view too
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "arguments[0].scrollIntoView(true); window.scrollBy(0, -70)", el(css));
        }

        void screenshot(String name) throws Exception {
            browser.screenshot(name);
        }
    }
}
