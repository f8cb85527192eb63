package io.ferrymq.it.console;

import io.ferrymq.client.Message;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.PushConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User stories in Debian's headless Chromium driven by Selenium (Debian's chromedriver, nothing downloaded). The
 * pages are reached through small page objects; screenshots of the main pages go to {@code docs/images/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ConsoleBrowserStories {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private final Supplier<ConsoleFixture> fixture;
    private ConsoleFixture fx;
    private WebDriver driver;
    private Path profile;
    private final Path images = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/images");

    ConsoleBrowserStories(Supplier<ConsoleFixture> fixture) {
        this.fixture = fixture;
    }

    @BeforeAll
    void openBrowser() throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        fx = fixture.get();
        profile = Files.createTempDirectory("ferrymq-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        Files.createDirectories(images);
    }

    @AfterAll
    void closeBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- page objects

    /** Waits up to 60 s for a condition on the page. */
    private <T> T until(String what, java.util.function.Function<WebDriver, T> c) {
        return new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(c);
    }

    private WebElement el(String css) {
        return until(css, d -> {
            List<WebElement> l = d.findElements(By.cssSelector(css));
            return l.isEmpty() || !l.get(0).isDisplayed() ? null : l.get(0);
        });
    }

    private void type(String css, String text) {
        WebElement e = el(css);
        e.clear();
        e.sendKeys(text);
    }

    private void go(String hash) {
        driver.get(fx.url() + "#/" + hash);
        driver.navigate().refresh();
    }

    private void textAppears(String css, String text) {
        until(css + " shows " + text, d -> {
            List<WebElement> l = d.findElements(By.cssSelector(css));
            return l.stream().anyMatch(e -> e.getText().contains(text)) ? true : null;
        });
    }

    private void screenshot(String name) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The login page. */
    private void logIn(String user) {
        driver.get(fx.url());
        if (driver.findElements(By.id("logout")).stream().anyMatch(WebElement::isDisplayed)) {
            el("#logout").click();
        }
        type("#login-user", user);
        type("#login-password", ConsoleFixture.PASSWORD);
        el("#login-submit").click();
        until("logged in as " + user, d -> !d.findElement(By.id("login")).isDisplayed()
                && d.findElement(By.id("user-name")).getText().startsWith(user + " (") ? true : null);
    }

    // ---------------------------------------------------------------- stories

    @Test
    @Order(1)
    void anAdminLogsInAndSeesBothBrokerGroupsWithTps() throws Exception {
        driver.get(fx.url());
        textAppears("#login h1", "Log in");
        logIn("admin");
        el("[data-test=overview-groups]");
        textAppears("[data-test=overview-groups]", "broker-a");
        textAppears("[data-test=overview-groups]", "broker-b");
        screenshot("console-overview.png");
        go("brokers");
        until("both masters show send TPS", d -> {
            long busy = d.findElements(By.cssSelector("[data-test=brokers-table] tbody tr")).stream()
                    .map(r -> r.findElements(By.tagName("td")))
                    .filter(td -> td.get(2).getText().equals("master") && Double.parseDouble(td.get(6).getText()) > 0)
                    .count();
            return busy == 2 ? true : null;
        });
        screenshot("console-brokers.png");
    }

    @Test
    @Order(2)
    void anAdminCreatesATopic() throws Exception {
        go("topics");
        type("#topic-name", "BrowserTopic");
        type("#topic-queues", "2");
        el("#topic-create-submit").click();
        textAppears("#topic-create-result", "Created BrowserTopic");
        until("topic listed", d -> {
            driver.navigate().refresh();
            return d.findElements(By.linkText("BrowserTopic")).isEmpty() ? null : true;
        });
        screenshot("console-topics.png");
    }

    @Test
    @Order(3)
    void anOperatorSendsAMessageAndFindsItByKey() throws Exception {
        go("messages");
        type("#send-topic", ConsoleFixture.TRAFFIC_TOPIC);
        type("#send-keys", "browser-key-1");
        type("#send-tags", "browser");
        type("#send-body", "sent from the browser");
        el("#send-submit").click();
        textAppears("#send-result", "Sent: SEND_OK");
        type("#msg-topic", ConsoleFixture.TRAFFIC_TOPIC);
        new Select(el("#msg-by")).selectByValue("key");
        type("#msg-value", "browser-key-1");
        until("message found by key", d -> {
            d.findElement(By.id("msg-search-submit")).click();
            return d.findElements(By.cssSelector("#msg-results .body-text")).stream()
                    .anyMatch(e -> e.getText().contains("sent from the browser")) ? true : null;
        });
        screenshot("console-messages.png");
    }

    @Test
    @Order(4)
    void anOperatorSeesAGroupsLagAndResetsItWithPreviewAndUndo() throws Exception {
        String topic = "BrowserLagTopic";
        String group = "browser-lag-group";
        ConsoleApi api = fx.login("admin");
        api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1));
        ConsoleEndToEndTest.awaitRoute(topic, 2);
        for (int i = 0; i < 4; i++) {
            fx.producer.send(new Message(topic, "l", "l-" + i, "x".getBytes(StandardCharsets.UTF_8)));
        }
        List<String> got = new CopyOnWriteArrayList<>();
        try (PushConsumer c = ConsoleEndToEndTest.consumer(group, topic, (msgs, ctx) -> {
            msgs.forEach(m -> got.add(m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, 16)) {
            ConsoleEndToEndTest.await("consumed", Duration.ofSeconds(60), () -> got.size() >= 4
                    && ConsoleEndToEndTest.groupLag(api, group) == 0);
        }
        for (int i = 4; i < 9; i++) {
            fx.producer.send(new Message(topic, "l", "l-" + i, "x".getBytes(StandardCharsets.UTF_8)));
        }
        ConsoleEndToEndTest.await("lag 5, offline", Duration.ofSeconds(60), () -> ConsoleEndToEndTest.groupLag(api, group) == 5
                && api.get("/api/sets/local/groups/" + group).json().getJSONArray("clients").isEmpty());
        go("groups/" + group);
        // The topic has a queue on each master, so the 5 messages are split between rows: the page must show a
        // total of 5 in its "Lag (messages)" column (a cell containing "5" could be any offset).
        until("lag table rows of " + topic + " sum to 5", d -> {
            long sum = 0;
            for (WebElement row : d.findElements(By.cssSelector("[data-test=lag-table] tbody tr"))) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                if (cells.size() > 5 && cells.get(0).getText().equals(topic)) {
                    sum += Long.parseLong(cells.get(5).getText().trim());
                }
            }
            if (sum == 5) {
                return true;
            }
            d.navigate().refresh(); // the page reads the group once per load
            return null;
        });
        new Select(el("#reset-mode")).selectByValue("earliest");
        el("#reset-preview").click();
        el("#reset-preview-table");
        screenshot("console-group-reset.png");
        el("#reset-apply").click();
        textAppears("#reset-applied", "Applied");
        String shown = el("#reset-result").getText();
        ConsoleEndToEndTest.await("lag 9 after the reset; page showed:\n" + shown + "\naudit: "
                + api.get("/api/audit?action=group.resetOffset&q=" + group).body(), Duration.ofSeconds(20),
                () -> ConsoleEndToEndTest.groupLag(api, group) == 9);
        el("#reset-undo").click();
        until("undo applied", d -> {
            try {
                return ConsoleEndToEndTest.groupLag(api, group) == 5 ? true : null;
            } catch (Exception e) {
                return null;
            }
        });
        textAppears("#reset-applied", "Applied");
    }

    @Test
    @Order(5)
    void anOperatorResendsADeadLetterAndItIsConsumed() throws Exception {
        String topic = "BrowserDlqTopic";
        String group = "browser-dlq-group";
        ConsoleApi api = fx.login("admin");
        api.post("/api/sets/local/topics", Map.of("topic", topic, "queues", 1));
        ConsoleEndToEndTest.awaitRoute(topic, 2);
        AtomicBoolean fail = new AtomicBoolean(true);
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (PushConsumer c = ConsoleEndToEndTest.consumer(group, topic, (msgs, ctx) -> {
            msgs.forEach(m -> delivered.add(m.keys()));
            return fail.get() ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, 0)) {
            fx.producer.send(new Message(topic, "d", "browser-dead", "dead".getBytes(StandardCharsets.UTF_8)));
            go("dlq");
            until("DLQ listed", d -> {
                d.navigate().refresh();
                return d.findElements(By.linkText(group)).isEmpty() ? null : true;
            });
            screenshot("console-dlq.png");
            fail.set(false);
            go("dlq/" + group);
            el("input.dlq-pick").click();
            el("#dlq-resend").click();
            textAppears("#dlq-resent", "1 resent, 0 failed");
            ConsoleEndToEndTest.await("resent dead letter consumed", Duration.ofSeconds(60),
                    () -> delivered.size() == 2);
            el("#dlq-skip").click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
                try {
                    d.switchTo().alert();
                    return true;
                } catch (org.openqa.selenium.NoAlertPresentException e) {
                    return null;
                }
            });
            driver.switchTo().alert().sendKeys(group);
            driver.switchTo().alert().accept();
            textAppears("#dlq-skipped", "1 dead letters skipped");
        }
    }

    @Test
    @Order(6)
    void aViewerWatchesTheLiveTailReceiveAMessage() throws Exception {
        logIn("viewer");
        go("tail");
        type("#tail-topic", ConsoleFixture.TRAFFIC_TOPIC);
        type("#tail-key", "tail-browser-1");
        el("#tail-start").click();
        textAppears("#tail-status", "Watching");
        fx.producer.send(new Message(ConsoleFixture.TRAFFIC_TOPIC, "tail", "tail-browser-1",
                "live!".getBytes(StandardCharsets.UTF_8)));
        textAppears("#tail-rows", "tail-browser-1");
        screenshot("console-tail.png");
    }

    @Test
    @Order(7)
    void aViewersChangeIsRefused() throws Exception {
        logIn("viewer");
        go("topics");
        type("#topic-name", "ViewerBrowserTopic");
        el("#topic-create-submit").click();
        textAppears("#topic-create-result", "needs the admin role");
        assertTrue(fx.cluster.route("ViewerBrowserTopic") == null);
    }

    @Test
    @Order(8)
    void anAdminChangesABrokerSettingAfterSeeingTheDiffAndSeesTheBrokerRefuseAStartUpSetting() throws Exception {
        logIn("admin");
        ConsoleApi api = fx.login("admin");
        String addr = null;
        for (Object o : api.get("/api/sets/local/brokers").json().getJSONArray("brokers")) {
            var b = (com.alibaba.fastjson2.JSONObject) o;
            if (b.getString("group").equals("broker-b") && b.getString("role").equals("master")) {
                addr = b.getString("address");
            }
        }
        String base = "/api/sets/local/brokers/" + addr + "/config";
        String before = api.get(base).json().getString("maxMessageSize");
        go("brokers/" + addr);
        type("#config-key", "maxMessageSize");
        type("#config-value", "2097152");
        el("#config-preview").click();
        textAppears("#config-diff", "2097152");
        textAppears("#config-diff", before);
        screenshot("console-broker-config.png");
        el("#config-apply").click();
        textAppears("#config-applied", "Applied and read back");
        assertEquals("2097152", api.get(base).json().getString("maxMessageSize"));

        type("#config-key", "storePathRootDir");
        type("#config-value", "/tmp/elsewhere");
        el("#config-preview").click();
        el("#config-apply").click();
        textAppears("#config-refused", "storePathRootDir");
        assertEquals(200, api.put(base, Map.of("changes", Map.of("maxMessageSize", before))).status());
    }

    @Test
    @Order(9)
    void anAdminCreatesAnOperatorWhoThenLogsIn() throws Exception {
        logIn("admin");
        go("users");
        type("#user-name-new", "browser-operator");
        new Select(el("#user-role-new")).selectByValue("operator");
        type("#user-password-new", ConsoleFixture.PASSWORD);
        el("#user-create").click();
        textAppears("#user-result", "Created browser-operator");
        textAppears("[data-test=users-table]", "browser-operator");
        screenshot("console-users.png");
        logIn("browser-operator");
        textAppears("#user-name", "browser-operator (operator)");
    }

    @Test
    @Order(10)
    void theAuditLogShowsEachChange() throws Exception {
        logIn("admin");
        go("audit");
        for (String action : List.of("topic.create", "message.send", "group.resetOffset",
                "group.resetOffset.undo", "dlq.resend", "broker.config", "user.create")) {
            textAppears("[data-test=audit-table]", action);
        }
        screenshot("console-audit.png");
        go("charts");
        el("[data-test=charts]");
        screenshot("console-charts.png");
    }
}
