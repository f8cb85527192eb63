package io.ferrymq.console.alert.notify;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.ferrymq.console.alert.Alert;
import io.ferrymq.console.alert.AlertEvent;
import io.ferrymq.console.alert.AlertSettings;
import io.ferrymq.console.alert.Condition;
import io.ferrymq.console.alert.Notification;
import io.ferrymq.console.alert.Severity;
import io.ferrymq.console.alert.Target;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mail and webhook channels against real servers on loopback (GreenMail, the JDK's HttpServer). */
class ChannelsTest {
    static Notification notification() {
        Alert a = new Alert(7, "k", Condition.BACKLOG_NO_CONSUMER, Target.group("local", "c1", "orders",
                Set.of("Orders")), "backlog-no-consumer", Severity.WARNING, Alert.Status.FIRING, 42, 0, 0,
                Map.of("backlog", "42", "topics", "Orders", "lastConsumer", "10.0.0.5@orders-app",
                        "lastConsumerAddress", "10.0.0.5:53422", "lastConsumerSeenAt", "1700000000000"),
                1_700_000_000_000L, 1_700_000_060_000L, 0, 1_700_000_060_000L, true, "", 0, 0);
        return new Notification(1, 1_700_000_060_000L, List.of(new AlertEvent(AlertEvent.Type.FIRING, a)));
    }

    /** A mail server on a free loopback port; a generous start-up bound, since the test machine may be loaded. */
    static ServerSetup setup(String protocol) throws Exception {
        ServerSetup s = new ServerSetup(freePort(), "127.0.0.1", protocol);
        s.setServerStartupTimeout(60_000);
        return s;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aWebhookGetsTheDocumentedJson() throws Exception {
        List<JSONObject> got = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                got.add(JSON.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            ex.sendResponseHeaders(ex.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")
                    ? 200 : 415, -1);
            ex.close();
        });
        server.createContext("/down", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            new WebhookChannel(base + "/hook", "http://console:8480/", 5000).send(notification());
            JSONObject doc = got.get(0);
            assertEquals(1, doc.getIntValue("version"));
            assertTrue(doc.getString("summary").startsWith("[FerryMQ] FIRING 1: backlog-no-consumer orders"),
                    doc.getString("summary"));
            assertTrue(doc.getString("text").contains("orders"));
            JSONObject e = doc.getJSONArray("events").getJSONObject(0);
            assertEquals("FIRING", e.getString("type"));
            assertEquals("orders", e.getString("target"));
            assertEquals("GROUP", e.getString("targetKind"));
            assertEquals(42, e.getIntValue("value"));
            assertTrue(e.getJSONObject("hint").getString("what").contains("10.0.0.5@orders-app"), e.toString());
            assertEquals("http://console:8480/#/alerts", doc.getString("consoleUrl"));
            Exception down = assertThrows(Exception.class,
                    () -> new WebhookChannel(base + "/down", null, 5000).send(notification()));
            assertTrue(down.getMessage().contains("HTTP 503"), down.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void mailGoesOutOverSmtpWithAuthentication() throws Exception {
        GreenMail smtp = new GreenMail(setup(ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("alerts@example.test", "alerts", "secret");
        smtp.start();
        try {
            EmailChannel mail = new EmailChannel(AlertSettings.parse(Map.of("mail.smtpHost", "127.0.0.1",
                    "mail.smtpPort", Integer.toString(smtp.getSmtp().getPort()), "mail.security", "NONE",
                    "mail.user", "alerts", "mail.password", "secret", "mail.from", "alerts@example.test",
                    "mail.to", "ops@example.test, oncall@example.test")));
            mail.send(notification());
            MimeMessage[] got = smtp.getReceivedMessages();
            assertEquals(2, got.length, "one copy per recipient");
            assertTrue(got[0].getSubject().contains("FIRING 1: backlog-no-consumer orders"), got[0].getSubject());
            String body = GreenMailUtil.getBody(got[0]);
            assertTrue(body.contains("Next step"), body);
            assertTrue(body.contains("10.0.0.5@orders-app"), body);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void mailGoesOutOverTls() throws Exception {
        GreenMail smtps = new GreenMail(setup(ServerSetup.PROTOCOL_SMTPS));
        smtps.start();
        try {
            new EmailChannel(AlertSettings.parse(Map.of("mail.smtpHost", "127.0.0.1",
                    "mail.smtpPort", Integer.toString(smtps.getSmtps().getPort()), "mail.security", "TLS",
                    "mail.trustAllHosts", "true", "mail.from", "alerts@example.test", "mail.to",
                    "ops@example.test"))).send(notification());
            assertEquals(1, smtps.getReceivedMessages().length);
        } finally {
            smtps.stop();
        }
    }

    @Test
    void aMailServerThatRefusesTheLoginIsAFailure() throws Exception {
        GreenMail smtp = new GreenMail(setup(ServerSetup.PROTOCOL_SMTP));
        smtp.getManagers().getUserManager().setAuthRequired(true);
        smtp.setUser("alerts@example.test", "alerts", "secret");
        smtp.start();
        try {
            EmailChannel mail = new EmailChannel(AlertSettings.parse(Map.of("mail.smtpHost", "127.0.0.1",
                    "mail.smtpPort", Integer.toString(smtp.getSmtp().getPort()), "mail.security", "NONE",
                    "mail.user", "alerts", "mail.password", "wrong", "mail.from", "alerts@example.test",
                    "mail.to", "ops@example.test")));
            assertThrows(Exception.class, () -> mail.send(notification()));
            assertEquals(0, smtp.getReceivedMessages().length);
        } finally {
            smtp.stop();
        }
    }
}
