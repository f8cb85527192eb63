package io.ferrymq.client.internal;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.common.Clock;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ConsumerData;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.body.ProducerData;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The runtime one producer, consumer or admin client owns: its client id, one {@link RemotingClient} (one
 * connection per server), the name servers, the route cache of the topics it uses, and the periodic tasks that
 * keep them fresh: route refresh every {@code pollNameServerIntervalMillis} and heartbeats to every broker of
 * those routes every {@code heartbeatBrokerIntervalMillis}.
 *
 * <p>Nothing here needs a server at start: the periodic tasks keep retrying until name servers and brokers
 * answer. Periodic task failures are counted ({@link #taskFailures()} and, by task, in {@link #faults()}) and
 * logged, never swallowed silently.
 *
 * <p>Threads: the {@code <name>-housekeeping} {@link DutyCycleWorker} (every periodic task of this client, see
 * {@link #every}, and route listeners), {@code <name>-requests} (requests brokers send to the client), plus the
 * remoting client's own. Thread-safe.
 */
public final class ClientInstance {
    private static final Logger log = LoggerFactory.getLogger(ClientInstance.class);

    private final ClientConfig<?> config;
    private final String name;
    private final String clientId;
    private final RemotingClient remoting;
    private final NameServers nameServers;
    private final BrokerRpc rpc;
    private final FaultRegistry faults;
    private final PeriodicTasks periodicTasks;
    private final DutyCycleWorker housekeeping;
    private final ExecutorService requestExecutor;
    private final Map<String, TopicRoute> routes = new ConcurrentHashMap<>();
    private final Set<String> watchedTopics = ConcurrentHashMap.newKeySet();
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    private final List<Supplier<ConsumerData>> consumers = new CopyOnWriteArrayList<>();
    private final List<RouteListener> routeListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> heartbeatedBrokers = new ConcurrentHashMap<>();
    private final AtomicLong taskFailures = new AtomicLong();
    private volatile boolean started;
    private volatile boolean stopped;

    /**
     * @param config validated client settings
     * @param name   thread-name prefix, e.g. "ferry-producer-PG"
     */
    public ClientInstance(ClientConfig<?> config, String name) {
        this.config = config;
        this.name = name;
        this.clientId = config.buildClientId();
        this.remoting = new RemotingClient(new RemotingClientConfig().name(name + "-net")
            .connectTimeoutMillis((int) Math.min(3000, Math.max(1, config.rpcTimeoutMillis())))
            .tls(config.tlsSettings() == null ? null : config.tlsSettings().toRemoting()));
        if (config.accessKey() != null) {
            remoting.setRequestHook(new io.ferrymq.remoting.acl.SigningHook(
                    new io.ferrymq.remoting.acl.Credentials(config.accessKey(), config.secretKey())));
        }
        this.nameServers = new NameServers(config.nameServerList(), remoting);
        this.rpc = new BrokerRpc(remoting);
        this.faults = new FaultRegistry(Clock.SYSTEM);
        // Periods are real time whatever clock the config injects (tests step their clock for expiry, not for
        // the scheduling of heartbeats).
        this.periodicTasks = new PeriodicTasks(Clock.SYSTEM, this::recordFailure);
        this.housekeeping = new DutyCycleWorker(name + "-housekeeping", periodicTasks,
            Math.max(1, Math.min(config.pollNameServerIntervalMillis(), config.heartbeatBrokerIntervalMillis())),
            faults);
        this.requestExecutor = Executors.newFixedThreadPool(2, NamedThreads.factory(name + "-requests"));
    }

    public String clientId() {
        return clientId;
    }

    public Clock clock() {
        return config.clock();
    }

    public long rpcTimeoutMillis() {
        return config.rpcTimeoutMillis();
    }

    public BrokerRpc rpc() {
        return rpc;
    }

    public NameServers nameServers() {
        return nameServers;
    }

    /**
     * Runs {@code task} on the housekeeping thread every {@code periodMillis} of real time, the first time at once
     * (or at {@link #start()} when added before); a failure is counted under {@code what} and logged.
     */
    public void every(String what, long periodMillis, Runnable task) {
        periodicTasks.add(what, periodMillis, task);
        housekeeping.wakeup();
    }

    /** This client's fault counters: {@code client.<task>.failed} per periodic task, worker rounds. */
    public FaultRegistry faults() {
        return faults;
    }

    /** Thread-name prefix of this client. */
    public String name() {
        return name;
    }

    /** Number of periodic task runs that failed (route refresh, heartbeat...). */
    public long taskFailures() {
        return taskFailures.get();
    }

    public boolean isStopped() {
        return stopped;
    }

    /** Handles requests brokers send to this client with {@code code}. */
    public void registerProcessor(int code, RequestProcessor processor) {
        remoting.registerProcessor(code, processor, requestExecutor);
    }

    public void addProducerGroup(String group) {
        producerGroups.add(group);
    }

    /** Registers a consumer whose {@link ConsumerData} is sent in every heartbeat. */
    public void addConsumer(Supplier<ConsumerData> data) {
        consumers.add(data);
    }

    public void addRouteListener(RouteListener listener) {
        routeListeners.add(listener);
    }

    /** Keeps the route of {@code topic} fresh from now on. */
    public void watchTopic(String topic) {
        watchedTopics.add(topic);
    }

    public void unwatchTopic(String topic) {
        watchedTopics.remove(topic);
    }

    /** Starts the periodic tasks. Returns at once; servers need not be reachable. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        every("route refresh", config.pollNameServerIntervalMillis(), this::refreshRoutes);
        every("heartbeat", config.heartbeatBrokerIntervalMillis(), this::heartbeatAll);
        housekeeping.start();
    }

    /** Heartbeats to every broker now on the calling thread; a failure is counted and logged, not thrown. */
    public void heartbeatNow(String why) {
        if (stopped) {
            return;
        }
        try {
            heartbeatAll();
        } catch (RuntimeException e) {
            recordFailure(why, e);
        }
    }

    /** Counts and logs a failed periodic task (every 100th at WARN, the others at DEBUG). */
    public void recordFailure(String what, RuntimeException e) {
        long n = taskFailures.incrementAndGet();
        if (stopped) {
            return;
        }
        faults.record("client." + what.replace(' ', '_') + ".failed", e);
        if (n % 100 == 1) {
            log.warn("{}: {} failed ({} failures so far): {}", name, what, n, e.toString());
        } else {
            log.debug("{}: {} failed: {}", name, what, e.toString());
        }
    }

    // ------------------------------------------------------------------ routes

    /** The cached route of {@code topic}, or null. */
    public TopicRoute route(String topic) {
        return routes.get(topic);
    }

    /** Cached route, fetched now when absent; null when the name server does not know the topic. */
    public TopicRoute routeOrFetch(String topic) {
        TopicRoute r = routes.get(topic);
        return r != null ? r : fetchRoute(topic);
    }

    /**
     * Fetches the route of {@code topic} from the name servers and updates the cache (notifying listeners on
     * change).
     *
     * @return the route, or null when the topic does not exist (TOPIC_NOT_EXIST)
     * @throws ClientException when no name server answered or answered another error
     */
    public TopicRoute fetchRoute(String topic) {
        RemotingCommand resp = nameServers.invoke(() -> {
            RemotingCommand req = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC);
            req.putExt("topic", topic);
            return req;
        }, config.rpcTimeoutMillis(), "get route of topic " + topic);
        if (resp.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return null;
        }
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new BrokerException("get route", "name server", nameServers.current(), topic, resp.code(),
                resp.remark());
        }
        TopicRouteData data = Json.parse(resp.body(), TopicRouteData.class);
        if (data == null) {
            throw new ClientException("name server " + nameServers.current() + " returned an empty route for topic "
                + topic, true);
        }
        TopicRoute route = convert(topic, data);
        TopicRoute old = routes.put(topic, route);
        if (!route.sameAs(old)) {
            log.debug("{}: route of {} is now {}", name, topic, route);
            boolean newBroker = false;
            for (TopicRoute.BrokerInfo b : route.brokers()) {
                for (String a : b.addresses().values()) {
                    newBroker |= !heartbeatedBrokers.containsKey(a);
                }
            }
            if (newBroker && started && !stopped) {
                // register with the new broker soon, without delaying the caller (maybe a user's send)
                housekeeping.execute(() -> heartbeatNow("heartbeat"));
            }
            for (RouteListener l : routeListeners) {
                try {
                    l.onRouteChanged(topic, route);
                } catch (RuntimeException e) {
                    taskFailures.incrementAndGet();
                    log.warn("{}: route listener failed for {}: {}", name, topic, e.toString(), e);
                }
            }
        }
        return route;
    }

    /** Converts the wire route. */
    public static TopicRoute convert(String topic, TopicRouteData data) {
        List<TopicRoute.QueueInfo> qs = new ArrayList<>();
        if (data.getQueueDatas() != null) {
            for (QueueData q : data.getQueueDatas()) {
                qs.add(new TopicRoute.QueueInfo(q.getBrokerName(), q.getReadQueueNums(), q.getWriteQueueNums(),
                    q.getPerm()));
            }
        }
        List<TopicRoute.BrokerInfo> bs = new ArrayList<>();
        if (data.getBrokerDatas() != null) {
            for (BrokerData b : data.getBrokerDatas()) {
                bs.add(new TopicRoute.BrokerInfo(b.getCluster(), b.getBrokerName(),
                    b.getBrokerAddrs() == null ? Map.of() : b.getBrokerAddrs()));
            }
        }
        return new TopicRoute(topic, qs, bs, data.getOrderTopicConf());
    }

    /** Refreshes every watched topic; a topic that disappeared from the name server keeps its last route. */
    public void refreshRoutes() {
        RuntimeException first = null;
        for (String topic : watchedTopics) {
            if (stopped) {
                return;
            }
            try {
                fetchRoute(topic);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Broker group info from any cached route, or null. */
    public TopicRoute.BrokerInfo broker(String brokerName) {
        TopicRoute.BrokerInfo found = null;
        for (TopicRoute r : routes.values()) {
            TopicRoute.BrokerInfo b = r.broker(brokerName);
            if (b != null) {
                if (b.masterAddress() != null) {
                    return b;
                }
                found = b;
            }
        }
        return found;
    }

    /** Master address of {@code brokerName} from the cached routes, or null. */
    public String masterAddress(String brokerName) {
        TopicRoute.BrokerInfo b = broker(brokerName);
        return b == null ? null : b.masterAddress();
    }

    /** Master address or, when the master is gone from the routes, any slave; null if the group is unknown. */
    public String masterOrAnyAddress(String brokerName) {
        TopicRoute.BrokerInfo b = broker(brokerName);
        if (b == null || b.addresses().isEmpty()) {
            return null;
        }
        String m = b.masterAddress();
        return m != null ? m : b.addresses().values().iterator().next();
    }

    /**
     * {@link #masterOrAnyAddress} of {@code q}'s broker group, fetching the route of its topic from the name
     * servers once when the group is not in the cached routes; null if it is not in the fetched route either.
     */
    public String masterOrAnyAddressFetchingRoute(MessageQueue q) {
        String a = masterOrAnyAddress(q.brokerName());
        if (a == null) {
            fetchRoute(q.topic());
            a = masterOrAnyAddress(q.brokerName());
        }
        return a;
    }

    /** Every broker address of the cached routes of watched topics (masters only when asked). */
    public Map<String, String> brokerAddresses(boolean mastersOnly) {
        Map<String, String> out = new HashMap<>();
        for (String topic : watchedTopics) {
            TopicRoute r = routes.get(topic);
            if (r == null) {
                continue;
            }
            for (TopicRoute.BrokerInfo b : r.brokers()) {
                for (Map.Entry<Long, String> e : b.addresses().entrySet()) {
                    if (!mastersOnly || e.getKey() == TopicRoute.MASTER_ID) {
                        out.put(e.getValue(), b.brokerName());
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ heartbeat

    /** The heartbeat body of this client now. */
    public HeartbeatData heartbeatData() {
        HeartbeatData hb = new HeartbeatData();
        hb.setClientID(clientId);
        Set<ProducerData> ps = new HashSet<>();
        for (String g : producerGroups) {
            ps.add(new ProducerData(g));
        }
        Set<ConsumerData> cs = new HashSet<>();
        for (Supplier<ConsumerData> c : consumers) {
            cs.add(c.get());
        }
        if (!cs.isEmpty()) {
            ps.add(new ProducerData("CLIENT_INNER_PRODUCER"));
        }
        hb.setProducerDataSet(ps);
        hb.setConsumerDataSet(cs);
        return hb;
    }

    /**
     * Sends a heartbeat to every broker of the watched routes (masters only for producer-only clients).
     *
     * @throws ClientException naming the first broker that failed (the others were still tried)
     */
    public void heartbeatAll() {
        HeartbeatData hb = heartbeatData();
        if (hb.getProducerDataSet().isEmpty() && hb.getConsumerDataSet().isEmpty()) {
            return;
        }
        Map<String, String> targets = brokerAddresses(hb.getConsumerDataSet().isEmpty());
        RuntimeException first = null;
        for (Map.Entry<String, String> t : targets.entrySet()) {
            try {
                rpc.heartbeat(t.getKey(), hb, config.rpcTimeoutMillis());
                heartbeatedBrokers.computeIfAbsent(t.getKey(), k -> ConcurrentHashMap.newKeySet());
            } catch (RuntimeException e) {
                heartbeatedBrokers.remove(t.getKey());
                if (first == null) {
                    first = e;
                }
            }
        }
        heartbeatedBrokers.keySet().retainAll(targets.keySet());
        if (first != null) {
            throw first;
        }
    }

    /** Whether the last heartbeat to {@code address} succeeded. */
    public boolean heartbeated(String address) {
        return heartbeatedBrokers.containsKey(address);
    }

    /** Tells every known broker this client left {@code producerGroup} / {@code consumerGroup}; best effort. */
    public void unregister(String producerGroup, String consumerGroup) {
        for (String addr : brokerAddresses(consumerGroup == null).keySet()) {
            try {
                rpc.unregisterClient(addr, clientId, producerGroup, consumerGroup,
                    Math.min(1000, config.rpcTimeoutMillis()));
            } catch (RuntimeException e) {
                log.debug("{}: unregister from {} failed: {}", name, addr, e.toString());
            }
        }
    }

    /** Stops periodic tasks, closes connections and threads. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        housekeeping.close();
        requestExecutor.shutdownNow();
        try {
            requestExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remoting.shutdown();
    }
}
