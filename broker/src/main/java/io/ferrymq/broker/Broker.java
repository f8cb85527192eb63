package io.ferrymq.broker;

import io.ferrymq.common.Clock;
import io.ferrymq.common.config.ConfigValues;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.broker.admin.AclConfigProcessor;
import io.ferrymq.broker.admin.AuthMetadataProcessor;
import io.ferrymq.broker.admin.BrokerConfigProcessor;
import io.ferrymq.broker.admin.ConsumeQueueQueryProcessor;
import io.ferrymq.broker.admin.ConsumerAdminProcessor;
import io.ferrymq.broker.admin.GroupAdminProcessor;
import io.ferrymq.broker.admin.MessageQueryProcessor;
import io.ferrymq.broker.admin.RuntimeInfo;
import io.ferrymq.broker.admin.StatsProcessor;
import io.ferrymq.broker.admin.StoreMaintenanceProcessor;
import io.ferrymq.broker.admin.TopicAdminProcessor;
import io.ferrymq.broker.client.ClientHousekeeper;
import io.ferrymq.broker.client.ConsumerIdsChangeNotifier;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.ha.BrokerReplication;
import io.ferrymq.broker.ha.HaStatusProcessor;
import io.ferrymq.broker.ha.ReadSuggestion;
import io.ferrymq.broker.lock.QueueLockTable;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.client.ClientManageProcessor;
import io.ferrymq.broker.offset.ConsumerManageProcessor;
import io.ferrymq.broker.lock.QueueLockProcessor;
import io.ferrymq.broker.offset.QueueOffsetProcessor;
import io.ferrymq.broker.pull.PullMessageProcessor;
import io.ferrymq.broker.pull.PullRequestHoldService;
import io.ferrymq.broker.registration.NameServerRegistrar;
import io.ferrymq.broker.reply.ReplyMessageProcessor;
import io.ferrymq.broker.schedule.ScheduleMessageService;
import io.ferrymq.broker.send.ConsumerSendMsgBackProcessor;
import io.ferrymq.broker.send.SendChecks;
import io.ferrymq.broker.send.SendMessageProcessor;
import io.ferrymq.broker.send.SendOverload;
import io.ferrymq.broker.send.SendsOnIoThread;
import io.ferrymq.broker.send.UniqKeyGenerator;
import io.ferrymq.broker.metrics.BrokerMetrics;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.stats.StatsSampler;
import io.ferrymq.broker.stats.ViewStatsProcessor;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.broker.timer.TimerAdmission;
import io.ferrymq.broker.timer.TimerProgressProcessor;
import io.ferrymq.broker.timer.TimerWheel;
import io.ferrymq.broker.transaction.EndTransactionProcessor;
import io.ferrymq.broker.transaction.ProducerCheckBack;
import io.ferrymq.broker.transaction.TransactionCoordinator;
import io.ferrymq.broker.transaction.TransactionSettings;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.MessageQueue;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The composition root: builds the broker's components from a {@link BrokerConfig}, wires them to the transport
 * and the store, starts them in dependency order and stops them in reverse. It holds no request logic itself.
 *
 * <p>Files under {@code storePathRootDir}: the store's own directories, and {@code config/} with
 * {@code topics.json}, {@code subscriptionGroups.json}, {@code consumerOffsets.json}, {@code delayOffsets.json}.
 */
public final class Broker {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    /** Headroom of the store's per-message limit over the broker's body limit (properties, topic, header). */
    private static final int STORE_ENTRY_HEADROOM = 64 * 1024 + 512;

