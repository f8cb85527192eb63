package io.ferrymq.console.alert.notify;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.console.alert.Notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs the notification's JSON ({@link NotificationText#payload}) to a URL; any 2xx answer is a delivery, anything
 * else (or no answer within the timeout) a failure the dispatcher retries. Used by the notification worker only.
 */
public final class WebhookChannel implements Channel {
    private final URI url;
    private final String consoleUrl;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookChannel(String url, String consoleUrl, long timeoutMillis) {
        this.url = URI.create(url);
        this.consoleUrl = consoleUrl;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "webhook " + url;
    }

    @Override
    public void send(Notification n) throws Exception {
        byte[] body = JSON.toJSONString(NotificationText.payload(n, consoleUrl)).getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "ferrymq-console")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            String text = r.body() == null ? "" : r.body();
            throw new IllegalStateException("HTTP " + r.statusCode() + " from " + url
                    + (text.isBlank() ? "" : ": " + text.substring(0, Math.min(200, text.length())).strip()));
        }
    }
}
