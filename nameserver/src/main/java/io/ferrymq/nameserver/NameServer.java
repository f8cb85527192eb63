package io.ferrymq.nameserver;

import io.ferrymq.nameserver.metrics.NameServerMetrics;

import io.ferrymq.common.Clock;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A name server: wires the {@link RouteTable}, the {@link KvConfigTable}, the request processors, the liveness
 * scan and the remoting server. Usable in-process (tests of other modules start one on port 0):
 * <pre>
 *   NameServer ns = new NameServer(new NameServerConfig().listenPort(0).bindAddress("127.0.0.1")).start();
 *   String addr = ns.address();   // "127.0.0.1:port"
 *   ...
 *   ns.stop();
 * </pre>
 *
 * <p>Threads: the remoting server's I/O threads; {@code namesrv-route-N} answering route queries;
 * {@code namesrv-admin-N} handling registrations, admin and KV requests; the {@code namesrv-liveness}
 * {@link DutyCycleWorker} running the expiry scan every {@code scanIntervalMillis} of real time (a failed scan is
 * counted in {@link #faults()} and the next one runs as planned). All are stopped by {@link #stop()}, which is
 * idempotent.
 */
public final class NameServer {
    private static final Logger log = LoggerFactory.getLogger(NameServer.class);

    private final NameServerConfig config;
    private final RouteTable routes;
    private final KvConfigTable kv = new KvConfigTable();
    private final FaultRegistry faults;
    private final DutyCycleWorker livenessScanner;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Clock clock;
    private AclFile aclFile;
    private AccessGate gate;
    private ServerTls tls;

    private RemotingServer server;
    private ThreadPoolExecutor routeExecutor;
    private ThreadPoolExecutor adminExecutor;
    private NameServerMetrics metrics;
    private boolean started;
    private boolean stopCalled;

    public NameServer(NameServerConfig config) {
        this(config, Clock.SYSTEM);
    }

    /** With an injected clock for broker expiry (tests). */
    public NameServer(NameServerConfig config, Clock clock) {
        this.config = config.validate();
        this.clock = clock;
        this.routes = new RouteTable(clock, config::brokerExpiredMillis);
        this.faults = new FaultRegistry(clock);
        // The scan runs on real time; the injected clock only decides which brokers have expired.
        this.livenessScanner = DutyCycleWorker.periodic("namesrv-liveness", Clock.SYSTEM,
                this.config.scanIntervalMillis(), this::scanOnce, faults);
    }

    /** Binds the port and starts serving; throws IllegalStateException when the port cannot be bound. */
    public synchronized NameServer start() {
        if (started) {
            return this;
        }
        if (stopCalled) {
            throw new IllegalStateException("a stopped name server cannot be restarted; create a new one");
        }
        if (config.aclEnable()) {
            // read before the port opens: a missing or invalid ACL file must fail the start, not serve unprotected
            try {
                aclFile = new AclFile(java.nio.file.Path.of(config.aclFile()), "namesrv", clock, 1000, faults)
                        .start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read ACL file " + config.aclFile() + ": " + e, e);
            }
        }
        try {
            // read before the port opens: a missing or unusable certificate must fail the start
            tls = config.tls().serverTls("namesrv", clock, faults).start();
        } catch (RuntimeException e) {
            if (aclFile != null) {
                aclFile.close();
            }
            stopCalled = true;
            stopped.countDown();
            throw e;
        }
        gate = new AccessGate("namesrv", aclFile == null ? null : aclFile::rules);
        routeExecutor = pool("namesrv-route", config.routeThreads(), config.requestQueueCapacity());
        adminExecutor = pool("namesrv-admin", config.adminThreads(), config.requestQueueCapacity());
        server = new RemotingServer(new RemotingServerConfig().name("namesrv").bindAddress(config.bindAddress())
                .listenPort(config.listenPort()).ioThreads(config.ioThreads())
                .channelMaxIdleSeconds(config.channelMaxIdleSeconds()).maxConnections(config.maxConnections())
                .tls(tls));
        server.setRequestGuard(gate);

        BrokerRegistrationProcessor registration = new BrokerRegistrationProcessor(routes, kv, gate::aclEnabled,
                faults);
        for (int code : new int[] {RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER,
            RequestCode.QUERY_DATA_VERSION, RequestCode.BROKER_HEARTBEAT}) {
            server.registerProcessor(code, registration, adminExecutor);
        }
        RouteQueryProcessor queries = new RouteQueryProcessor(routes, kv, config);
        for (int code : new int[] {RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.GET_BROKER_CLUSTER_INFO,
            RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
            RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, RequestCode.GET_UNIT_TOPIC_LIST,
            RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST}) {
            server.registerProcessor(code, queries, routeExecutor);
        }
        TopicAdminProcessor topicAdmin = new TopicAdminProcessor(routes);
        for (int code : new int[] {RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_TOPIC_IN_NAMESRV,
            RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER}) {
            server.registerProcessor(code, topicAdmin, adminExecutor);
        }
        ConfigProcessor configs = new ConfigProcessor(kv, config);
        for (int code : new int[] {RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG,
            RequestCode.DELETE_KV_CONFIG, RequestCode.GET_KVLIST_BY_NAMESPACE, RequestCode.GET_NAMESRV_CONFIG,
            RequestCode.UPDATE_NAMESRV_CONFIG}) {
            server.registerProcessor(code, configs, adminExecutor);
        }
        server.setChannelEventListener(new ChannelEventListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                dropBrokersOf(channel);
            }

            @Override
            public void onIdle(RemotingChannel channel) {
                dropBrokersOf(channel);
            }

            @Override
            public void onException(RemotingChannel channel, Throwable cause) {
                dropBrokersOf(channel);
            }
        });
        if (config.metricsPort() > 0) {
            NameServerMetrics m = new NameServerMetrics(routes, this::scanFailures, faults);
            server.setResponseObserver((req, resp, nanos) -> m.onAnswer(req, resp));
            metrics = m;
        }
        try {
            server.start();
            if (metrics != null) {
                metrics.serve(config.bindAddress(), config.metricsPort());
            }
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            shutdownExecutors();
            server.shutdown();
            if (aclFile != null) {
                aclFile.close();
            }
            tls.close();
            stopCalled = true;
            stopped.countDown();
            throw e;
        }
        livenessScanner.start();
        started = true;
        log.info("FerryMQ name server listening on {}:{} (broker expiry {} ms, scan every {} ms, TLS {})",
                config.bindAddress(), server.port(), config.brokerExpiredMillis(), config.scanIntervalMillis(),
                tls.mode());
        return this;
    }

    /** Fixed pool with a bounded queue: when full the transport answers SYSTEM_BUSY instead of queueing more. */
    private static ThreadPoolExecutor pool(String prefix, int threads, int queueCapacity) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
                NamedThreads.factory(prefix));
    }

    private void dropBrokersOf(RemotingChannel channel) {
        List<RouteTable.RemovedBroker> removed = routes.onChannelClosed(channel);
        if (!removed.isEmpty()) {
            countRemoved(removed.size(), "connection_closed");
            log.info("connection {} closed; removed brokers {}", channel.remoteAddress(), removed);
        }
    }

    /** One expiry scan (liveness worker); a failure is counted and logged by the worker. */
    private void scanOnce() {
        List<RouteTable.RemovedBroker> removed = routes.scanExpired();
        countRemoved(removed.size(), "expired");
        for (RouteTable.RemovedBroker r : removed) {
            log.warn("broker {} ({} id {}) of cluster {} expired: {}", r.brokerAddr(), r.brokerName(),
                    r.brokerId(), r.cluster(), r.reason());
        }
    }

    private void countRemoved(int n, String reason) {
        NameServerMetrics m = metrics;
        if (m != null) {
            m.onBrokersRemoved(n, reason);
        }
    }

    /** The bound metrics HTTP port, or 0 when {@code metricsPort} is 0 (off). */
    public int metricsPort() {
        NameServerMetrics m = metrics;
        return m == null ? 0 : m.port();
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Request codes served on the port (each has its own processor): what the ACL audit enumerates. */
    public java.util.Set<Integer> handledRequestCodes() {
        return server.registeredCodes();
    }

    /** Connections refused since start because {@code maxConnections} were open. */
    public long refusedConnections() {
        return server.refusedConnections();
    }

    /** {@code 127.0.0.1:port} when bound to all interfaces, else {@code bindAddress:port}. */
    public String address() {
        String host = "0.0.0.0".equals(config.bindAddress()) ? "127.0.0.1" : config.bindAddress();
        return host + ":" + port();
    }

    public RouteTable routeTable() {
        return routes;
    }

    public KvConfigTable kvConfig() {
        return kv;
    }

    public NameServerConfig config() {
        return config;
    }

    /** The ACL and audit gate every request passes. */
    public AccessGate accessGate() {
        return gate;
    }

    /** The TLS policy of the port (mode, certificate, connection counts). */
    public ServerTls tls() {
        return tls;
    }

    /** How many liveness scans failed (a non-zero value means expiry is not working reliably). */
    public long scanFailures() {
        return livenessScanner.failures();
    }

    /** This name server's fault counters (failed scans among them). */
    public FaultRegistry faults() {
        return faults;
    }

    /** Stops serving and every thread; idempotent. */
    public void stop() {
        synchronized (this) {
            if (stopCalled) {
                return;
            }
            stopCalled = true;
        }
        livenessScanner.close();
        if (metrics != null) {
            metrics.close();
        }
        if (server != null) {
            server.shutdown();
        }
        shutdownExecutors();
        if (aclFile != null) {
            aclFile.close();
        }
        if (tls != null) {
            tls.close();
        }
        log.info("FerryMQ name server stopped");
        stopped.countDown();
    }

    private void shutdownExecutors() {
        for (ThreadPoolExecutor e : new ThreadPoolExecutor[] {routeExecutor, adminExecutor}) {
            if (e != null) {
                e.shutdown();
            }
        }
        try {
            for (ThreadPoolExecutor e : new ThreadPoolExecutor[] {routeExecutor, adminExecutor}) {
                if (e != null && !e.awaitTermination(3, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until {@link #stop()} has completed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
