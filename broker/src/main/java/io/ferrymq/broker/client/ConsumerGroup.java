package io.ferrymq.broker.client;

import io.ferrymq.remoting.RemotingChannel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live members of one consumer group and the group's subscriptions (the last heartbeat's view). Thread-safe:
 * the channel table is concurrent, subscription replacement is done under the group's monitor and published
 * as an immutable map.
 */
public final class ConsumerGroup {
    private final String name;
    private final ConcurrentHashMap<RemotingChannel, ClientChannel> channels = new ConcurrentHashMap<>();
    private volatile Map<String, Subscription> subscriptions = Map.of();
    private volatile String consumeType = "CONSUME_PASSIVELY";
    private volatile String messageModel = "CLUSTERING";
    private volatile String consumeFromWhere = "CONSUME_FROM_LAST_OFFSET";

    ConsumerGroup(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Adds or refreshes a member; returns true when it is new (membership changed). */
    boolean upsert(ClientChannel info, long now) {
        ClientChannel existing = channels.get(info.channel());
        if (existing != null && existing.clientId().equals(info.clientId())) {
            existing.touch(now);
            return false;
        }
        channels.put(info.channel(), info);
        return true;
    }

    boolean remove(RemotingChannel channel) {
        return channels.remove(channel) != null;
    }

    /**
     * Replaces the subscriptions with {@code subs} (a newer subVersion of an existing topic wins, topics
     * missing from {@code subs} are dropped). Returns whether the set of topics or an expression changed.
     */
    synchronized boolean replaceSubscriptions(Collection<Subscription> subs) {
        Map<String, Subscription> old = subscriptions;
        Map<String, Subscription> next = new HashMap<>();
        boolean changed = false;
        for (Subscription s : subs) {
            Subscription prev = old.get(s.topic());
            if (prev == null) {
                next.put(s.topic(), s);
                changed = true;
            } else if (s.subVersion() > prev.subVersion()) {
                next.put(s.topic(), s);
                changed |= !prev.subString().equals(s.subString());
            } else {
                next.put(s.topic(), prev);
            }
        }
        if (!next.keySet().equals(old.keySet())) {
            changed = true;
        }
        subscriptions = Map.copyOf(next);
        return changed;
    }

    void describe(String consumeType, String messageModel, String consumeFromWhere) {
        if (consumeType != null) {
            this.consumeType = consumeType;
        }
        if (messageModel != null) {
            this.messageModel = messageModel;
        }
        if (consumeFromWhere != null) {
            this.consumeFromWhere = consumeFromWhere;
        }
    }

    public Subscription subscription(String topic) {
        return subscriptions.get(topic);
    }

    public Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    public Collection<ClientChannel> members() {
        return channels.values();
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    /** Distinct client ids of the live members, sorted. */
    public List<String> clientIds() {
        List<String> ids = new ArrayList<>();
        for (ClientChannel c : channels.values()) {
            if (c.channel().isActive() && !ids.contains(c.clientId())) {
                ids.add(c.clientId());
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The member with this clientId, or null. */
    public ClientChannel byClientId(String clientId) {
        for (ClientChannel c : channels.values()) {
            if (c.clientId().equals(clientId)) {
                return c;
            }
        }
        return null;
    }

    public String consumeType() {
        return consumeType;
    }

    public String messageModel() {
        return messageModel;
    }

    public String consumeFromWhere() {
        return consumeFromWhere;
    }

    public boolean isBroadcasting() {
        return "BROADCASTING".equals(messageModel);
    }
}
