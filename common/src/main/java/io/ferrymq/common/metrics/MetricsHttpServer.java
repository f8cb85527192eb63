package io.ferrymq.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferrymq.common.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4) from a scrape function on its own port.
 *
 * <p>The JDK's built-in HTTP server is enough here: a scrape is one small GET every few seconds, so it needs no
 * extra dependency and no HTTP pipeline of our own. Requests are answered on one named thread
 * ({@code <name>-metrics-http}); a slow scrape therefore never competes with the message path's threads.
 * Anything but {@code GET}/{@code HEAD} on {@code /metrics} gets 404 or 405 with a reason.
 */
public final class MetricsHttpServer implements AutoCloseable {
    /** The content type Prometheus expects for the text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code bindAddress:port} (port 0 = any free port) and starts serving.
     *
     * @throws IllegalStateException naming the address when the port cannot be bound
     */
    public static MetricsHttpServer start(String name, String bindAddress, int port, Supplier<String> scrape) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the metrics port " + bindAddress + ":" + port
                    + " (" + e.getMessage() + "); free it or set metricsPort to another port, 0 turns metrics off", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(NamedThreads.factory(name + "-metrics-http"));
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, scrape));
        server.start();
        log.info("{}: Prometheus metrics at http://{}:{}/metrics", name, bindAddress, server.getAddress().getPort());
        return new MetricsHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"/metrics".equals(path)) {
                send(exchange, 404, "text/plain; charset=utf-8", "no such path " + path + "; metrics are at /metrics\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", method + " not allowed on /metrics; use GET\n");
                return;
            }
            String body;
            try {
                body = scrape.get();
            } catch (RuntimeException e) {
                log.warn("metrics scrape failed", e);
                send(exchange, 500, "text/plain; charset=utf-8", "scrape failed: " + e + "\n");
                return;
            }
            send(exchange, 200, CONTENT_TYPE, "HEAD".equals(method) ? null : body);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening and ends the serving thread. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
