package io.ferrymq.it.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A test's HTTP session with the console's JSON API: keeps the session cookie and the CSRF token as a page does. */
public final class ConsoleApi {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    String cookie;
    String csrf;

    public ConsoleApi(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** One answer: status and body. */
    public record Res(int status, String body) {
        public JSONObject json() {
            return JSON.parseObject(body);
        }

        public JSONArray array() {
            return JSON.parseArray(body);
        }

        public String error() {
            return json().getString("error");
        }
    }

    public ConsoleApi login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.toJSONString(Map.of("user", user, "password",
                        password)))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = set.substring(0, set.indexOf(';'));
        csrf = JSON.parseObject(r.body()).getString("csrfToken");
        return this;
    }

    public Res get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, true);
    }

    public Res post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body instanceof String s ? s : JSON.toJSONString(body), true);
    }

    Res put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body instanceof String s ? s : JSON.toJSONString(body), true);
    }

    Res delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, true);
    }

    Res send(String method, String path, String body, boolean withCsrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body());
    }

    /** Opens a Server-Sent Events stream; lines arrive as the server sends them. */
    HttpResponse<java.util.stream.Stream<String>> stream(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET()
                .header("Accept", "text/event-stream");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    }
}