    private final BrokerConfig config;
    private final Clock clock;
    /** Every fault of this broker, reported by GET_BROKER_RUNTIME_INFO; failing conditions make it unhealthy. */
    private final FaultRegistry faults;
    private MessageStore store;
    private RemotingServer server;
    private BrokerExecutors executors;
    private TopicConfigTable topics;
    private ConsumerOffsetTable offsets;
    private ClientHousekeeper housekeeper;
    private ConsumerIdsChangeNotifier notifier;
    private PullRequestHoldService holdService;
    private ScheduleMessageService schedule;
    private NameServerRegistrar registrar;
    private BrokerIdentity identity;
    private BrokerReplication replication;
    private TransactionCoordinator transactions;
    private TimerWheel timers;
    private AclFile aclFile;
    private AccessGate gate;
    private ServerTls tls;
    private BrokerStats stats;
    private DutyCycleWorker statsSampler;
    private BrokerMetrics metrics;
    private boolean started;
    private boolean stopped;

    public Broker(BrokerConfig config) {
        this(config, Clock.SYSTEM);
    }

    public Broker(BrokerConfig config, Clock clock) {
        this.config = config.validate();
        this.clock = clock;
        this.faults = new FaultRegistry(clock);
    }

    /** The store's config: the broker's store-related keys plus the pass-through store keys. */
    static MessageStoreConfig storeConfig(BrokerConfig config) {
        long entryLimit = Math.min(1L << 30, (long) config.maxMessageSize() + STORE_ENTRY_HEADROOM);
        ConfigValues store = config.storeValues().copy()
                .set(MessageStoreConfig.STORE_PATH_ROOT_DIR, Path.of(config.storePathRootDir()))
                .set(MessageStoreConfig.FLUSH_DISK_TYPE, config.flushDiskType())
                .set(MessageStoreConfig.MAX_MESSAGE_SIZE, (int) entryLimit);
        return MessageStoreConfig.of(store);
    }

