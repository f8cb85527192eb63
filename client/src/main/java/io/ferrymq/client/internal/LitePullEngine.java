package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.protocol.body.ConsumeType;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machinery behind {@link io.ferrymq.client.consumer.LitePullConsumer}: prefetches each assigned queue with
 * LITE_PULL_MESSAGE into a shared buffer that {@link #poll} drains. Every queue has a generation number;
 * {@link #seek} and {@link #pause} bump it so results of older pulls are discarded.
 *
 * <p>Threads: {@code <name>-pull-N} schedule the asynchronous pulls, {@code <name>-rebalance} (subscribe mode),
 * and the instance's housekeeping worker (auto-commit). {@link #poll} runs on the caller's thread.
 */
public final class LitePullEngine implements QueueOwner {
    private static final Logger log = LoggerFactory.getLogger(LitePullEngine.class);

    /** Fetch state of one assigned queue. */
    static final class QueueState {
        final MessageQueue queue;
        volatile int generation;
        volatile long pullOffset;
        volatile long consumedOffset;
        volatile boolean paused;
        volatile boolean dropped;
        volatile boolean pulling;

        QueueState(MessageQueue queue, long offset) {
            this.queue = queue;
            this.pullOffset = offset;
            this.consumedOffset = offset;
        }
    }

    private record Batch(QueueState state, int generation, List<ReceivedMessage> messages) {
    }

    private final LitePullConsumerConfig config;
    private final ClientInstance instance;
    private final Subscriptions subscriptions;
    private final boolean subscribeMode;
    private final OffsetStore offsets;
    private final Rebalancer rebalancer;
    private final Map<MessageQueue, QueueState> assigned = new ConcurrentHashMap<>();
    private final PullBrokerChoice pullBroker = new PullBrokerChoice();
    private final LinkedBlockingQueue<Batch> buffer = new LinkedBlockingQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final ScheduledThreadPoolExecutor pullScheduler;
    private volatile boolean stopped;

    public LitePullEngine(LitePullConsumerConfig config, Subscriptions subscriptions, boolean subscribeMode) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.subscribeMode = subscribeMode;
        this.instance = new ClientInstance(config, "ferry-litepull-" + config.group());
        this.offsets = OffsetStores.forConsumer(instance, config);
        this.rebalancer = new Rebalancer(instance, config.group(), config.messageModel(), config.allocateStrategy(),
            subscriptions::topics, this, config.rebalanceIntervalMillis());
        this.pullScheduler = new ScheduledThreadPoolExecutor(config.pullThreads(),
            NamedThreads.factory(instance.name() + "-pull"));
        this.pullScheduler.setRemoveOnCancelPolicy(true);
    }

    public String clientId() {
        return instance.clientId();
    }

    public ClientInstance instance() {
        return instance;
    }

    public void start() {
        offsets.load();
        ConsumerRegistration.register(instance, config, ConsumeType.CONSUME_ACTIVELY, subscriptions, rebalancer,
            subscribeMode);
        instance.start();
        SubscriptionCheck.checkAll(instance, config.group(), subscriptions);
        if (config.autoCommit()) {
            instance.every("auto-commit", config.persistOffsetIntervalMillis(),
                () -> offsets.persistAll(new HashSet<>(assigned.keySet())));
        }
        if (subscribeMode) {
            rebalancer.start();
        }
    }

    public void subscriptionsChanged() {
        for (String t : subscriptions.topics()) {
            instance.watchTopic(t);
        }
        rebalancer.signal();
    }

    // ------------------------------------------------------------------ assignment

    /** Assign mode: replaces the assigned queues. */
    public void assign(Collection<MessageQueue> queues) {
        Set<MessageQueue> target = new HashSet<>(queues);
        for (MessageQueue q : target) {
            if (subscriptions.get(q.topic()) == null) {
                subscriptions.put(q.topic(), "*", instance.clock().currentTimeMillis());
                instance.watchTopic(q.topic());
            }
        }
        for (MessageQueue q : new HashSet<>(assigned.keySet())) {
            if (!target.contains(q)) {
                removeQueue(q);
            }
        }
        for (MessageQueue q : target) {
            if (!assigned.containsKey(q)) {
                if (instance.route(q.topic()) == null) {
                    instance.fetchRoute(q.topic());
                }
                if (!addQueue(q)) {
                    throw new ClientException("cannot start consuming " + q + "; its broker is unreachable", true);
                }
            }
        }
    }

    public Set<MessageQueue> assignment() {
        return new HashSet<>(assigned.keySet());
    }

    @Override
    public Set<MessageQueue> ownedQueues(String topic) {
        Set<MessageQueue> out = new HashSet<>();
        for (MessageQueue q : assigned.keySet()) {
            if (q.topic().equals(topic)) {
                out.add(q);
            }
        }
        return out;
    }

    @Override
    public boolean addQueue(MessageQueue q) {
        if (stopped) {
            return false;
        }
        long offset;
        try {
            offset = StartOffsets.compute(instance, offsets, q, config.consumeFromWhere(), config.consumeTimestamp());
        } catch (RuntimeException e) {
            log.warn("{}: cannot compute start offset of {}: {}", config.group(), q, e.getMessage());
            return false;
        }
        QueueState s = new QueueState(q, offset);
        offsets.update(q, offset, false);
        assigned.put(q, s);
        schedulePull(s, 0, s.generation);
        return true;
    }

    @Override
    public void removeQueue(MessageQueue q) {
        QueueState s = assigned.remove(q);
        if (s == null) {
            return;
        }
        s.dropped = true;
        if (config.autoCommit()) {
            try {
                offsets.persist(q);
            } catch (RuntimeException e) {
                log.warn("{}: commit of {} before giving it away failed: {}", config.group(), q, e.getMessage());
            }
        }
        if (config.messageModel() == MessageModel.CLUSTERING) {
            offsets.remove(q);
        }
    }

    // ------------------------------------------------------------------ fetching

    /** Schedules the next pull of the chain {@code generation}; a seek or pause bumps the generation. */
    private void schedulePull(QueueState s, long delayMillis, int generation) {
        if (stopped || s.dropped || s.generation != generation) {
            return;
        }
        try {
            pullScheduler.schedule(() -> pull(s, generation), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void pull(QueueState s, int generation) {
        if (stopped || s.dropped || s.generation != generation) {
            return;
        }
        if (s.paused) {
            return;
        }
        if (buffered.get() > config.pullThresholdForAll()) {
            schedulePull(s, 50, generation);
            return;
        }
        MessageQueue q = s.queue;
        SubscriptionData sub = subscriptions.get(q.topic());
        TopicRoute route = instance.route(q.topic());
        String addr = pullBroker.address(route, q);
        if (sub == null || addr == null) {
            schedulePull(s, config.pullRetryDelayMillis(), generation);
            return;
        }
        long offset = s.pullOffset;
        BrokerRpc.PullSpec spec = new BrokerRpc.PullSpec(config.group(), q, offset, config.pullBatchSize(),
            2 | 4 | 16, 0, config.brokerSuspendMaxTimeMillis(), sub.getSubString(), sub.getExpressionType(),
            sub.getSubVersion(), Integer.MAX_VALUE, true);
        instance.rpc().pullAsync(addr, spec, config.pullTimeoutMillis()).whenComplete((r, e) -> {
            if (stopped || s.dropped || s.generation != generation) {
                return;
            }
            if (e != null) {
                pullBroker.failed(q);
                log.debug("{}: pull {} failed: {}", config.group(), q, e.getMessage());
                schedulePull(s, config.pullRetryDelayMillis(), generation);
                return;
            }
            pullBroker.answered(q, r.suggestWhichBrokerId());
            s.pullOffset = r.nextBeginOffset();
            if (r.status() == PullResult.Status.FOUND) {
                List<ReceivedMessage> msgs = Subscriptions.filter(sub, r.messages());
                if (!msgs.isEmpty()) {
                    buffered.addAndGet(msgs.size());
                    buffer.add(new Batch(s, generation, msgs));
                }
            } else if (r.status() == PullResult.Status.OFFSET_ILLEGAL) {
                log.warn("{}: offset {} of {} is illegal; continuing at {}", config.group(), offset, q,
                    r.nextBeginOffset());
            }
            schedulePull(s, 0, generation);
        });
    }

    /**
     * Waits up to {@code timeoutMillis} for messages and returns those of one fetched batch (empty on
     * timeout). Their offsets count as consumed for auto-commit and {@link #commitSync}.
     */
    public List<ReceivedMessage> poll(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!stopped) {
            long left = deadline - System.nanoTime();
            Batch b;
            try {
                b = left <= 0 ? buffer.poll() : buffer.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            if (b == null) {
                return List.of();
            }
            buffered.addAndGet(-b.messages().size());
            QueueState s = b.state();
            if (s.dropped || s.paused || s.generation != b.generation()) {
                continue;
            }
            List<ReceivedMessage> msgs = b.messages();
            s.consumedOffset = msgs.get(msgs.size() - 1).queueOffset() + 1;
            offsets.update(s.queue, s.consumedOffset, false);
            return msgs;
        }
        return List.of();
    }

    private QueueState state(MessageQueue q) {
        QueueState s = assigned.get(q);
        if (s == null) {
            throw new IllegalStateException(q + " is not assigned to this consumer; assigned: " + assigned.keySet());
        }
        return s;
    }

    /** Next poll of {@code q} starts at {@code offset}. */
    public synchronized void seek(MessageQueue q, long offset) {
        QueueState s = state(q);
        s.generation++;
        s.pullOffset = offset;
        s.consumedOffset = offset;
        offsets.update(q, offset, false);
        schedulePull(s, 0, s.generation);
    }

    public long minOffset(MessageQueue q) {
        return instance.rpc().minOffset(address(q), q, instance.rpcTimeoutMillis());
    }

    public long maxOffset(MessageQueue q) {
        return instance.rpc().maxOffset(address(q), q, instance.rpcTimeoutMillis());
    }

    private String address(MessageQueue q) {
        String a = instance.masterOrAnyAddressFetchingRoute(q);
        if (a == null) {
            throw new ClientException("broker " + q.brokerName() + " of " + q + " is not in the route", true);
        }
        return a;
    }

    public synchronized void pause(Collection<MessageQueue> qs) {
        for (MessageQueue q : qs) {
            QueueState s = state(q);
            s.paused = true;
            s.generation++;
            s.pullOffset = s.consumedOffset;
        }
    }

    public synchronized void resume(Collection<MessageQueue> qs) {
        for (MessageQueue q : qs) {
            QueueState s = state(q);
            if (s.paused) {
                s.paused = false;
                s.generation++;
                schedulePull(s, 0, s.generation);
            }
        }
    }

    /** Commits the consumed offsets of every assigned queue synchronously. */
    public void commitSync() {
        ClientException first = null;
        for (MessageQueue q : assigned.keySet()) {
            try {
                offsets.persist(q);
            } catch (ClientException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Committed offset of {@code q} on the broker (or in the local file), -1 if none. */
    public long committed(MessageQueue q) {
        return offsets.fetchCommitted(q);
    }

    /** Readable queues of {@code topic} from its route. */
    public List<MessageQueue> fetchQueues(String topic) {
        TopicRoute r = instance.fetchRoute(topic);
        if (r == null) {
            throw new ClientException("topic " + topic + " does not exist on name servers "
                + instance.nameServers().addresses(), false);
        }
        return r.subscribeQueues();
    }

    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        rebalancer.shutdown();
        pullScheduler.shutdownNow();
        if (config.autoCommit()) {
            for (MessageQueue q : assigned.keySet()) {
                try {
                    offsets.persist(q);
                } catch (RuntimeException e) {
                    log.warn("{}: final commit of {} failed: {}", config.group(), q, e.getMessage());
                }
            }
        }
        instance.unregister(null, config.group());
        instance.shutdown();
    }
}
