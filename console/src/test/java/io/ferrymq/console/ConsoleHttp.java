package io.ferrymq.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test's HTTP session with the console: keeps the session cookie and CSRF token like a browser would. */
public final class ConsoleHttp {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    public String cookie;
    public String csrf;

    public ConsoleHttp(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A response: status and body. */
    public record Res(int status, String body) {
        public JSONObject json() {
            return JSON.parseObject(body);
        }

        public com.alibaba.fastjson2.JSONArray array() {
            return JSON.parseArray(body);
        }
    }

    public Res login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.toJSONString(java.util.Map.of("user", user,
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
            String set = r.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = set.substring(0, set.indexOf(';'));
            csrf = JSON.parseObject(r.body()).getString("csrfToken");
        }
        return new Res(r.statusCode(), r.body());
    }

    public Res get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, true);
    }

    public Res post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body instanceof String s ? s : JSON.toJSONString(body), true);
    }

    public Res put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body instanceof String s ? s : JSON.toJSONString(body), true);
    }

    public Res delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, true);
    }

    public Res send(String method, String path, String body, boolean withCsrf) throws IOException,
            InterruptedException {
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
}
