package io.ferrymq.broker.client;

import io.ferrymq.common.Clock;
import io.ferrymq.remoting.RemotingChannel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Producer groups known from heartbeats, and the clientID → channel index request/reply needs to push a reply
 * to the requester. Thread-safe.
 */
public final class ProducerRegistry {
    private final ConcurrentHashMap<String, ConcurrentHashMap<RemotingChannel, ClientChannel>> groups =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClientChannel> byClientId = new ConcurrentHashMap<>();
    private final Clock clock;

    public ProducerRegistry(Clock clock) {
        this.clock = clock;
    }

    public void register(String group, ClientChannel client) {
        long now = clock.currentTimeMillis();
        Map<RemotingChannel, ClientChannel> g = groups.computeIfAbsent(group, k -> new ConcurrentHashMap<>());
        ClientChannel existing = g.get(client.channel());
        if (existing != null && existing.clientId().equals(client.clientId())) {
            existing.touch(now);
            byClientId.put(existing.clientId(), existing);
        } else {
            g.put(client.channel(), client);
            byClientId.put(client.clientId(), client);
        }
    }

    public void unregister(String group, RemotingChannel channel) {
        Map<RemotingChannel, ClientChannel> g = groups.get(group);
        if (g != null) {
            ClientChannel c = g.remove(channel);
            if (c != null) {
                byClientId.remove(c.clientId(), c);
            }
            if (g.isEmpty()) {
                groups.remove(group, g);
            }
        }
    }

    public void removeChannel(RemotingChannel channel) {
        for (Map.Entry<String, ConcurrentHashMap<RemotingChannel, ClientChannel>> e : groups.entrySet()) {
            ClientChannel c = e.getValue().remove(channel);
            if (c != null) {
                byClientId.remove(c.clientId(), c);
            }
            if (e.getValue().isEmpty()) {
                groups.remove(e.getKey(), e.getValue());
            }
        }
        byClientId.values().removeIf(c -> c.channel().equals(channel));
    }

    public List<ClientChannel> expired(long timeoutMillis) {
        long now = clock.currentTimeMillis();
        List<ClientChannel> out = new ArrayList<>();
        for (Map<RemotingChannel, ClientChannel> g : groups.values()) {
            for (ClientChannel c : g.values()) {
                if (now - c.lastUpdateMillis() > timeoutMillis) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The live channel of a producer client, or null. */
    public ClientChannel byClientId(String clientId) {
        ClientChannel c = clientId == null ? null : byClientId.get(clientId);
        return c != null && c.channel().isActive() ? c : null;
    }

    /** Names of the producer groups with at least one registered client (metrics). */
    public java.util.Set<String> groupNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        groups.forEach((name, members) -> {
            if (!members.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    public Collection<ClientChannel> members(String group) {
        Map<RemotingChannel, ClientChannel> g = groups.get(group);
        return g == null ? List.of() : g.values();
    }
}