    /**
     * Opens the store and the broker's tables, binds the port, registers every processor and starts the
     * background workers, then registers with the name servers.
     *
     * @throws IOException when the store or config files cannot be opened
     * @throws IllegalStateException when the port cannot be bound
     */
    public synchronized Broker start() throws IOException {
        if (started) {
            return this;
        }
        started = true;
        if (config.innerSecretKey() != null && config.innerSecretKey().startsWith(AclRules.PLACEHOLDER_PREFIX)) {
            throw new IllegalArgumentException("broker config 'innerSecretKey' is still the template's placeholder; "
                    + "set the secret of account '" + config.innerAccessKey() + "' (see docs/security.md)");
        }
        if (config.aclEnable()) {
            // read before anything opens: a missing or invalid ACL file (or certificate, below) fails the start
            aclFile = new AclFile(Path.of(config.aclFile()), config.brokerName(), clock, 1000, faults).start();
        }
        tls = config.tls().serverTls("broker-" + config.brokerName(), clock, faults).start();
        Path root = Path.of(config.storePathRootDir());
        Path configDir = root.resolve("config");
        Files.createDirectories(configDir);

        store = new FileMessageStore(storeConfig(config), faults);
        topics = new TopicConfigTable(configDir.resolve("topics.json"), clock);
        topics.load();
        SubscriptionGroupTable groups = new SubscriptionGroupTable(configDir.resolve("subscriptionGroups.json"),
                config.autoCreateSubscriptionGroup());
        groups.load();
        offsets = new ConsumerOffsetTable(configDir.resolve("consumerOffsets.json"),
                config.flushConsumerOffsetInterval(), clock, faults);
        offsets.load();
        TopicCreator creator = new TopicCreator(config, topics);
        creator.createSystemTopics();
        store.setConsumedOffsetsView(offsets);
        store.start();
        BrokerReplication.holdPutsWhileStarting(config, store);

        gate = new AccessGate("broker " + config.brokerName(), aclFile == null ? null : aclFile::rules);
        server = new RemotingServer(new RemotingServerConfig(config.networkValues()).name("broker")
                .bindAddress(config.bindAddress()).tls(tls).flushConsolidation(config.sendMessageOnIoThread())
                .listenPort(config.listenPort()).channelMaxIdleSeconds(config.serverChannelMaxIdleTimeSeconds()));
        server.setRequestGuard(gate);
        server.start();
        identity = BrokerIdentity.of(config.brokerClusterName(), config.brokerName(), config.brokerId(),
                config.brokerIP1(), server.port());

        stats = new BrokerStats(clock, config.brokerClusterName());
        ConsumerRegistry consumers = new ConsumerRegistry(clock);
        ProducerRegistry producers = new ProducerRegistry(clock);
        notifier = ConsumerIdsChangeNotifier.started(config, clock, faults, consumers,
                () -> offsets.topicsByGroup().keySet());
        housekeeper = new ClientHousekeeper(consumers, producers, config::channelExpiredTimeout, clock, faults);
        server.setChannelEventListener(housekeeper);

        executors = new BrokerExecutors();
        ThreadPoolExecutor sendExec = executors.bounded("broker-send", config.sendMessageThreadPoolNums(),
                config.sendThreadPoolQueueCapacity());
        ThreadPoolExecutor pullExec = executors.bounded("broker-pull", config.pullMessageThreadPoolNums(),
                config.pullThreadPoolQueueCapacity());
        ThreadPoolExecutor clientExec = executors.bounded("broker-client", config.clientManageThreadPoolNums(),
                config.clientManagerThreadPoolQueueCapacity());
        ThreadPoolExecutor adminExec = executors.bounded("broker-admin", config.adminBrokerThreadPoolNums(), 10_000);
        ThreadPoolExecutor replyExec = executors.bounded("broker-reply", 2, 10_000);

        // the broker's own writes for clients wait for the slaves like sends (issue 15); wired to replication below
        ReplicatedPuts puts = new ReplicatedPuts(store, faults);
        UniqKeyGenerator uniqKeys = new UniqKeyGenerator(InetAddress.getByName(config.brokerIP1()));
        SendChecks checks = new SendChecks(config, topics, creator, groups);
        // Clock.SYSTEM: the transport stamps each request's arrival with System.nanoTime
        SendOverload overload = new SendOverload(config, store, Clock.SYSTEM);
        SendMessageProcessor send = new SendMessageProcessor(config, identity, checks, creator, groups, store,
                uniqKeys, stats, overload);
        server.registerProcessor(send, sendExec,
                config.sendMessageOnIoThread() ? new SendsOnIoThread(topics, overload) : null,
                RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE);
        server.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK, new ConsumerSendMsgBackProcessor(config,
                identity, checks, groups, creator, store, puts, stats), sendExec);
        ReplyMessageProcessor reply = new ReplyMessageProcessor(config, identity, send, producers, puts);
        server.registerProcessor(reply, replyExec, RequestCode.SEND_REPLY_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2);

        SubscriptionFilters filters = new SubscriptionFilters(config::enablePropertyFilter);
        PullMessageProcessor pull = new PullMessageProcessor(config, topics, groups, consumers, offsets, store,
                stats, clock, filters);
        holdService = new PullRequestHoldService(clock, store::maxOffset, pull::release, faults);
        pull.bind(holdService, pullExec);
        server.registerProcessor(pull, pullExec, RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE);

        ClientManageProcessor clientManage = new ClientManageProcessor(consumers, producers, groups, creator, clock,
                filters);
        server.registerProcessor(clientManage, clientExec, RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT,
                RequestCode.CHECK_CLIENT_CONFIG);
        ConsumerManageProcessor consumerManage = new ConsumerManageProcessor(consumers, notifier.settling(), offsets,
                groups, topics, store, new ReadSuggestion(config, store::commitLogMaxOffset)::inMemory);
        server.registerProcessor(consumerManage, clientExec, RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET);
        QueueLockProcessor lock = new QueueLockProcessor(new QueueLockTable<MessageQueue>(clock,
                config::rebalanceLockMaxLiveTime));
        server.registerProcessor(lock, clientExec, RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ);
        QueueOffsetProcessor queueOffsets = new QueueOffsetProcessor(store);
        server.registerProcessor(queueOffsets, clientExec, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_EARLIEST_MSG_STORETIME);

