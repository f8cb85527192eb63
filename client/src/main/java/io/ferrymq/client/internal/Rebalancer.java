package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.AllocateStrategy;
import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.common.Clock;
import io.ferrymq.common.worker.DutyCycleWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Decides which queues of each subscribed topic this consumer owns (docs/protocol.md 5.5) and tells its
 * {@link QueueOwner}: every {@code intervalMillis} and at once after {@link #signal()} (broker notification
 * NOTIFY_CONSUMER_IDS_CHANGED, new route). Clustering: sorted readable queues × sorted consumer ids of the group
 * (asked from one broker of the topic) through the {@link AllocateStrategy}; broadcasting: every queue.
 *
 * <p>Owns one {@link DutyCycleWorker}, {@code <name>-rebalance}; {@link #rebalanceOnce()} is its round (tests call
 * it directly). Signals coalesce: however many arrive during a round, one more round follows.
 */
public final class Rebalancer {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);

    private final ClientInstance instance;
    private final String group;
    private final MessageModel model;
    private final AllocateStrategy strategy;
    private final Supplier<Set<String>> topics;
    private final QueueOwner owner;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final DutyCycleWorker worker;

    public Rebalancer(ClientInstance instance, String group, MessageModel model, AllocateStrategy strategy,
                      Supplier<Set<String>> topics, QueueOwner owner, long intervalMillis) {
        this.instance = instance;
        this.group = group;
        this.model = model;
        this.strategy = strategy;
        this.topics = topics;
        this.owner = owner;
        this.worker = DutyCycleWorker.periodic(instance.name() + "-rebalance", Clock.SYSTEM, intervalMillis,
            this::rebalanceCounted, instance.faults());
    }

    public void start() {
        worker.start();
    }

    /** Requests a rebalance now (any thread). */
    public void signal() {
        if (signalled.compareAndSet(false, true)) {
            worker.execute(() -> {
                signalled.set(false);
                rebalanceCounted();
            });
        }
    }

    private void rebalanceCounted() {
        try {
            rebalanceOnce();
        } catch (RuntimeException e) {
            if (worker.isRunning()) {
                instance.recordFailure("rebalance of " + group, e);
            }
        }
    }

    /** One rebalance of every subscribed topic. */
    public void rebalanceOnce() {
        RuntimeException first = null;
        for (String topic : topics.get()) {
            try {
                rebalanceTopic(topic);
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

    private void rebalanceTopic(String topic) {
        TopicRoute route = instance.route(topic);
        if (route == null) {
            instance.watchTopic(topic);
            route = instance.fetchRoute(topic);
            if (route == null) {
                return;
            }
        }
        List<MessageQueue> all = route.subscribeQueues();
        Set<MessageQueue> target;
        if (model == MessageModel.BROADCASTING) {
            target = new HashSet<>(all);
        } else {
            List<String> ids = new ArrayList<>(consumerIds(route));
            if (ids.isEmpty()) {
                return;
            }
            Collections.sort(ids);
            target = new HashSet<>(strategy.allocate(group, instance.clientId(), all, ids));
        }
        apply(topic, target);
    }

    /** Removes queues no longer owned (committing first), then adds new ones. */
    void apply(String topic, Set<MessageQueue> target) {
        Set<MessageQueue> owned = new HashSet<>(owner.ownedQueues(topic));
        boolean changed = false;
        for (MessageQueue q : owned) {
            if (!target.contains(q)) {
                owner.removeQueue(q);
                changed = true;
            }
        }
        for (MessageQueue q : target) {
            if (!owned.contains(q)) {
                changed |= owner.addQueue(q);
            }
        }
        if (changed) {
            log.info("{} {}: {} now owns {} queue(s) of {}", group, strategy.name(), instance.clientId(),
                owner.ownedQueues(topic).size(), topic);
        }
    }

    private List<String> consumerIds(TopicRoute route) {
        List<String> candidates = new ArrayList<>();
        List<String> heartbeated = new ArrayList<>();
        for (TopicRoute.BrokerInfo b : route.brokers()) {
            String a = b.masterAddress();
            if (a == null && !b.addresses().isEmpty()) {
                a = b.addresses().values().iterator().next();
            }
            if (a != null) {
                candidates.add(a);
                if (instance.heartbeated(a)) {
                    heartbeated.add(a);
                }
            }
        }
        if (heartbeated.isEmpty() && !candidates.isEmpty()) {
            // the broker lists only consumers it got a heartbeat from: register first
            instance.heartbeatAll();
            for (String a : candidates) {
                if (instance.heartbeated(a)) {
                    heartbeated.add(a);
                }
            }
        }
        List<String> pool = heartbeated.isEmpty() ? candidates : heartbeated;
        if (pool.isEmpty()) {
            return List.of();
        }
        String addr = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
        return instance.rpc().consumerIds(addr, group, instance.rpcTimeoutMillis());
    }

    /** Stops the worker after the round in progress (its calls are bounded by the RPC timeout). Idempotent. */
    public void shutdown() {
        worker.close();
    }

    /** For tests and logs: the current owned queues by topic. */
    public Map<String, Set<MessageQueue>> snapshot() {
        Map<String, Set<MessageQueue>> m = new java.util.HashMap<>();
        for (String t : topics.get()) {
            m.put(t, Set.copyOf(owner.ownedQueues(t)));
        }
        return m;
    }
}
