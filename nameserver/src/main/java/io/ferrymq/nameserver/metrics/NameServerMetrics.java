package io.ferrymq.nameserver.metrics;

import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.metrics.MetricsHttpServer;
import io.ferrymq.nameserver.RouteTable;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The name server's Prometheus series, served at {@code /metrics} on {@code metricsPort}: live brokers per
 * cluster, topics, requests by kind and code (route queries, registrations, heartbeats), brokers removed by
 * expiry or closed connection, the fault registry's counters and failing conditions, and the JVM binders.
 * The broker and topic counts are map sizes, so they are read at scrape time. Threads: request threads count, the liveness thread counts removals, the HTTP thread
 * scrapes.
 */
public final class NameServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RouteTable routes;
    private final MultiGauge liveBrokers;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> removals = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final FaultRegistry faults;
    /** Fault names that already have a series; a fault gets its series at the first scrape after it happened. */
    private final Set<String> faultSeries = ConcurrentHashMap.newKeySet();
    private MetricsHttpServer http;

    public NameServerMetrics(RouteTable routes, LongSupplier scanFailures, FaultRegistry faults) {
        this.routes = routes;
        this.faults = faults;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        liveBrokers = MultiGauge.builder("ferrymq.namesrv.brokers.live")
                .description("Broker addresses registered and not expired, per cluster").register(registry);
        Gauge.builder("ferrymq.namesrv.topics", routes, r -> r.allTopics().size())
                .description("Topics with a route").register(registry);
        FunctionCounter.builder("ferrymq.namesrv.liveness.scan.failures", scanFailures, LongSupplier::getAsLong)
                .description("Expiry scans that failed (brokers may stay routed after dying)").register(registry);
        Gauge.builder("ferrymq.namesrv.fault.conditions.failing", faults, f -> f.failingConditions().size())
                .description("Conditions failing now (see the log)").register(registry);
    }

    /** Counts an answer (the server's response observer). */
    public void onAnswer(int requestCode, int responseCode) {
        String kind = switch (requestCode) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> "route";
            case RequestCode.REGISTER_BROKER -> "register_broker";
            case RequestCode.UNREGISTER_BROKER -> "unregister_broker";
            case RequestCode.BROKER_HEARTBEAT, RequestCode.QUERY_DATA_VERSION -> "heartbeat";
            case RequestCode.GET_BROKER_CLUSTER_INFO -> "cluster_info";
            default -> "other";
        };
        String code = responseCode == ResponseCode.SUCCESS ? "SUCCESS"
                : responseCode == ResponseCode.TOPIC_NOT_EXIST ? "TOPIC_NOT_EXIST"
                : responseCode == ResponseCode.SYSTEM_BUSY ? "SYSTEM_BUSY" : "ERROR";
        requests.computeIfAbsent(kind + '|' + code, k -> Counter.builder("ferrymq.namesrv.requests")
                .description("Requests answered, by kind (route queries, registrations, ...) and outcome")
                .tags("request", kind, "code", code).register(registry)).increment();
    }

    /** Counts brokers dropped from the routes ({@code reason}: expired or connection_closed). */
    public void onBrokersRemoved(int count, String reason) {
        if (count <= 0) {
            return;
        }
        removals.computeIfAbsent(reason, r -> Counter.builder("ferrymq.namesrv.broker.removals")
                .description("Brokers removed from the routes, by reason").tag("reason", r).register(registry))
                .increment(count);
    }

    public String scrape() {
        Map<String, Integer> perCluster = new TreeMap<>();
        routes.clusterInfo().getClusterAddrTable().keySet().forEach(c -> perCluster.put(c, 0));
        for (BrokerData bd : routes.clusterInfo().getBrokerAddrTable().values()) {
            perCluster.merge(bd.getCluster(), bd.getBrokerAddrs().size(), Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        perCluster.forEach((c, n) -> rows.add(MultiGauge.Row.of(Tags.of("cluster", c), n)));
        liveBrokers.register(rows, true);
        for (FaultRegistry.Fault f : faults.snapshot()) {
            String name = f.name();
            if (faultSeries.add(name)) {
                FunctionCounter.builder("ferrymq.namesrv.faults", faults, r -> r.count(name))
                        .description("Faults the name server could not fix by itself, by name (see the log)")
                        .tag("fault", name).register(registry);
            }
        }
        return registry.scrape();
    }

    public synchronized NameServerMetrics serve(String bindAddress, int port) {
        http = MetricsHttpServer.start("namesrv", bindAddress, port, this::scrape);
        return this;
    }

    public int port() {
        MetricsHttpServer h = http;
        return h == null ? 0 : h.port();
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
        gc.close();
        registry.close();
    }
}
