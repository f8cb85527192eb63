package io.ferrymq.console.history;

import com.alibaba.fastjson2.JSONObject;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history API over HTTP without a cluster (the name server does not answer): the store's status with its
 * bounds, and a clear 4xx for a bad range, kind, point count, set or name.
 */
class HistoryApiTest {
    @TempDir
    Path dir;
    private ConsoleServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ConsoleHttp viewer() throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("listenPort", "0");
        m.put("dataDir", dir.toString());
        m.put("nameServers.local", "127.0.0.1:1");
        m.put("brokerDeadlineMillis", "500");
        m.put("history.sampleIntervalMillis", "5000");
        m.put("history.retentionHours", "24");
        m.put("history.maxMemoryMegabytes", "16");
        m.put("user.vic", "viewer:" + PasswordHashes.hash("vic-password"));
        server = new ConsoleServer(new ConsoleConfig().apply(m, null), Clock.systemUTC()).start();
        ConsoleHttp http = new ConsoleHttp(server.url());
        assertEquals(200, http.login("vic", "vic-password").status());
        return http;
    }

    @Test
    void theStatusShowsTheBoundsFromTheConfiguration() throws Exception {
        JSONObject s = viewer().get("/api/history").json();
        assertEquals(5000, s.getLongValue("intervalMillis"));
        assertEquals(24 * 3_600_000L, s.getLongValue("retentionMillis"));
        assertEquals(16L << 20, s.getLongValue("maxBytes"));
        assertEquals(50_000, s.getIntValue("maxSeries"));
        assertEquals(360, s.getIntValue("maxPoints"));
        assertTrue(s.getString("file").endsWith("history.bin"), s.toString());
    }

    @Test
    void badRequestsGetAClear4xx() throws Exception {
        ConsoleHttp http = viewer();
        ConsoleHttp.Res range = http.get("/api/sets/local/history/group/orders?range=2w");
        assertEquals(400, range.status(), range.body());
        assertTrue(range.body().contains("e.g. 1h, 6h, 24h, 7d"), range.body());
        ConsoleHttp.Res tooLong = http.get("/api/sets/local/history/group/orders?range=7d");
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.body().contains("longer than the history kept (24 h"), tooLong.body());
        ConsoleHttp.Res kind = http.get("/api/sets/local/history/queue/orders");
        assertEquals(400, kind.status());
        assertTrue(kind.body().contains("cluster, broker, topic or group"), kind.body());
        ConsoleHttp.Res points = http.get("/api/sets/local/history/group/orders?points=100000");
        assertEquals(400, points.status());
        assertTrue(points.body().contains("'points' must be in [2, 360]"), points.body());
        assertEquals(404, http.get("/api/sets/nowhere/history/group/orders").status());
        ConsoleHttp.Res unknown = http.get("/api/sets/local/history/group/orders");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("no group 'orders' in set local and no history of it"), unknown.body());
        assertEquals(401, new ConsoleHttp(server.url()).get("/api/sets/local/history/group/orders").status());
    }
}
