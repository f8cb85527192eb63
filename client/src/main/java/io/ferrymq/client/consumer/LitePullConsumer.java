package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.internal.LitePullEngine;
import io.ferrymq.client.internal.Subscriptions;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A consumer the application drives: {@link #poll(long)} returns the next fetched messages (prefetched in the
 * background). Either {@link #subscribe} to topics (queues are shared with the group's other consumers, as for
 * {@link PushConsumer}) or {@link #assign} queues explicitly. Offsets move with poll; they are committed every
 * {@code persistOffsetIntervalMillis} when {@code autoCommit} is on, or by {@link #commitSync()}.
 *
 * <pre>{@code
 * LitePullConsumer c = new LitePullConsumer(new LitePullConsumerConfig().group("LG").nameServers(ns));
 * c.subscribe("TopicA", "*");
 * c.start();
 * while (running) {
 *     for (ReceivedMessage m : c.poll(1000)) { handle(m); }
 * }
 * c.shutdown();
 * }</pre>
 *
 * <p>{@link #poll} is meant for one thread; the other methods are thread-safe.
 */
public final class LitePullConsumer implements AutoCloseable {
    private final LitePullConsumerConfig config;
    private final Subscriptions subscriptions = new Subscriptions();
    private Boolean subscribeMode;
    private LitePullEngine engine;
    private volatile boolean stopped;

    public LitePullConsumer(LitePullConsumerConfig config) {
        this.config = config;
    }

    /** Subscribes to {@code topic} with a tag expression ("*" or "A || B"). Not with {@link #assign}. */
    public synchronized LitePullConsumer subscribe(String topic, String tagExpression) {
        mode(true);
        subscriptions.put(topic, tagExpression, config.clock().currentTimeMillis());
        if (engine != null) {
            engine.subscriptionsChanged();
        }
        return this;
    }

    /**
     * Subscribes to {@code topic} with a tag or SQL92 selector ({@link MessageSelector}); an SQL92 selector is
     * checked by a broker at {@link #start()}, which fails with the broker's reason when it is refused. Not with
     * {@link #assign}.
     */
    public synchronized LitePullConsumer subscribe(String topic, MessageSelector selector) {
        mode(true);
        subscriptions.put(topic, selector, config.clock().currentTimeMillis());
        if (engine != null) {
            engine.subscriptionsChanged();
        }
        return this;
    }

    /** Consumes exactly {@code queues} (replacing earlier assignments). Not with {@link #subscribe}. */
    public synchronized LitePullConsumer assign(Collection<MessageQueue> queues) {
        mode(false);
        if (engine != null) {
            engine.assign(queues);
        } else {
            pendingAssign = List.copyOf(queues);
        }
        return this;
    }

    private List<MessageQueue> pendingAssign;

    private void mode(boolean subscribe) {
        if (subscribeMode != null && subscribeMode != subscribe) {
            throw new IllegalStateException("subscribe and assign cannot be mixed on one consumer");
        }
        subscribeMode = subscribe;
    }

    /** Validates the configuration and starts fetching. */
    public synchronized LitePullConsumer start() {
        if (stopped) {
            throw new IllegalStateException("consumer " + config.group() + " was shut down; create a new one");
        }
        if (engine != null) {
            return this;
        }
        config.validate();
        if (subscribeMode == null) {
            throw new IllegalStateException("consumer " + config.group() + ": subscribe or assign before start()");
        }
        engine = new LitePullEngine(config, subscriptions, subscribeMode);
        try {
            engine.start();
        } catch (RuntimeException e) {
            // e.g. a selector the broker refuses: release the connections and threads the engine started
            engine.shutdown();
            engine = null;
            throw e;
        }
        if (pendingAssign != null) {
            engine.assign(pendingAssign);
        }
        return this;
    }

    /** Next messages of one queue, waiting up to {@code timeoutMillis}; empty when none arrived. */
    public List<ReceivedMessage> poll(long timeoutMillis) {
        checkStarted();
        return engine.poll(timeoutMillis);
    }

    /** The next poll of {@code queue} returns messages from {@code offset} on. */
    public void seek(MessageQueue queue, long offset) {
        checkStarted();
        engine.seek(queue, offset);
    }

    /** Seeks to the first stored message of {@code queue}. */
    public void seekToBegin(MessageQueue queue) {
        checkStarted();
        engine.seek(queue, engine.minOffset(queue));
    }

    /** Seeks past the last stored message of {@code queue}. */
    public void seekToEnd(MessageQueue queue) {
        checkStarted();
        engine.seek(queue, engine.maxOffset(queue));
    }

    /** Stops fetching {@code queues} until {@link #resume}; nothing of them is returned meanwhile. */
    public void pause(Collection<MessageQueue> queues) {
        checkStarted();
        engine.pause(queues);
    }

    public void resume(Collection<MessageQueue> queues) {
        checkStarted();
        engine.resume(queues);
    }

    /** Commits the offsets of everything polled so far, synchronously. */
    public void commitSync() {
        checkStarted();
        engine.commitSync();
    }

    /** The committed offset of {@code queue} (next to consume), -1 when none. */
    public long committed(MessageQueue queue) {
        checkStarted();
        return engine.committed(queue);
    }

    /** Queues consumed now. */
    public Set<MessageQueue> assignment() {
        checkStarted();
        return engine.assignment();
    }

    /** Readable queues of {@code topic}, e.g. to {@link #assign} some of them. */
    public List<MessageQueue> fetchMessageQueues(String topic) {
        checkStarted();
        return engine.fetchQueues(topic);
    }

    public String clientId() {
        checkStarted();
        return engine.clientId();
    }

    private void checkStarted() {
        if (engine == null || stopped) {
            throw new IllegalStateException("consumer " + config.group() + " is "
                + (stopped ? "shut down" : "not started"));
        }
    }

    /** Stops fetching, commits (with autoCommit) and releases everything. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (engine != null) {
            engine.shutdown();
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
