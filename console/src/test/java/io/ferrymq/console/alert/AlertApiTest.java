package io.ferrymq.console.alert;

import io.ferrymq.console.ConsoleConfig;
import io.ferrymq.console.ConsoleHttp;
import io.ferrymq.console.ConsoleServer;
import io.ferrymq.console.auth.PasswordHashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alerts API over HTTP without a cluster: viewers read, operators silence and acknowledge, admins change rules;
 * bad input gets a 400 naming the field; changes are audited and survive a console restart.
 */
class AlertApiTest {
    private static final String PW = "alert-api-password";
    @TempDir
    Path dir;
    private ConsoleServer server;

    private ConsoleServer start() throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("listenPort", "0");
        m.put("dataDir", dir.resolve("data").toString());
        m.put("nameServers.local", "127.0.0.1:1");
        m.put("brokerDeadlineMillis", "500");
        String hash = PasswordHashes.hash(PW);
        m.put("user.ann", "admin:" + hash);
        m.put("user.otto", "operator:" + hash);
        m.put("user.vic", "viewer:" + hash);
        m.put("alert.rule.from-file.condition", "disk-ratio");
        m.put("alert.rule.from-file.threshold", "0.9");
        server = new ConsoleServer(new ConsoleConfig().apply(m, null), Clock.systemUTC()).start();
        return server;
    }

    private ConsoleHttp as(String user) throws Exception {
        ConsoleHttp c = new ConsoleHttp(server.url());
        assertEquals(200, c.login(user, PW).status());
        return c;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void viewersReadOperatorsSilenceAdminsChangeRules() throws Exception {
        start();
        ConsoleHttp viewer = as("vic");
        ConsoleHttp operator = as("otto");
        ConsoleHttp admin = as("ann");
        ConsoleHttp.Res alerts = viewer.get("/api/alerts");
        assertEquals(200, alerts.status());
        assertTrue(alerts.json().getBooleanValue("enabled"));
        assertTrue(viewer.get("/api/alerts/rules").body().contains("\"id\":\"backlog-no-consumer\""));
        assertTrue(viewer.get("/api/alerts/rules").body().contains("\"id\":\"from-file\""));

        assertEquals(403, viewer.post("/api/alerts/silences", Map.of("minutes", 5)).status());
        assertEquals(403, operator.put("/api/alerts/rules/orders", Map.of("condition", "group-backlog")).status());

        ConsoleHttp.Res silence = operator.post("/api/alerts/silences", Map.of("rule", "group-backlog",
                "target", "orders-*", "minutes", 30, "comment", "deploying orders"));
        assertEquals(200, silence.status(), silence.body());
        long id = silence.json().getLongValue("id");
        assertTrue(viewer.get("/api/alerts/silences").body().contains("orders-*"));

        ConsoleHttp.Res rule = admin.put("/api/alerts/rules/orders", Map.of("condition", "group-backlog",
                "group", "orders-*", "threshold", 1000, "forSeconds", 60));
        assertEquals(200, rule.status(), rule.body());
        assertEquals("1000", rule.json().getJSONObject("fields").getString("threshold"));
        assertTrue(admin.get("/api/audit?action=alert.").body().contains("alert.rule.put"));
        assertTrue(admin.get("/api/audit?action=alert.").body().contains("alert.silence.add"));
        assertEquals(200, operator.delete("/api/alerts/silences/" + id).status());
        assertEquals(404, operator.delete("/api/alerts/silences/" + id).status());
    }

    @Test
    void badInputGetsA400NamingWhatIsWrong() throws Exception {
        start();
        ConsoleHttp admin = as("ann");
        ConsoleHttp.Res typo = admin.put("/api/alerts/rules/x", Map.of("condition", "group-backlog", "treshold", 5));
        assertEquals(400, typo.status());
        assertTrue(typo.body().contains("did you mean 'threshold'"), typo.body());
        ConsoleHttp.Res inverted = admin.put("/api/alerts/rules/x", Map.of("condition", "group-backlog",
                "threshold", 5, "resolveThreshold", 50));
        assertEquals(400, inverted.status());
        assertTrue(inverted.body().contains("resolveThreshold"), inverted.body());
        assertEquals(400, admin.put("/api/alerts/rules/x", "{\"condition\": ").status(), "malformed JSON");
        assertEquals(400, admin.put("/api/alerts/rules/from-file", Map.of("threshold", 0.5)).status(),
                "rules from the configuration file are changed there");
        assertEquals(400, admin.put("/api/alerts/rules/group-backlog", Map.of("condition", "disk-ratio")).status(),
                "a built-in rule keeps its condition");
        assertEquals(400, admin.post("/api/alerts/silences", Map.of("rule", "no-such-rule", "minutes", 5)).status());
        assertEquals(400, admin.post("/api/alerts/silences", Map.of("target", "a b", "minutes", 5)).status());
        assertEquals(400, admin.post("/api/alerts/silences", Map.of("minutes", 0)).status());
        assertEquals(404, admin.post("/api/alerts/999/ack", Map.of()).status());
        assertEquals(400, admin.post("/api/alerts/abc/ack", Map.of()).status());
        assertEquals(404, admin.delete("/api/alerts/rules/nope").status());
        assertEquals(403, admin.send("PUT", "/api/alerts/rules/y", "{\"condition\":\"group-backlog\"}", false)
                .status(), "no CSRF token");
    }

    @Test
    void rulesAndSilencesSurviveARestartOfTheConsole() throws Exception {
        start();
        ConsoleHttp admin = as("ann");
        assertEquals(200, admin.put("/api/alerts/rules/group-backlog", Map.of("threshold", 42)).status());
        assertEquals(200, admin.post("/api/alerts/silences", Map.of("target", "audit", "minutes", 60)).status());
        server.close();
        start();
        ConsoleHttp again = as("ann");
        assertTrue(again.get("/api/alerts/rules").body().contains("\"threshold\":\"42\""));
        assertTrue(again.get("/api/alerts/silences").body().contains("\"target\":\"audit\""));
        assertEquals(200, again.delete("/api/alerts/rules/group-backlog").status(), "reset to the built-in");
        assertTrue(again.get("/api/alerts/rules").body().contains("\"threshold\":\"10000\""));
    }

    @Test
    void aBadAlertSettingStopsTheConsoleNamingTheKey() {
        Map<String, String> m = new HashMap<>();
        m.put("nameServers.local", "127.0.0.1:1");
        m.put("alert.repeatIntervalMinutes", "0");
        m.put("alert.rule.x.condition", "group-backlog");
        m.put("alert.rule.x.group", "bad pattern");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConsoleConfig().apply(m, null));
        assertTrue(e.getMessage().contains("alert.repeatIntervalMinutes"), e.getMessage());
        assertTrue(e.getMessage().contains("alert.rule.x"), e.getMessage());
    }
}
