package io.ferrymq.broker.client;

import io.ferrymq.common.Clock;
import io.ferrymq.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Consumer groups known from heartbeats: members (channels with clientID) and subscriptions. Thread-safe.
 * Membership or subscription changes are reported to the change listener (which sends
 * NOTIFY_CONSUMER_IDS_CHANGED) after the registry is updated, on the calling thread; the listener must not
 * block.
 */
public final class ConsumerRegistry {
    private static final Logger log = LoggerFactory.getLogger(ConsumerRegistry.class);

    private final ConcurrentHashMap<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Consumer<ConsumerGroup> changeListener = g -> { };

    public ConsumerRegistry(Clock clock) {
        this.clock = clock;
    }

    public void setChangeListener(Consumer<ConsumerGroup> listener) {
        this.changeListener = listener;
    }

    /**
     * Registers a heartbeat of one client for one group. Returns whether the group changed (new member or new
     * subscriptions).
     */
    public boolean register(String group, ClientChannel client, String consumeType, String messageModel,
                            String consumeFromWhere, Collection<Subscription> subs, boolean replaceSubscriptions) {
        long now = clock.currentTimeMillis();
        ConsumerGroup g = groups.computeIfAbsent(group, ConsumerGroup::new);
        g.describe(consumeType, messageModel, consumeFromWhere);
        boolean newMember = g.upsert(client, now);
        boolean subsChanged = replaceSubscriptions && g.replaceSubscriptions(subs);
        if (newMember) {
            log.info("consumer {} joined group {}", client, group);
        }
        if (newMember || subsChanged) {
            changeListener.accept(g);
        }
        return newMember || subsChanged;
    }

    /** Removes the channel from one group (UNREGISTER_CLIENT). */
    public void unregister(String group, RemotingChannel channel) {
        ConsumerGroup g = groups.get(group);
        if (g != null && g.remove(channel)) {
            log.info("consumer {} left group {}", channel, group);
            dropIfEmpty(g);
            changeListener.accept(g);
        }
    }

    /** Removes the channel from every group (connection closed or expired). */
    public void removeChannel(RemotingChannel channel) {
        for (ConsumerGroup g : groups.values()) {
            if (g.remove(channel)) {
                log.info("consumer connection {} removed from group {}", channel, g.name());
                dropIfEmpty(g);
                changeListener.accept(g);
            }
        }
    }

    /** Channels not heard from for {@code timeoutMillis}; the caller closes and removes them. */
    public List<ClientChannel> expired(long timeoutMillis) {
        long now = clock.currentTimeMillis();
        List<ClientChannel> out = new ArrayList<>();
        for (ConsumerGroup g : groups.values()) {
            for (ClientChannel c : g.members()) {
                if (now - c.lastUpdateMillis() > timeoutMillis) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private void dropIfEmpty(ConsumerGroup g) {
        if (g.isEmpty()) {
            groups.remove(g.name(), g);
        }
    }

    public ConsumerGroup group(String group) {
        return group == null ? null : groups.get(group);
    }

    public Subscription subscription(String group, String topic) {
        ConsumerGroup g = groups.get(group);
        return g == null ? null : g.subscription(topic);
    }

    /** Groups currently subscribed to the topic. */
    public List<String> groupsSubscribing(String topic) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ConsumerGroup> e : groups.entrySet()) {
            if (e.getValue().subscription(topic) != null) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    public Collection<ConsumerGroup> groups() {
        return groups.values();
    }
}
