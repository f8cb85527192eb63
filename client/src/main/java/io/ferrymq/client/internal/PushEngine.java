package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.MessageListener;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.MessageListenerOrderly;
import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.ConsumeType;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The machinery behind {@link io.ferrymq.client.consumer.PushConsumer}: owns the queues the {@link Rebalancer}
 * assigns (one {@link ProcessQueue} each), long-polls them, hands messages to the listener and commits offsets.
 *
 * <p>Threads: {@code <name>-pull} schedules pulls (the pulls themselves are asynchronous; their results are
 * handled on the transport's callback threads), {@code <name>-consume-N} run the listener,
 * {@code <name>-rebalance} runs the rebalancer, and the client instance's housekeeping worker persists offsets and renews
 * orderly locks. Pull state of a queue ({@link PullTask}) is touched by one pull at a time.
 */
public final class PushEngine implements QueueOwner {
    private static final Logger log = LoggerFactory.getLogger(PushEngine.class);
    private static final int PULL_MAX_BYTES = 256 * 1024;

    private final PushConsumerConfig config;
    private final ClientInstance instance;
    private final Subscriptions subscriptions;
    private final MessageListener listener;
    private final boolean orderly;
    private final boolean clustering;
    private final Map<MessageQueue, ProcessQueue> table = new ConcurrentHashMap<>();
    private final PullBrokerChoice pullBroker = new PullBrokerChoice();
    private final ScheduledExecutorService pullScheduler;
    private final ThreadPoolExecutor consumeExecutor;
    private final OffsetStore offsets;
    private final Rebalancer rebalancer;
    private final ConsumeDispatcher dispatcher;
    private final QueueLocks locks;
    private final TraceWriter trace;
    private volatile boolean stopped;
    private volatile long startWallMillis;

    /** Pull position of one owned queue. */
    static final class PullTask {
        final ProcessQueue pq;
        volatile long nextOffset;

        PullTask(ProcessQueue pq, long nextOffset) {
            this.pq = pq;
            this.nextOffset = nextOffset;
        }
    }

    public PushEngine(PushConsumerConfig config, Subscriptions subscriptions, MessageListener listener) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.listener = listener;
        this.orderly = listener instanceof MessageListenerOrderly;
        this.clustering = config.messageModel() == MessageModel.CLUSTERING;
        this.instance = new ClientInstance(config, "ferry-consumer-" + config.group());
        ScheduledThreadPoolExecutor ps = new ScheduledThreadPoolExecutor(1,
            NamedThreads.factory(instance.name() + "-pull"));
        ps.setRemoveOnCancelPolicy(true);
        this.pullScheduler = ps;
        this.consumeExecutor = new ThreadPoolExecutor(config.consumeThreads(), config.consumeThreads(), 60,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), NamedThreads.factory(instance.name() + "-consume"));
        this.offsets = OffsetStores.forConsumer(instance, config);
        this.rebalancer = new Rebalancer(instance, config.group(), config.messageModel(), config.allocateStrategy(),
            subscriptions::topics, this, config.rebalanceIntervalMillis());
        this.locks = new QueueLocks(instance, config.group());
        Sender retrySender = new Sender(instance, new io.ferrymq.client.producer.ProducerConfig()
            .group("CLIENT_INNER_PRODUCER").clock(config.clock()));
        this.trace = config.enableTrace() ? new TraceWriter(instance, new Sender(instance,
            new io.ferrymq.client.producer.ProducerConfig().group("_INNER_TRACE_PRODUCER").clock(config.clock())),
            config.traceTopic()) : null;
        this.dispatcher = orderly
            ? new OrderlyDispatcher(this, (MessageListenerOrderly) listener, retrySender)
            : new ConcurrentDispatcher(this, (MessageListenerConcurrently) listener, retrySender);
    }

    PushConsumerConfig config() {
        return config;
    }

    ClientInstance instance() {
        return instance;
    }

    /** The trace writer, or null when tracing is off. */
    TraceWriter trace() {
        return trace;
    }

    OffsetStore offsets() {
        return offsets;
    }

    ThreadPoolExecutor consumeExecutor() {
        return consumeExecutor;
    }

    ScheduledExecutorService pullScheduler() {
        return pullScheduler;
    }

    boolean clustering() {
        return clustering;
    }

    boolean stopped() {
        return stopped;
    }

    public String clientId() {
        return instance.clientId();
    }

    /** Starts everything; returns at once. */
    public void start() {
        startWallMillis = instance.clock().currentTimeMillis();
        offsets.load();
        if (clustering) {
            subscriptions.put(retryTopic(), "*", instance.clock().currentTimeMillis());
        }
        ConsumerRegistration.register(instance, config, ConsumeType.CONSUME_PASSIVELY, subscriptions, rebalancer,
            true);
        instance.registerProcessor(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, (ch, req) -> {
            onResetOffset(req);
            return null;
        });
        instance.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, (ch, req) ->
            RemotingCommand.responseTo(req, io.ferrymq.remoting.protocol.ResponseCode.SUCCESS, null)
                .body(io.ferrymq.remoting.protocol.Json.toBytes(runningInfo())));
        instance.start();
        SubscriptionCheck.checkAll(instance, config.group(), subscriptions);
        instance.every("persist offsets", config.persistOffsetIntervalMillis(),
            () -> offsets.persistAll(new HashSet<>(table.keySet())));
        if (orderly && clustering) {
            instance.every("renew queue locks", config.lockRenewIntervalMillis(), this::lockAll);
        }
        rebalancer.start();
    }

    public String retryTopic() {
        return "%RETRY%" + config.group();
    }

    /** What admin tools show for this consumer (GET_CONSUMER_RUNNING_INFO): settings, subscriptions, queues. */
    io.ferrymq.remoting.protocol.body.ConsumerRunningInfo runningInfo() {
        io.ferrymq.remoting.protocol.body.ConsumerRunningInfo info =
            new io.ferrymq.remoting.protocol.body.ConsumerRunningInfo();
        Map<String, String> p = info.getProperties();
        p.put("PROP_CONSUMER_START_TIMESTAMP", Long.toString(startWallMillis));
        p.put("PROP_CONSUME_TYPE", ConsumeType.CONSUME_PASSIVELY.name());
        p.put("PROP_CONSUMEORDERLY", Boolean.toString(orderly));
        p.put("PROP_THREADPOOL_CORE_SIZE", Integer.toString(consumeExecutor.getCorePoolSize()));
        p.put("PROP_CLIENT_VERSION", "FerryMQ");
        p.put("consumerGroup", config.group());
        p.put("messageModel", config.messageModel().name());
        p.put("consumeFromWhere", config.consumeFromWhere().wireName());
        p.put("cachedMessageCount", Integer.toString(cachedMessageCount()));
        p.put("ownedQueues", new java.util.TreeSet<>(table.keySet()).toString());
        info.getSubscriptionSet().addAll(subscriptions.wire());
        return info;
    }

    /** Subscribes at runtime: the next rebalance picks the topic up. */
    public void subscriptionsChanged() {
        for (String t : subscriptions.topics()) {
            instance.watchTopic(t);
        }
        instance.heartbeatNow("heartbeat");
        rebalancer.signal();
    }

    /** Owned queues (all topics). */
    public Set<MessageQueue> assignment() {
        return new HashSet<>(table.keySet());
    }

    /** Messages pulled but not yet consumed, over all owned queues. */
    public int cachedMessageCount() {
        int n = 0;
        for (ProcessQueue pq : table.values()) {
            n += pq.count();
        }
        return n;
    }

    public Rebalancer rebalancer() {
        return rebalancer;
    }

    // ------------------------------------------------------------------ QueueOwner

    @Override
    public Set<MessageQueue> ownedQueues(String topic) {
        Set<MessageQueue> out = new HashSet<>();
        for (MessageQueue q : table.keySet()) {
            if (q.topic().equals(topic)) {
                out.add(q);
            }
        }
        return out;
    }

    @Override
    public boolean addQueue(MessageQueue q) {
        if (stopped || subscriptions.get(q.topic()) == null) {
            return false;
        }
        ProcessQueue pq = new ProcessQueue(q);
        if (orderly && clustering) {
            if (!lock(Set.of(q)).contains(q)) {
                log.debug("{}: queue {} is locked by another consumer; retry next rebalance", config.group(), q);
                return false;
            }
            pq.locked(true, instance.clock().monotonicMillis());
        }
        long offset;
        try {
            offset = startOffset(q);
        } catch (RuntimeException e) {
            if (!stopped) {
                log.warn("{}: cannot compute start offset of {}: {}", config.group(), q, e.getMessage());
            }
            if (orderly && clustering) {
                unlock(Set.of(q));
            }
            return false;
        }
        offsets.update(q, offset, false);
        table.put(q, pq);
        log.debug("{}: took {} at offset {}", config.group(), q, offset);
        schedulePull(new PullTask(pq, offset), 0);
        return true;
    }

    @Override
    public void removeQueue(MessageQueue q) {
        ProcessQueue pq = table.remove(q);
        if (pq == null) {
            return;
        }
        pq.drop();
        try {
            offsets.persist(q);
        } catch (RuntimeException e) {
            log.warn("{}: commit of {} before giving it away failed: {}", config.group(), q, e.getMessage());
        }
        if (clustering) {
            offsets.remove(q);
        }
        if (orderly && clustering) {
            boolean idle = false;
            try {
                idle = pq.consumeLock().tryLock(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                unlock(Set.of(q));
            } finally {
                if (idle) {
                    pq.consumeLock().unlock();
                }
            }
        }
        log.debug("{}: gave up {}", config.group(), q);
    }

    private long startOffset(MessageQueue q) {
        return StartOffsets.compute(instance, offsets, q, config.consumeFromWhere(), config.consumeTimestamp());
    }

    // ------------------------------------------------------------------ orderly locks

    private Set<MessageQueue> lock(Set<MessageQueue> qs) {
        return locks.lock(qs);
    }

    private void unlock(Set<MessageQueue> qs) {
        locks.unlock(qs);
    }

    /** Locks (renews) every owned queue; queues whose lock is refused stop being consumed until granted. */
    void lockAll() {
        Set<MessageQueue> owned = new HashSet<>(table.keySet());
        if (owned.isEmpty()) {
            return;
        }
        Set<MessageQueue> ok = lock(owned);
        long now = instance.clock().monotonicMillis();
        for (MessageQueue q : owned) {
            ProcessQueue pq = table.get(q);
            if (pq != null) {
                pq.locked(ok.contains(q), now);
            }
        }
    }

    // ------------------------------------------------------------------ pulling

    void schedulePull(PullTask t, long delayMillis) {
        if (stopped || t.pq.dropped()) {
            return;
        }
        try {
            pullScheduler.schedule(() -> pull(t), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void pull(PullTask t) {
        ProcessQueue pq = t.pq;
        if (stopped || pq.dropped()) {
            return;
        }
        MessageQueue q = pq.queue();
        if (pq.count() > config.pullThresholdForQueue()
            || pq.bytes() > config.pullThresholdSizeForQueueMiB() * 1024L * 1024L) {
            schedulePull(t, 50);
            return;
        }
        if (orderly && clustering && !pq.lockValid(instance.clock().monotonicMillis(), config.lockExpireMillis())) {
            if (lock(Set.of(q)).contains(q)) {
                pq.locked(true, instance.clock().monotonicMillis());
            } else {
                schedulePull(t, 500);
                return;
            }
        }
        SubscriptionData sub = subscriptions.get(q.topic());
        TopicRoute route = instance.route(q.topic());
        String addr = pullBroker.address(route, q);
        if (sub == null || addr == null) {
            schedulePull(t, config.pullRetryDelayMillis());
            return;
        }
        TopicRoute.BrokerInfo b = route.broker(q.brokerName());
        boolean fromMaster = addr.equals(b.masterAddress());
        long commitOffset = clustering && fromMaster ? Math.max(0, offsets.readMemory(q)) : 0;
        int sysFlag = (commitOffset > 0 ? 1 : 0) | 2 | 4;
        BrokerRpc.PullSpec spec = new BrokerRpc.PullSpec(config.group(), q, t.nextOffset, config.pullBatchSize(),
            sysFlag, commitOffset, config.brokerSuspendMaxTimeMillis(), sub.getSubString(), sub.getExpressionType(),
            sub.getSubVersion(), PULL_MAX_BYTES, false);
        instance.rpc().pullAsync(addr, spec, config.pullTimeoutMillis()).whenComplete((r, e) -> {
            try {
                onPulled(t, sub, r, e);
            } catch (RuntimeException ex) {
                log.warn("{}: handling pull result of {} failed", config.group(), q, ex);
                schedulePull(t, config.pullRetryDelayMillis());
            }
        });
    }

    private void onPulled(PullTask t, SubscriptionData sub, PullResult r, Throwable e) {
        ProcessQueue pq = t.pq;
        MessageQueue q = pq.queue();
        if (stopped || pq.dropped()) {
            return;
        }
        if (e != null) {
            Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
            log.debug("{}: pull {} failed: {}", config.group(), q, c.getMessage());
            pullBroker.failed(q);
            schedulePull(t, config.pullRetryDelayMillis());
            return;
        }
        pullBroker.answered(q, r.suggestWhichBrokerId());
        switch (r.status()) {
            case FOUND -> {
                List<ReceivedMessage> msgs = Subscriptions.filter(sub, r.messages());
                t.nextOffset = r.nextBeginOffset();
                if (msgs.isEmpty()) {
                    pq.advanceTo(r.nextBeginOffset());
                    if (pq.isEmpty()) {
                        offsets.update(q, r.nextBeginOffset(), true);
                    }
                } else {
                    boolean wasEmpty = pq.put(msgs);
                    dispatcher.dispatch(pq, msgs, wasEmpty);
                }
                schedulePull(t, config.pullIntervalMillis());
            }
            case NO_NEW_MSG, NO_MATCHED_MSG -> {
                t.nextOffset = r.nextBeginOffset();
                pq.advanceTo(r.nextBeginOffset());
                if (pq.isEmpty()) {
                    offsets.update(q, r.nextBeginOffset(), true);
                }
                schedulePull(t, config.pullIntervalMillis());
            }
            case OFFSET_ILLEGAL -> {
                log.warn("{}: offset {} of {} is outside [{}, {}]; continuing at {}", config.group(), t.nextOffset,
                    q, r.minOffset(), r.maxOffset(), r.nextBeginOffset());
                t.nextOffset = r.nextBeginOffset();
                pq.advanceTo(r.nextBeginOffset());
                offsets.update(q, r.nextBeginOffset(), false);
                schedulePull(t, 0);
            }
            default -> throw new IllegalStateException("unknown pull status " + r.status());
        }
    }

    private void onResetOffset(RemotingCommand req) {
        String topic = req.ext().get("topic");
        log.info("{}: broker asked to reset offsets of {}", config.group(), topic);
        for (MessageQueue q : ownedQueues(topic)) {
            ProcessQueue pq = table.remove(q);
            if (pq != null) {
                pq.drop();
                offsets.remove(q);
            }
        }
        rebalancer.signal();
    }

    // ------------------------------------------------------------------ shutdown

    /** Stops pulling, lets running listeners finish, commits offsets, unlocks, unregisters. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        rebalancer.shutdown();
        pullScheduler.shutdownNow();
        consumeExecutor.shutdown();
        try {
            if (!consumeExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                consumeExecutor.shutdownNow();
            }
            pullScheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<MessageQueue> owned = new HashSet<>(table.keySet());
        try {
            if (clustering) {
                for (MessageQueue q : owned) {
                    try {
                        offsets.persist(q);
                    } catch (RuntimeException e) {
                        log.warn("{}: final commit of {} failed: {}", config.group(), q, e.getMessage());
                    }
                }
            } else {
                offsets.persistAll(owned);
            }
        } catch (RuntimeException e) {
            log.warn("{}: final offset persist failed: {}", config.group(), e.getMessage());
        }
        if (orderly && clustering && !owned.isEmpty()) {
            unlock(owned);
        }
        if (trace != null) {
            trace.close();
        }
        instance.unregister(null, config.group());
        instance.shutdown();
    }
}
