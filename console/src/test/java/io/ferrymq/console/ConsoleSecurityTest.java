package io.ferrymq.console;

import io.ferrymq.console.auth.PasswordHashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's security model, checked over HTTP without a cluster (its name server does not answer, so pages
 * show partial results): login required, first-start admin, roles, CSRF, rate limiting, session expiry, bad input,
 * static files immune to path traversal.
 */
class ConsoleSecurityTest {
    @TempDir
    Path dir;
    private ConsoleServer server;
    private final MutableClock clock = new MutableClock();

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile long millis = 1_700_000_000_000L;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private ConsoleServer start(Map<String, String> extra) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("listenPort", "0");
        m.put("dataDir", dir.resolve("data").toString());
        m.put("nameServers.local", "127.0.0.1:1");
        m.put("brokerDeadlineMillis", "500");
        m.put("loginFailuresPerMinute", "3");
        m.put("maxRequestBytes", "4096");
        m.putAll(extra);
        server = new ConsoleServer(new ConsoleConfig().apply(m, null), clock).start();
        return server;
    }

    private ConsoleHttp http() {
        return new ConsoleHttp(server.url());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void firstStartCreatesAnAdminWithARandomPasswordInAnOwnerOnlyFile() throws Exception {
        start(Map.of());
        Path file = dir.resolve("data/initial-admin-password");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        String password = Files.readString(file).strip();
        assertTrue(password.length() >= 16);
        ConsoleHttp c = http();
        assertEquals(200, c.login("admin", password).status());
        assertEquals("admin", c.get("/api/session").json().getString("role"));
        String users = Files.readString(dir.resolve("data/users.properties"));
        assertFalse(users.contains(password), "only the hash is stored");
        assertTrue(users.contains("admin=admin:$2y$"));
    }

    @Test
    void everyApiCallNeedsALogin() throws Exception {
        start(Map.of());
        ConsoleHttp anonymous = http();
        for (String path : List.of("/api/session", "/api/sets", "/api/sets/local/topics", "/api/audit",
                "/api/sets/local/tail?topic=T")) {
            ConsoleHttp.Res r = anonymous.get(path);
            assertEquals(401, r.status(), path);
            assertTrue(r.json().getString("error").contains("log in"), r.body());
        }
        assertEquals(401, anonymous.post("/api/sets/local/topics", Map.of("topic", "T")).status());
        assertEquals(401, http().login("admin", "wrong-password").status());
    }

    @Test
    void viewerIsRefusedChangesAndMutatingRequestsNeedTheCsrfToken() throws Exception {
        start(Map.of("user.ann", "admin:" + PasswordHashes.hash("ann-password"),
                "user.vic", "viewer:" + PasswordHashes.hash("vic-password")));
        ConsoleHttp viewer = http();
        assertEquals(200, viewer.login("vic", "vic-password").status());
        assertEquals(200, viewer.get("/api/sets").status());
        ConsoleHttp.Res refused = viewer.post("/api/sets/local/topics", Map.of("topic", "T"));
        assertEquals(403, refused.status());
        assertTrue(refused.json().getString("error").contains("needs the admin role"), refused.body());

        ConsoleHttp admin = http();
        admin.login("ann", "ann-password");
        ConsoleHttp.Res noToken = admin.send("PUT", "/api/users/bob", "{\"role\":\"viewer\",\"password\":\"bob-password\"}",
                false);
        assertEquals(403, noToken.status());
        assertTrue(noToken.json().getString("error").contains("X-CSRF-Token"), noToken.body());
        assertEquals(404, admin.get("/api/users").body().contains("bob") ? 0 : 404, "nothing was created");
        assertEquals(201, admin.put("/api/users/bob", Map.of("role", "viewer", "password", "bob-password")).status());
        assertTrue(admin.get("/api/audit?action=user.create").body().contains("\"target\":\"bob\""));
    }

    @Test
    void badInputGetsAClear4xx() throws Exception {
        start(Map.of("user.ann", "admin:" + PasswordHashes.hash("ann-password")));
        ConsoleHttp c = http();
        c.login("ann", "ann-password");
        ConsoleHttp.Res malformed = c.put("/api/users/x", "{\"role\": ");
        assertEquals(400, malformed.status());
        assertTrue(malformed.json().getString("error").startsWith("malformed JSON"), malformed.body());
        ConsoleHttp.Res huge = c.put("/api/users/x", "{\"role\":\"" + "a".repeat(10_000) + "\"}");
        assertEquals(413, huge.status(), huge.body());
        assertEquals(404, c.get("/api/sets/nope/topics").status());
        assertEquals(404, c.get("/api/nothing-here").status());
        ConsoleHttp.Res badRole = c.put("/api/users/x", Map.of("role", "root", "password", "12345678"));
        assertEquals(400, badRole.status());
        assertTrue(badRole.json().getString("error").contains("role must be"), badRole.body());
        assertFalse(c.get("/api/users").body().contains("\"x\""), "nothing was created");
    }

    @Test
    void failedLoginsAreRateLimited() throws Exception {
        start(Map.of("user.ann", "admin:" + PasswordHashes.hash("ann-password")));
        ConsoleHttp c = http();
        for (int i = 0; i < 3; i++) {
            assertEquals(401, c.login("ann", "guess-" + i).status());
        }
        ConsoleHttp.Res limited = c.login("ann", "ann-password");
        assertEquals(429, limited.status(), "even the right password waits");
        clock.millis += 61_000;
        assertEquals(200, c.login("ann", "ann-password").status());
    }

    @Test
    void idleSessionsExpire() throws Exception {
        start(Map.of("user.ann", "admin:" + PasswordHashes.hash("ann-password"), "sessionIdleSeconds", "60"));
        ConsoleHttp c = http();
        c.login("ann", "ann-password");
        assertEquals(200, c.get("/api/session").status());
        clock.millis += 61_000;
        assertEquals(401, c.get("/api/session").status());
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        start(Map.of("user.ann", "admin:" + PasswordHashes.hash("ann-password")));
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "api/login"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"ann\",\"password\":\"ann-password\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertNotNull(r.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    void staticFilesCannotEscapeTheUiDirectory() throws Exception {
        start(Map.of());
        assertTrue(raw("/").contains("FerryMQ console"));
        for (String path : List.of("/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/js/..%2f..%2f..%2fio/ferrymq/console/ConsoleServer.class", "/..%5c..%5cetc%5cpasswd",
                "/%2e%2e%2f%2e%2e%2fetc%2fpasswd")) {
            String resp = raw(path);
            assertFalse(resp.contains("root:x:0:0") || resp.contains("CAFEBABE") || resp.contains("ConsoleServer"),
                    path + " -> " + resp.substring(0, Math.min(200, resp.length())));
            assertTrue(resp.startsWith("HTTP/1.1 4"), path + " -> " + resp.lines().findFirst().orElse(""));
        }
    }

    private String raw(String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