        schedule = new ScheduleMessageService(store, puts, clock, config.delayLevelMillis(), identity.storeHost(),
                configDir.resolve("delayOffsets.json"), faults);
        schedule.load();

        // transactions (issue 17): half messages decided by END_TRANSACTION or checked back
        transactions = new TransactionCoordinator(store, puts, clock, TransactionSettings.of(config),
                new ProducerCheckBack(producers), identity.storeHost(), config.brokerName(), faults,
                configDir.resolve("transactionProgress.json"));
        transactions.load();
        server.registerProcessor(RequestCode.END_TRANSACTION, new EndTransactionProcessor(config, transactions,
                faults), sendExec);

        // timer messages (issue 17): wait on rmq_sys_wheel_timer, indexed by due time under <root>/timer
        timers = new TimerWheel(store, puts, clock, identity.storeHost(), root.resolve("timer"), faults);
        send.timersWith(new TimerAdmission(config, clock));
        server.registerProcessor(RequestCode.GET_TIMER_CHECK_POINT, new TimerProgressProcessor(timers), adminExec);

        TopicAdminProcessor topicAdmin = new TopicAdminProcessor(topics, offsets, store, config.brokerClusterName(),
                creator::systemTopicNames);
        server.registerProcessor(topicAdmin, adminExec, RequestCode.UPDATE_AND_CREATE_TOPIC,
                RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.GET_TOPIC_CONFIG,
                RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, RequestCode.UPDATE_AND_CREATE_TOPIC_LIST);
        GroupAdminProcessor groupAdmin = new GroupAdminProcessor(groups, offsets, topics);
        server.registerProcessor(groupAdmin, adminExec, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, RequestCode.DELETE_SUBSCRIPTIONGROUP,
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST, RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG);
        RuntimeInfo runtimeInfo = new RuntimeInfo(stats, store,
                new RuntimeInfo.QueueGauge(() -> sendExec.getQueue().size(), config.sendThreadPoolQueueCapacity()),
                new RuntimeInfo.QueueGauge(() -> pullExec.getQueue().size(), config.pullThreadPoolQueueCapacity()),
                new RuntimeInfo.QueueGauge(() -> adminExec.getQueue().size(), 10_000), faults);
        StatsProcessor statsProcessor = new StatsProcessor(config.brokerName(), identity.brokerAddr(), topics, groups,
                offsets, consumers, store, runtimeInfo, schedule);
        statsProcessor.consumeTpsFrom(stats::consumeTps);
        server.registerProcessor(statsProcessor, adminExec, RequestCode.GET_BROKER_RUNTIME_INFO,
                RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_BROKER_CONSUME_STATS, RequestCode.GET_CONSUME_STATS,
                RequestCode.GET_ALL_CONSUMER_OFFSET, RequestCode.GET_ALL_DELAY_OFFSET,
                RequestCode.QUERY_TOPIC_CONSUME_BY_WHO);
        ConsumerAdminProcessor consumerAdmin = new ConsumerAdminProcessor(config.brokerName(), consumers, producers,
                offsets, topics, store);
        server.registerProcessor(consumerAdmin, adminExec, RequestCode.GET_CONSUMER_CONNECTION_LIST,
                RequestCode.GET_PRODUCER_CONNECTION_LIST, RequestCode.GET_ALL_PRODUCER_INFO,
                RequestCode.GET_CONSUMER_RUNNING_INFO, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                RequestCode.CONSUME_MESSAGE_DIRECTLY);
        server.registerProcessor(RequestCode.VIEW_BROKER_STATS_DATA, new ViewStatsProcessor(stats), adminExec);
        MessageQueryProcessor query = new MessageQueryProcessor(config, store);
        server.registerProcessor(query, adminExec, RequestCode.VIEW_MESSAGE_BY_ID, RequestCode.QUERY_MESSAGE);
        server.registerProcessor(RequestCode.QUERY_CONSUME_QUEUE, new ConsumeQueueQueryProcessor(store, consumers,
                filters), adminExec);
        BrokerConfigProcessor brokerConfig = new BrokerConfigProcessor(config, topics::touch);
        server.registerProcessor(brokerConfig, adminExec, RequestCode.GET_BROKER_CONFIG,
                RequestCode.UPDATE_BROKER_CONFIG);
        server.registerProcessor(new AclConfigProcessor(aclFile, identity), adminExec, AclConfigProcessor.CODES);
        server.registerProcessor(new AuthMetadataProcessor(aclFile, identity), adminExec, AuthMetadataProcessor.CODES);

        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> {
            holdService.onDispatched(topic, queueId, queueOffset, tagsCode);
            if (TopicNames.SCHEDULE_TOPIC.equals(topic)) {
                schedule.wakeUp();
            } else if (TopicNames.TIMER_TOPIC.equals(topic)) {
                timers.wakeup();
            }
        });

        // replication (issue 6): source or sink, the SYNC_MASTER send hook, slave reads, lag figures
        // replication times its holds and waiters on the system clock, as the store does
        replication = new BrokerReplication(config, store, storeConfig(config).mappedFileSizeCommitLog(),
                Clock.SYSTEM, faults, tls, gate).start();
        send.replicateWith(replication);
        puts.replicateWith(replication);
        // mqadmin store upkeep (issue 17): a slave refreshes its topic list from its master before cleanUnusedTopic
        StoreMaintenanceProcessor maintenance = new StoreMaintenanceProcessor(store, topics,
                !config.brokerRole().isMaster(), replication::syncMetadataNow);
        server.registerProcessor(maintenance, adminExec, RequestCode.DELETE_EXPIRED_COMMITLOG,
                RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, RequestCode.CLEAN_UNUSED_TOPIC,
                RequestCode.RESET_MASTER_FLUSH_OFFSET);
        pull.suggestWith(new ReadSuggestion(config, store::commitLogMaxOffset));
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> replication.onAppended());
        runtimeInfo.addFigures(replication::runtimeInfo);
        runtimeInfo.addFigures(transactions::figures);
        runtimeInfo.addFigures(timers::figures);
        server.registerProcessor(RequestCode.GET_BROKER_HA_STATUS, new HaStatusProcessor(replication::haStatus),
                adminExec);
        runtimeInfo.addFigures(gate::figures);
        runtimeInfo.addFigures(tls::figures);

        registrar = new NameServerRegistrar(config.namesrvAddrList(), identity,
                replication.haServerAddr(), topics, config::brokerPermission, config.registerNameServerPeriod(),
                config.registerBrokerTimeoutMills(), clock, faults, config.tls().outbound());
        registrar.signWith(BrokerReplication.innerCredentials(config));
        registrar.replicationHooks(replication::registrationFields, replication::onRegistration);
        topics.addChangeListener(registrar::requestRegistration);

        // statistics windows and metrics (issue 11): one set of counters behind statsAll, brokerStatus and /metrics
        StatsSampler sampler = new StatsSampler(stats);
        statsSampler = DutyCycleWorker.periodic("broker-stats-sampler", clock, StatsSampler.PERIOD_MILLIS,
                sampler::run, faults).start();
        if (config.metricsPort() > 0) {
            metrics = new BrokerMetrics(new BrokerMetrics.Sources(config, clock, stats, store, topics, offsets,
                    consumers, producers, holdService, schedule, replication, server, faults)).start();
        }
        BrokerMetrics m = metrics;
        BrokerStats s = stats;
        server.setResponseObserver(m == null ? (req, resp, nanos) -> s.onAnswer(req, resp)
                : (req, resp, nanos) -> {
                    s.onAnswer(req, resp);
                    m.onAnswer(req, nanos);
                });

        offsets.start();
        housekeeper.start();
        holdService.start();
        if (config.brokerRole().isMaster()) {
            schedule.start();
            transactions.start();
            timers.start();
        } else {
            // a slave indexes replicated timer messages and forgets what its master delivered (failover)
            timers.startFollowing();
        }
        registrar.start();
        replication.startMetadataSync(topics, groups, offsets, schedule, timers, faults);
        log.info("broker {} of cluster {} started at {} ({}, store {})", config.brokerName(),
                config.brokerClusterName(), identity.brokerAddr(), config.brokerRole(), config.storePathRootDir());
        return this;
    }

    /** The bound client port. */
    public int port() {
        return server.port();
    }

    /** Request codes served on the client port (each has its own processor): what the ACL audit enumerates. */
    public java.util.Set<Integer> handledRequestCodes() {
        return server.registeredCodes();
    }

    /** Connections refused since start because {@code maxConnections} were open. */
    public long refusedConnections() {
        return server.refusedConnections();
    }

    /** {@code brokerIP1:port} as registered with the name servers. */
    public String address() {
        return identity.brokerAddr();
    }

    public BrokerConfig config() {
        return config;
    }

    /** The ACL and audit gate every request passes (counts of admitted and refused requests). */
    public AccessGate accessGate() {
        return gate;
    }

    /** The TLS policy of the client and replication ports (mode, certificate, connection counts). */
    public ServerTls tls() {
        return tls;
    }

    /** This broker's fault counters and failing conditions (exported as {@code ferrymq_faults_total}). */
    public FaultRegistry faults() {
        return faults;
    }

    public MessageStore store() {
        return store;
    }

    /** The half-message coordinator (transactions), for tests and diagnostics. */
    public TransactionCoordinator transactions() {
        return transactions;
    }

    /** The timer-message wheel, for tests and diagnostics. */
    public TimerWheel timers() {
        return timers;
    }

    /** The traffic statistics behind VIEW_BROKER_STATS_DATA, GET_BROKER_RUNTIME_INFO and /metrics. */
    public BrokerStats stats() {
        return stats;
    }

    /** The bound metrics HTTP port, or 0 when {@code metricsPort} is 0 (off). */
    public int metricsPort() {
        BrokerMetrics m = metrics;
        return m == null ? 0 : m.port();
    }

    /** Pull requests parked by long polling right now (tests and diagnostics). */
    public int parkedPullCount() {
        return holdService.parkedCount();
    }

    /** The registration and delivery state, for tests and diagnostics. */
    public Map<Integer, Long> scheduleProgress() {
        return schedule.progress();
    }

    /** Clean shutdown: unregisters, stops serving, flushes offsets and the store. Idempotent. */
    public void shutdown() {
        synchronized (this) {
            if (!started || stopped) {
                return;
            }
            stopped = true;
        }
        log.info("broker {} shutting down", config.brokerName());
        if (registrar != null) {
            registrar.shutdown(true);
        }
        if (metrics != null) {
            metrics.close();
        }
        if (server != null) {
            server.shutdown();
        }
        if (statsSampler != null) {
            statsSampler.close();
        }
        if (replication != null) {
            replication.close();
        }
        if (holdService != null) {
            holdService.shutdown();
        }
        if (schedule != null) {
            schedule.shutdown();
        }
        if (transactions != null) {
            transactions.shutdown();
        }
        if (timers != null) {
            timers.close();
        }
        if (housekeeper != null) {
            housekeeper.shutdown();
        }
        if (notifier != null) {
            notifier.shutdown();
        }
        if (executors != null) {
            executors.shutdown();
        }
        if (offsets != null) {
            offsets.shutdown();
        }
        if (store != null) {
            store.shutdown();
        }
        if (aclFile != null) {
            aclFile.close();
        }
        if (tls != null) {
            tls.close(); // stops watching the certificate files
        }
        log.info("broker {} stopped", config.brokerName());
    }
}
