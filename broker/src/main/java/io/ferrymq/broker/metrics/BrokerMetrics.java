package io.ferrymq.broker.metrics;

import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.ha.BrokerReplication;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.pull.PullRequestHoldService;
import io.ferrymq.broker.schedule.ScheduleMessageService;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.stats.RequestKind;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.metrics.MetricsHttpServer;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.StoreStats;
import io.ferrymq.store.ha.ReplicaStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The broker's Prometheus series (names {@code ferrymq_*}, base units, {@code _total} for counters), served on
 * {@code metricsPort} at {@code /metrics}. Traffic counters read {@link BrokerStats}, the same counters behind
 * VIEW_BROKER_STATS_DATA; consumer lag, DLQ depth, scheduled backlog, client and replication rows and new label
 * series are computed every {@code metricsRefreshMillis} on the {@code broker-metrics-refresh} worker thread, never
 * per scrape. Topics and groups past {@code metricsLabelLimit} are summed under {@code other}.
 *
 * <p>Threads: request threads call {@link #onAnswer}; the refresh worker owns the label decisions and the
 * multi-gauge rows; the HTTP thread scrapes. See {@code docs/operations.md} for every series.
 */
public final class BrokerMetrics implements AutoCloseable {
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** What the series are computed from. */
    public record Sources(BrokerConfig config, Clock clock, BrokerStats stats, MessageStore store,
                          TopicConfigTable topics, ConsumerOffsetTable offsets, ConsumerRegistry consumers,
                          ProducerRegistry producers, PullRequestHoldService holds,
                          ScheduleMessageService schedule, BrokerReplication replication, RemotingServer server,
                          FaultRegistry faults) {
    }

    private final Sources src;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LabelLimit topicLabels;
    private final LabelLimit groupLabels;
    private final List<CappedCounters> families = new ArrayList<>();
    private final ConsumerLag lag;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Set<BrokerStats.Rejection> rejectionSeries = ConcurrentHashMap.newKeySet();
    private final Set<String> faultSeries = ConcurrentHashMap.newKeySet();
    private final MultiGauge lagMessages;
    private final MultiGauge lagAge;
    private final MultiGauge queueLag;
    private final MultiGauge dlqDepth;
    private final MultiGauge scheduleWaiting;
    private final MultiGauge consumersOnline;
    private final MultiGauge producersOnline;
    private final MultiGauge slaveLagBytes;
    private final MultiGauge slaveLagSeconds;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private volatile int slavesInSync;
    private volatile int slavesConnected;
    private DutyCycleWorker refresher;
    private MetricsHttpServer http;

    public BrokerMetrics(Sources src) {
        this.src = src;
        BrokerConfig c = src.config();
        registry.config().commonTags("cluster", c.brokerClusterName(), "broker", c.brokerName(),
                "broker_id", Long.toString(c.brokerId()));
        topicLabels = new LabelLimit(c.metricsLabelLimit());
        groupLabels = new LabelLimit(c.metricsLabelLimit());
        lag = new ConsumerLag(src.store(), src.offsets(), topicLabels, groupLabels);
        BrokerStats s = src.stats();
        families.add(new CappedCounters(registry, "ferrymq.topic.in.messages",
                "Messages stored into the topic (sends, retries, DLQ moves)", "messages", s.topicPutNums(), this::topic));
        families.add(new CappedCounters(registry, "ferrymq.topic.in.bytes",
                "Bytes stored into the topic as written to the commit log", "bytes", s.topicPutSize(), this::topic));
        families.add(new CappedCounters(registry, "ferrymq.group.out.messages",
                "Messages pulled by the group from the topic", "messages", s.groupGetNums(), this::topicGroup));
        families.add(new CappedCounters(registry, "ferrymq.group.out.bytes",
                "Bytes pulled by the group from the topic", "bytes", s.groupGetSize(), this::topicGroup));
        families.add(new CappedCounters(registry, "ferrymq.send.back.messages",
                "Messages the group sent back for a later retry (or to its DLQ)", "messages", s.sendBackNums(),
                this::topicGroup));
        families.add(new CappedCounters(registry, "ferrymq.dlq.moved.messages",
                "Messages of the group moved to its dead-letter queue", "messages", s.dlqPutNums(), this::group));

        lagMessages = MultiGauge.builder("ferrymq.consumer.lag.messages")
                .description("Messages stored but not yet committed by the group (sum over queues)")
                .baseUnit("messages").register(registry);
        lagAge = MultiGauge.builder("ferrymq.consumer.lag.age.seconds")
                .description("Age of the oldest message the group has not committed").baseUnit("seconds")
                .register(registry);
        queueLag = MultiGauge.builder("ferrymq.consumer.queue.lag.messages")
                .description("Per queue lag, for groups and topics under the label limit").baseUnit("messages")
                .register(registry);
        dlqDepth = MultiGauge.builder("ferrymq.dlq.depth.messages")
                .description("Messages in the group's dead-letter queue").baseUnit("messages").register(registry);
        scheduleWaiting = MultiGauge.builder("ferrymq.schedule.waiting.messages")
                .description("Scheduled messages not yet delivered, per delay level").baseUnit("messages")
                .register(registry);
        consumersOnline = MultiGauge.builder("ferrymq.consumers.online")
                .description("Consumer clients registered in the group").register(registry);
        producersOnline = MultiGauge.builder("ferrymq.producers.online")
                .description("Producer clients registered in the group").register(registry);
        slaveLagBytes = MultiGauge.builder("ferrymq.replication.slave.lag.bytes")
                .description("Master: commit-log bytes the slave has not acknowledged").baseUnit("bytes")
                .register(registry);
        slaveLagSeconds = MultiGauge.builder("ferrymq.replication.slave.lag.seconds")
                .description("Master: age of the oldest data the slave has not acknowledged").baseUnit("seconds")
                .register(registry);
        registerFixedSeries();
    }

    private Tags topic(String topic) {
        return Tags.of("topic", topicLabels.label(topic));
    }

    private Tags group(String group) {
        return Tags.of("group", groupLabels.label(group));
    }

    private Tags topicGroup(String key) {
        int at = key.indexOf('@');
        String t = at < 0 ? key : key.substring(0, at);
        String g = at < 0 ? "" : key.substring(at + 1);
        return Tags.of("topic", topicLabels.label(t), "group", groupLabels.label(g));
    }

    private void registerFixedSeries() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        storeGauge("ferrymq.store.commitlog.min.offset.bytes", "First readable commit-log offset", "bytes",
                StoreStats::commitLogMinOffset);
        storeGauge("ferrymq.store.commitlog.max.offset.bytes", "End of the written commit log", "bytes",
                StoreStats::commitLogMaxOffset);
        storeGauge("ferrymq.store.commitlog.flushed.offset.bytes", "Commit-log bytes forced to disk", "bytes",
                StoreStats::commitLogFlushedOffset);
        storeGauge("ferrymq.store.dispatch.behind.bytes", "Commit-log bytes not yet in consume queues", "bytes",
                StoreStats::dispatchBehindBytes);
        storeGauge("ferrymq.store.disk.used.ratio", "Used-space ratio (0..1) of the store's file system", null,
                StoreStats::diskUsedRatio);
        storeGauge("ferrymq.store.disk.full", "1 while puts are refused for lack of space or a disk failure", null,
                s -> s.diskFull() ? 1 : 0);
        storeCounter("ferrymq.store.deleted.segments", "Commit-log segments removed by retention", "segments",
                StoreStats::deletedSegments);
        storeCounter("ferrymq.store.deleted", "Commit-log file bytes removed by retention", "bytes",
                StoreStats::deletedBytes);
        storeCounter("ferrymq.store.unconsumed.deleted.messages",
                "Messages deleted by retention before a subscribed group consumed them", "messages",
                StoreStats::unconsumedMessagesDeleted);
        storeCounter("ferrymq.store.flush.timeouts", "SYNC_FLUSH puts answered FLUSH_DISK_TIMEOUT", null,
                StoreStats::flushTimeouts);
        storeCounter("ferrymq.store.put.failures", "Puts the store rejected or failed", null, StoreStats::putFailures);
        storeCounter("ferrymq.store.background.errors", "Errors in flush, dispatch or retention loops", null,
                StoreStats::backgroundErrors);
        storeGauge("ferrymq.store.put.tps", "Messages stored per second over the last measured second", null,
                StoreStats::putTps);

        Timer storePut = Timer.builder("ferrymq.store.put")
                .description("Time from handing a send's message(s) to the store until the put completed "
                        + "(append, plus the disk flush under SYNC_FLUSH)")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        src.stats().putLatencyTo(nanos -> storePut.record(nanos, TimeUnit.NANOSECONDS));
        Timer storeFlush = Timer.builder("ferrymq.store.flush")
                .description("Duration of each commit-log force (fsync) that wrote dirty bytes; under SYNC_FLUSH "
                        + "every acknowledged put waits for one")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        src.store().forceLatencyTo(nanos -> storeFlush.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("ferrymq.client.connections", src.server(), RemotingServer::connectionCount)
                .description("Open client connections").register(registry);
        Gauge.builder("ferrymq.pull.held.requests", src.holds(), PullRequestHoldService::parkedCount)
                .description("Pulls held (long polling) until a message arrives").register(registry);
        Gauge.builder("ferrymq.replication.slaves.connected", this, m -> m.slavesConnected)
                .description("Master: slaves connected for replication").register(registry);
        Gauge.builder("ferrymq.replication.slaves.in.sync", this, m -> m.slavesInSync)
                .description("Master: connected slaves holding everything the master wrote").register(registry);
        if (src.replication() != null && !src.config().brokerRole().isMaster()) {
            Gauge.builder("ferrymq.replication.master.lag.bytes", src.replication(),
                    r -> parseOr(r.registrationFields().get("haLagBytes")))
                    .description("Slave: commit-log bytes the master holds that this slave does not")
                    .baseUnit("bytes").register(registry);
        }
        Gauge.builder("ferrymq.fault.conditions.failing", src.faults(), f -> f.failingConditions().size())
                .description("Conditions failing now (see the log and GET_BROKER_RUNTIME_INFO)").register(registry);
    }

    private void storeGauge(String name, String doc, String unit, ToDoubleFunction<StoreStats> f) {
        Gauge.Builder<MessageStore> b = Gauge.builder(name, src.store(), st -> f.applyAsDouble(st.stats()))
                .description(doc);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private void storeCounter(String name, String doc, String unit, ToDoubleFunction<StoreStats> f) {
        FunctionCounter.Builder<MessageStore> b = FunctionCounter.builder(name, src.store(),
                st -> f.applyAsDouble(st.stats())).description(doc);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private static double parseOr(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Starts the refresh worker and, when {@code metricsPort} is set, the HTTP endpoint. */
    public synchronized BrokerMetrics start() {
        refresh();
        refresher = DutyCycleWorker.periodic("broker-metrics-refresh", src.clock(),
                src.config().metricsRefreshMillis(), this::refresh, src.faults()).start();
        if (src.config().metricsPort() > 0) {
            http = MetricsHttpServer.start("broker", "0.0.0.0", src.config().metricsPort(), registry::scrape);
        }
        return this;
    }

    /** The bound metrics port, or 0 when the endpoint is off. */
    public int port() {
        MetricsHttpServer h = http;
        return h == null ? 0 : h.port();
    }

    /** The Prometheus text of every series (what {@code GET /metrics} answers). */
    public String scrape() {
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Request latency by kind (the response observer, on the replying thread). */
    public void onAnswer(int requestCode, long elapsedNanos) {
        String kind = RequestKind.of(requestCode, 0);
        Timer t = latency.get(kind);
        if (t == null) {
            t = latency.computeIfAbsent(kind, k -> Timer.builder("ferrymq.request")
                    .description("Time from a request's arrival to its answer (pulls include long-polling hold)")
                    .tag("request", k).serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
        }
        t.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** One refresh round: new label series, lag, DLQ depth, schedule backlog, clients, replication, faults. */
    void refresh() {
        for (CappedCounters f : families) {
            f.refresh();
        }
        for (Map.Entry<BrokerStats.Rejection, java.util.concurrent.atomic.LongAdder> e
                : src.stats().rejections().entrySet()) {
            if (rejectionSeries.add(e.getKey())) {
                FunctionCounter.builder("ferrymq.rejections", e.getValue(), java.util.concurrent.atomic.LongAdder::sum)
                        .description("Answers other than SUCCESS by request kind and response code "
                                + "(SYSTEM_BUSY, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE, ...)")
                        .tags("request", e.getKey().request(), "code", e.getKey().codeName()).register(registry);
            }
        }
        for (FaultRegistry.Fault f : src.faults().snapshot()) {
            if (faultSeries.add(f.name())) {
                FaultRegistry faults = src.faults();
                String name = f.name();
                FunctionCounter.builder("ferrymq.faults", faults, r -> r.count(name))
                        .description("Faults the broker could not fix by itself, by name (see the log)")
                        .tag("fault", name).register(registry);
            }
        }
        refreshLag();
        refreshQueues();
        refreshClients();
        refreshReplication();
    }

    private void refreshLag() {
        ConsumerLag.Snapshot snap = lag.compute(src.clock().currentTimeMillis());
        List<MultiGauge.Row<?>> msgs = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        for (ConsumerLag.GroupLag g : snap.groups()) {
            Tags t = Tags.of("group", g.group(), "topic", g.topic());
            msgs.add(MultiGauge.Row.of(t, g.messages()));
            ages.add(MultiGauge.Row.of(t, g.oldestAgeSeconds()));
        }
        List<MultiGauge.Row<?>> queues = new ArrayList<>();
        for (ConsumerLag.QueueLag q : snap.queues()) {
            queues.add(MultiGauge.Row.of(Tags.of("group", q.group(), "topic", q.topic(), "queue",
                    Integer.toString(q.queueId())), q.messages()));
        }
        lagMessages.register(msgs, true);
        lagAge.register(ages, true);
        queueLag.register(queues, true);
    }

    private void refreshQueues() {
        MessageStore store = src.store();
        Map<String, long[]> depth = new java.util.LinkedHashMap<>();
        for (TopicConfig tc : src.topics().all()) {
            if (TopicNames.isDlqTopic(tc.topicName())) {
                long d = 0;
                for (int q = 0; q < Math.max(tc.readQueueNums(), tc.writeQueueNums()); q++) {
                    d += Math.max(0, store.maxOffset(tc.topicName(), q) - store.minOffset(tc.topicName(), q));
                }
                String g = groupLabels.label(TopicNames.groupOf(tc.topicName()));
                depth.computeIfAbsent(g, k -> new long[1])[0] += d;
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        depth.forEach((g, d) -> rows.add(MultiGauge.Row.of(Tags.of("group", g), d[0])));
        dlqDepth.register(rows, true);

        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        if (src.schedule() != null) {
            Map<Integer, Long> progress = src.schedule().progress();
            long[] levels = src.config().delayLevelMillis();
            for (int level = 1; level <= levels.length; level++) {
                long max = store.maxOffset(TopicNames.SCHEDULE_TOPIC, level - 1);
                long done = Math.max(progress.getOrDefault(level, 0L),
                        store.minOffset(TopicNames.SCHEDULE_TOPIC, level - 1));
                waiting.add(MultiGauge.Row.of(Tags.of("level", Integer.toString(level)), Math.max(0, max - done)));
            }
        }
        scheduleWaiting.register(waiting, true);
    }

    private void refreshClients() {
        Map<String, Integer> consumers = new java.util.TreeMap<>();
        for (ConsumerGroup g : src.consumers().groups()) {
            consumers.merge(groupLabels.label(g.name()), g.members().size(), Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        consumers.forEach((g, n) -> rows.add(MultiGauge.Row.of(Tags.of("group", g), n)));
        consumersOnline.register(rows, true);
        Map<String, Integer> producers = new java.util.TreeMap<>();
        for (String g : src.producers().groupNames()) {
            producers.merge(groupLabels.label(g), src.producers().members(g).size(), Integer::sum);
        }
        List<MultiGauge.Row<?>> prows = new ArrayList<>();
        producers.forEach((g, n) -> prows.add(MultiGauge.Row.of(Tags.of("group", g), n)));
        producersOnline.register(prows, true);
    }

    private void refreshReplication() {
        List<ReplicaStatus> slaves = src.replication() == null ? List.of() : src.replication().slaves();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        int inSync = 0;
        for (ReplicaStatus s : slaves) {
            Tags t = Tags.of("slave", s.address());
            bytes.add(MultiGauge.Row.of(t, s.lagBytes()));
            seconds.add(MultiGauge.Row.of(t, s.lagMillis() / 1000.0));
            if (s.lagBytes() == 0) {
                inSync++;
            }
        }
        slaveLagBytes.register(bytes, true);
        slaveLagSeconds.register(seconds, true);
        slavesConnected = slaves.size();
        slavesInSync = inSync;
    }

    /** Stops the endpoint and the refresh worker. Idempotent. */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (refresher != null) {
            refresher.close();
            refresher = null;
        }
        gcMetrics.close();
        registry.close();
    }
}
