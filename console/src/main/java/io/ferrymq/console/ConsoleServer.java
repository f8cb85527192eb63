package io.ferrymq.console;

import io.ferrymq.console.alert.AlertApi;
import io.ferrymq.console.alert.AlertService;
import io.ferrymq.console.api.ApiException;
import io.ferrymq.console.api.AuditApi;
import io.ferrymq.console.api.AuthApi;
import io.ferrymq.console.api.ClusterApi;
import io.ferrymq.console.api.DlqApi;
import io.ferrymq.console.api.FastJsonMapper;
import io.ferrymq.console.api.GroupApi;
import io.ferrymq.console.api.HistoryApi;
import io.ferrymq.console.api.MessageApi;
import io.ferrymq.console.api.TailStreams;
import io.ferrymq.console.api.TopicApi;
import io.ferrymq.console.api.UserApi;
import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.auth.LoginLimiter;
import io.ferrymq.console.auth.Sessions;
import io.ferrymq.console.auth.UserStore;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.history.HistoryFile;
import io.ferrymq.console.history.HistorySampler;
import io.ferrymq.console.history.HistoryStore;
import io.ferrymq.common.NamedThreads;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's composition root: users, sessions, audit log, one {@link ClusterSet} per name-server set, the
 * HTTP server (JSON API under {@code /api}, SSE, the static UI) and the security filter in front of every route.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private final ConsoleConfig config;
    private final Clock clock;
    private final Map<String, ClusterSet> sets = new LinkedHashMap<>();
    private final ExecutorService calls;
    private final ScheduledExecutorService housekeeping;
    private final AuditLog audit;
    private final UserStore users;
    private final Sessions sessions;
    private final TailStreams tails;
    private final AlertService alerts;
    private final HistorySampler history;
    private Javalin app;

    public ConsoleServer(ConsoleConfig config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.users = new UserStore(config.dataDir(), config.users());
        this.audit = new AuditLog(config.dataDir(), clock);
        this.sessions = new Sessions(clock, config.sessionIdleSeconds() * 1000L);
        this.calls = Executors.newFixedThreadPool(16, NamedThreads.factory("console-broker-call"));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("console-housekeeping"));
        config.nameServerSets().forEach((name, ns) -> sets.put(name,
                new ClusterSet(name, ns, config.clusterTls(), calls, clock, config.brokerDeadlineMillis())));
        this.tails = new TailStreams(sets, config.maxBodyPreviewBytes());
        this.alerts = AlertService.forConsole(config.alerts(), sets, config.dataDir(), io.ferrymq.common.Clock.SYSTEM,
                new io.ferrymq.common.fault.FaultRegistry(io.ferrymq.common.Clock.SYSTEM));
        io.ferrymq.common.fault.FaultRegistry historyFaults =
                new io.ferrymq.common.fault.FaultRegistry(io.ferrymq.common.Clock.SYSTEM);
        this.history = new HistorySampler(new HistoryStore(config.historySampleIntervalMillis(),
                config.historyRetentionMillis(), config.historyMaxBytes(), config.historyMaxSeries(), historyFaults),
                new HistoryFile(config.dataDir(), historyFaults),
                () -> sets.values().stream().map(ClusterSet::snapshot).toList(),
                () -> HistorySampler.AlertFigures.of(alerts.view().lastRoundAt(),
                        2 * config.alerts().evaluateIntervalMillis(), alerts.lastRound()),
                io.ferrymq.common.Clock.SYSTEM, config.historySaveIntervalMillis(), historyFaults);
    }

    public synchronized ConsoleServer start() throws IOException {
        sets.values().forEach(s -> s.start(config.snapshotIntervalMillis()));
        housekeeping.scheduleWithFixedDelay(sessions::expire, 30, 30, TimeUnit.SECONDS);
        tails.start();
        alerts.start();
        history.start();
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new FastJsonMapper());
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/console-ui";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
                        "Cache-Control", "no-cache");
            });
            if (config.tls()) {
                cfg.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStorePath(config.tlsKeyStore().toAbsolutePath().toString());
                    ssl.setKeyStorePassword(config.tlsKeyStorePassword());
                    http.addCustomizer(new SecureRequestCustomizer());
                    ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(http));
                    c.setHost(config.listenAddress());
                    c.setPort(config.listenPort());
                    return c;
                });
            }
        });
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", CSP);
            if (ctx.path().startsWith("/api")) {
                ctx.header("Cache-Control", "no-store");
            }
        });
        AuthApi auth = new AuthApi(users, sessions, new LoginLimiter(clock, config.loginFailuresPerMinute()), audit,
                config.tls());
        auth.register(app);
        new ClusterApi(sets, audit, config.maxBodyPreviewBytes()).register(app);
        new TopicApi(sets, audit).register(app);
        new GroupApi(sets, audit, clock).register(app);
        new MessageApi(sets, audit, config.maxBodyPreviewBytes(), clock).register(app);
        new DlqApi(sets, audit, config.dataDir(), config.maxBodyPreviewBytes()).register(app);
        new AuditApi(audit).register(app);
        new UserApi(users, sessions, audit).register(app);
        tails.register(app);
        new AlertApi(alerts, audit, sets).register(app);
        new HistoryApi(sets, history, config.historyMaxPoints(), io.ferrymq.common.Clock.SYSTEM).register(app);
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(error(e.status(), e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(error(e.getStatus(), e.getStatus() == 413 ? "request larger than "
                        + config.maxRequestBytes() + " bytes" : e.getMessage())));
        app.exception(io.ferrymq.client.BrokerException.class, (e, ctx) ->
                ctx.status(502).json(error(502, e.getMessage())));
        app.exception(io.ferrymq.client.ClientException.class, (e, ctx) ->
                ctx.status(e.getMessage() != null && e.getMessage().contains("does not exist") ? 404 : 502)
                        .json(error(ctx.statusCode(), e.getMessage())));
        app.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(error(400, e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected failure of {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(error(500, "internal error: " + e));
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api") && ctx.result() == null) {
                ctx.json(error(404, "no such API: " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> ctx.json(error(405, "method " + ctx.method() + " not allowed on " + ctx.path())));
        if (config.tls()) {
            app.start();
        } else {
            app.start(config.listenAddress(), config.listenPort());
        }
        log.info("FerryMQ console listening on {} (name-server sets {})", url(), sets.keySet());
        return this;
    }

    static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        return m;
    }

    /** The port the server listens on (useful with listenPort=0). */
    public int port() {
        if (config.tls()) {
            return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
        }
        return app.port();
    }

    public String url() {
        return (config.tls() ? "https" : "http") + "://" + config.listenAddress() + ":" + port() + "/";
    }

    public Map<String, ClusterSet> sets() {
        return sets;
    }

    /** The console's metric history. */
    public HistorySampler history() {
        return history;
    }

    /** The console's alerting. */
    public AlertService alerts() {
        return alerts;
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
        }
        tails.close();
        alerts.close();
        history.close();
        sets.values().forEach(ClusterSet::close);
        housekeeping.shutdownNow();
        calls.shutdownNow();
        audit.close();
    }
}
