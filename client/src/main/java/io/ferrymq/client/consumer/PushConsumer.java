package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.PushEngine;
import io.ferrymq.client.internal.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Consumes subscribed topics by long-polling the brokers and calling a listener: a
 * {@link MessageListenerConcurrently} (thread pool, batches) or a {@link MessageListenerOrderly} (one thread per
 * queue, broker-side queue locks). In {@link MessageModel#CLUSTERING} mode the group's consumers share the
 * queues (rebalanced every {@code rebalanceIntervalMillis} and whenever a consumer joins or leaves); failed
 * messages are redelivered through the group's retry topic. Offsets are committed every
 * {@code persistOffsetIntervalMillis}, when a queue is given away, and on {@link #shutdown()}.
 *
 * <pre>{@code
 * PushConsumer consumer = new PushConsumer(new PushConsumerConfig().group("CG").nameServers("127.0.0.1:9876"));
 * consumer.subscribe("TopicA", "TagA || TagB");
 * consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
 *     msgs.forEach(m -> System.out.println(new String(m.body(), UTF_8)));
 *     return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
 * });
 * consumer.start();
 * }</pre>
 *
 * <p>Delivery is at least once. {@link #start()} returns at once even when no server is reachable; the consumer
 * starts consuming as soon as name server and brokers answer. Thread-safe.
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushConsumer.class);

    private final PushConsumerConfig config;
    private final Subscriptions subscriptions = new Subscriptions();
    private MessageListener listener;
    private PushEngine engine;
    private volatile boolean stopped;

    public PushConsumer(PushConsumerConfig config) {
        this.config = config;
    }

    public PushConsumerConfig config() {
        return config;
    }

    /**
     * Subscribes to {@code topic} with a tag expression: {@code "*"} (or null) for all messages, or tags
     * separated by {@code ||}. May be called before or after {@link #start()}.
     */
    public synchronized PushConsumer subscribe(String topic, String tagExpression) {
        subscriptions.put(topic, tagExpression, config.clock().currentTimeMillis());
        if (engine != null) {
            engine.subscriptionsChanged();
        }
        return this;
    }

    /**
     * Subscribes to {@code topic} with a tag or SQL92 selector ({@link MessageSelector}). May be called before or
     * after {@link #start()}; an SQL92 selector is checked by a broker at {@link #start()}, which fails with the
     * broker's reason when it is refused.
     */
    public synchronized PushConsumer subscribe(String topic, MessageSelector selector) {
        subscriptions.put(topic, selector, config.clock().currentTimeMillis());
        if (engine != null) {
            engine.subscriptionsChanged();
        }
        return this;
    }

    /** Stops consuming {@code topic} (its queues are released at the next rebalance). */
    public synchronized PushConsumer unsubscribe(String topic) {
        subscriptions.remove(topic);
        if (engine != null) {
            engine.subscriptionsChanged();
            for (MessageQueue q : engine.ownedQueues(topic)) {
                engine.removeQueue(q);
            }
        }
        return this;
    }

    /** Sets the listener; required before {@link #start()}. */
    public synchronized PushConsumer registerListener(MessageListener listener) {
        if (engine != null) {
            throw new IllegalStateException("listener must be registered before start()");
        }
        this.listener = listener;
        return this;
    }

    /**
     * Validates the configuration and starts pulling.
     *
     * @throws IllegalArgumentException naming a bad setting
     * @throws IllegalStateException    without listener or subscriptions, or after shutdown
     */
    public synchronized PushConsumer start() {
        if (stopped) {
            throw new IllegalStateException("consumer " + config.group() + " was shut down; create a new one");
        }
        if (engine != null) {
            return this;
        }
        config.validate();
        if (listener == null) {
            throw new IllegalStateException("consumer " + config.group() + ": register a listener before start()");
        }
        if (subscriptions.topics().isEmpty()) {
            throw new IllegalStateException("consumer " + config.group() + ": subscribe to a topic before start()");
        }
        engine = new PushEngine(config, subscriptions, listener);
        try {
            engine.start();
        } catch (RuntimeException e) {
            // e.g. a selector the broker refuses: release the connections and threads the engine started
            engine.shutdown();
            engine = null;
            throw e;
        }
        log.info("push consumer {} started as {} ({}, {})", config.group(), engine.clientId(),
            config.messageModel(), listener instanceof MessageListenerOrderly ? "orderly" : "concurrent");
        return this;
    }

    /** This client's id as brokers see it. */
    public String clientId() {
        checkStarted();
        return engine.clientId();
    }

    /** Queues this consumer owns now (subscribed topics and the group's retry topic). */
    public Set<MessageQueue> assignment() {
        checkStarted();
        return engine.assignment();
    }

    /**
     * Messages pulled but not yet handed to (or finished by) the listener, over all owned queues; flow control
     * keeps it near {@code pullThresholdForQueue} per queue.
     */
    public int cachedMessageCount() {
        checkStarted();
        return engine.cachedMessageCount();
    }

    /** Requests an immediate rebalance (normally triggered by brokers and by the periodic timer). */
    public void rebalanceNow() {
        checkStarted();
        engine.rebalancer().signal();
    }

    private void checkStarted() {
        if (engine == null) {
            throw new IllegalStateException("consumer " + config.group() + " is not started");
        }
    }

    /**
     * Stops pulling, waits (up to 10 s) for running listeners, commits offsets, releases orderly locks and
     * unregisters from the brokers, so the other consumers of the group take over at once. Idempotent.
     */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (engine != null) {
            engine.shutdown();
            log.info("push consumer {} ({}) stopped", config.group(), engine.clientId());
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
