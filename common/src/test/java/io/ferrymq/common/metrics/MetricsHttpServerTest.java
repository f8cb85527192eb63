package io.ferrymq.common.metrics;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsHttpServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> call(int port, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeAtSlashMetricsAndRefusesEverythingElseWithAReason() throws Exception {
        try (MetricsHttpServer s = MetricsHttpServer.start("test", "127.0.0.1", 0, () -> "up 1\n")) {
            HttpResponse<String> ok = call(s.port(), "GET", "/metrics");
            assertEquals(200, ok.statusCode());
            assertEquals("up 1\n", ok.body());
            assertEquals(MetricsHttpServer.CONTENT_TYPE, ok.headers().firstValue("Content-Type").orElse(""));

            HttpResponse<String> missing = call(s.port(), "GET", "/other");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("/metrics"), missing.body());

            HttpResponse<String> post = call(s.port(), "POST", "/metrics");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void aFailingScrapeIsA500NotADeadServer() throws Exception {
        try (MetricsHttpServer s = MetricsHttpServer.start("test", "127.0.0.1", 0, () -> {
            throw new IllegalStateException("boom");
        })) {
            HttpResponse<String> r = call(s.port(), "GET", "/metrics");
            assertEquals(500, r.statusCode());
            assertTrue(r.body().contains("boom"));
            assertEquals(500, call(s.port(), "GET", "/metrics").statusCode(), "still serving");
        }
    }

    @Test
    void aTakenPortFailsNamingTheKeyToChange() throws Exception {
        try (MetricsHttpServer first = MetricsHttpServer.start("test", "127.0.0.1", 0, () -> "")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> MetricsHttpServer.start("test", "127.0.0.1", first.port(), () -> ""));
            assertTrue(e.getMessage().contains("metricsPort"), e.getMessage());
            assertFalse(e.getMessage().isEmpty());
        }
    }
}
