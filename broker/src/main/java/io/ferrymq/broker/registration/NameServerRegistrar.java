package io.ferrymq.broker.registration;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.UnregisterBrokerRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps this broker registered with every configured name server (docs/protocol.md 5.1): REGISTER_BROKER with all
 * topic configs at start, every {@code registerNameServerPeriod} ms and as soon as possible after a topic
 * changes; UNREGISTER_BROKER on clean shutdown.
 *
 * <p>A failed registration is counted as fault {@value #FAULT_REGISTRATION} (logged once until that name server
 * answers again) and retried every {@value #RETRY_MILLIS} ms until it succeeds, not a whole period later: a name
 * server restarted after a crash knows no broker until each registers again, and its clients get no routes until
 * then.
 *
 * <p>Threading: all registrations are started from the single {@code namesrv-registrar} {@link DutyCycleWorker}
 * thread; the calls to
 * the name servers are asynchronous, so a dead name server delays nobody. Topic changes only set a flag and
 * schedule a round ({@link #requestRegistration}), coalescing bursts.
 */
public final class NameServerRegistrar {
    private static final Logger log = LoggerFactory.getLogger(NameServerRegistrar.class);
    /** Fault: a name server did not accept a registration (or a round failed before sending). */
    public static final String FAULT_REGISTRATION = "registration.failed";
    /** How soon a name server whose registration failed is tried again (capped by the period). */
    static final long RETRY_MILLIS = 1_000;

    private final List<String> nameServers;
    private final BrokerIdentity identity;
    private final String haServerAddr;
    private final TopicConfigTable topics;
    private final IntSupplier brokerPermission;
    private static final int PERM_INHERIT = 1;
    private final long periodMillis;
    private final long timeoutMillis;
    private final RemotingClient client;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Name servers whose last registration failed: retried every tick until one succeeds. */
    private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private long lastFullRoundNanos = Long.MIN_VALUE; // registrar thread only
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, Long> lastSuccess = new ConcurrentHashMap<>();
    private final FaultRegistry faults;
    private final DutyCycleWorker periodicRegistration;
    /** Replication (issue 6): extra ext fields per registration (lag figures) and the answers' consumer. */
    private volatile Supplier<Map<String, String>> extraFields = Map::of;
    private volatile Consumer<RemotingCommand> answerListener = r -> { };

    public NameServerRegistrar(List<String> nameServers, BrokerIdentity identity, String haServerAddr,
                               TopicConfigTable topics, IntSupplier brokerPermission, long periodMillis,
                               long timeoutMillis, Clock clock, FaultRegistry faults,
                               io.ferrymq.remoting.TlsConfig tls) {
        this.brokerPermission = brokerPermission;
        this.nameServers = List.copyOf(nameServers);
        this.identity = identity;
        this.haServerAddr = haServerAddr;
        this.topics = topics;
        this.periodMillis = periodMillis;
        this.timeoutMillis = timeoutMillis;
        this.client = new RemotingClient(new RemotingClientConfig().name("broker-to-namesrv").tls(tls));
        this.faults = faults;
        this.clock = clock;
        this.periodicRegistration = DutyCycleWorker.periodic("namesrv-registrar", clock,
                Math.min(periodMillis, RETRY_MILLIS), this::tick, faults);
    }

    /**
     * Signs every call to the name servers with {@code credentials} (name servers with ACL on refuse unsigned
     * registrations). Set before {@link #start()}.
     */
    /** Signs every registration with {@code credentials}; null (no inner account) leaves them unsigned. */
    public void signWith(io.ferrymq.remoting.acl.Credentials credentials) {
        if (credentials != null) {
            client.setRequestHook(new io.ferrymq.remoting.acl.SigningHook(credentials));
        }
    }

    /**
     * Replication hooks (issue 6): {@code fields} are added to every REGISTER_BROKER (official name servers ignore
     * unknown fields); {@code onAnswer} receives every successful answer (a slave reads masterAddr and
     * haServerAddr from it). Set before {@link #start()}; both are called on registrar or I/O threads.
     */
    public void replicationHooks(Supplier<Map<String, String>> fields, Consumer<RemotingCommand> onAnswer) {
        this.extraFields = fields;
        this.answerListener = onAnswer;
    }

    public void start() {
        if (nameServers.isEmpty()) {
            log.warn("no namesrvAddr configured: broker {} will not be routable", identity.brokerName());
            return;
        }
        periodicRegistration.start();
    }

    /** Schedules a registration round soon (after a topic change). Non-blocking, any thread. */
    public void requestRegistration() {
        if (periodicRegistration.isRunning() && pending.compareAndSet(false, true)) {
            periodicRegistration.execute(() -> {
                pending.set(false);
                registerAll();
            });
        }
    }

    /**
     * One tick of the registrar thread: a round to every name server once a period, and in between a round to
     * the name servers whose last registration failed.
     */
    void tick() {
        long now = clock.nanoTime();
        if (lastFullRoundNanos == Long.MIN_VALUE || now - lastFullRoundNanos >= periodMillis * 1_000_000L) {
            lastFullRoundNanos = now;
            registerAll();
        } else if (!failing.isEmpty()) {
            registerWith(List.copyOf(failing));
        }
    }

    /** One registration round to every name server (registrar thread). */
    void registerAll() {
        registerWith(nameServers);
    }

    private void registerWith(List<String> targets) {
        try {
            TopicConfigTable.FileContent snap = topics.snapshot();
            Map<String, io.ferrymq.remoting.protocol.body.TopicConfig> table = new HashMap<>();
            int brokerPerm = brokerPermission.getAsInt();
            for (TopicConfig tc : snap.topicConfigTable().values()) {
                io.ferrymq.remoting.protocol.body.TopicConfig wire = WireBodies.topicConfig(tc);
                // Routes carry what this broker allows now: a read-only broker (brokerPermission 4) is dropped from
                // producers' choices by every client, as with RocketMQ, instead of refusing their sends one by one.
                wire.setPerm(wire.getPerm() & (brokerPerm | PERM_INHERIT));
                table.put(tc.topicName(), wire);
            }
            TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper(table,
                    WireBodies.dataVersion(snap.dataVersion()));
            byte[] body = new RegisterBrokerBody(wrapper).encode(false);
            int crc = RegisterBrokerBody.crc32(body);
            Map<String, String> extra = extraFields.get();
            for (String ns : targets) {
                RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader()
                        .brokerName(identity.brokerName()).brokerAddr(identity.brokerAddr())
                        .clusterName(identity.clusterName()).haServerAddr(haServerAddr)
                        .brokerId(identity.brokerId()).heartbeatTimeoutMillis(heartbeatTimeoutMillis())
                        .compressed(false).bodyCrc32(crc);
                RemotingCommand req = RemotingCommand.request(RequestCode.REGISTER_BROKER, h).body(body);
                extra.forEach(req::putExt);
                client.invokeAsync(ns, req, timeoutMillis).whenComplete((resp, err) -> {
                    if (err != null || resp.code() != ResponseCode.SUCCESS) {
                        failures.incrementAndGet();
                        String why = err != null ? FaultRegistry.describe(err) : resp.code() + " " + resp.remark();
                        faults.record(FAULT_REGISTRATION, "name server " + ns + ": " + why);
                        if (failing.add(ns)) { // once per outage: retries come every second
                            log.warn("registering broker {} with name server {} failed: {}; retrying every {} ms",
                                    identity.brokerName(), ns, why, Math.min(periodMillis, RETRY_MILLIS));
                        }
                    } else {
                        if (failing.remove(ns)) {
                            log.info("broker {} registered with name server {} again", identity.brokerName(), ns);
                        }
                        lastSuccess.put(ns, System.currentTimeMillis());
                        answerListener.accept(resp);
                    }
                });
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            faults.record(FAULT_REGISTRATION, e);
            log.error("registration round failed; next one in {} ms", periodMillis, e);
        }
    }

    /**
     * The liveness timeout to ask of the name servers: none (their own default, 10 s) while registrations come at
     * least twice within it; three periods when the period is configured longer, so a healthy broker never expires.
     */
    Long heartbeatTimeoutMillis() {
        return 2 * periodMillis > 10_000 ? 3 * periodMillis : null;
    }

    /** Name servers that accepted at least one registration. */
    public Map<String, Long> lastSuccess() {
        return Map.copyOf(lastSuccess);
    }

    public long failures() {
        return failures.get();
    }

    /** Stops periodic registration and unregisters from every name server (best effort). Idempotent. */
    public void shutdown(boolean unregister) {
        boolean wasRunning = periodicRegistration.isRunning();
        periodicRegistration.close();
        if (wasRunning) {
            if (unregister) {
                for (String ns : nameServers) {
                    UnregisterBrokerRequestHeader h = new UnregisterBrokerRequestHeader()
                            .brokerName(identity.brokerName()).brokerAddr(identity.brokerAddr())
                            .clusterName(identity.clusterName()).brokerId(identity.brokerId());
                    try {
                        client.invokeSync(ns, RemotingCommand.request(RequestCode.UNREGISTER_BROKER, h), 2000);
                    } catch (Exception ex) {
                        log.warn("unregistering from name server {} failed: {}", ns, ex.toString());
                        if (ex instanceof InterruptedException) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
        }
        client.shutdown();
    }
}
