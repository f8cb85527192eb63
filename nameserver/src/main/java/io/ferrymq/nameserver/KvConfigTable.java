package io.ferrymq.nameserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * KV configuration by namespace (PUT/GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE), in memory only: like every
 * name-server table it is not persisted and not shared between name servers.
 *
 * <p>Thread-safe: concurrent maps; an emptied namespace is removed atomically with its last key.
 */
public final class KvConfigTable {
    /** Namespace whose keys are topics and values {@code brokerName:queueNum;...} (orderly topics). */
    public static final String NAMESPACE_ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> table = new ConcurrentHashMap<>();

    public void put(String namespace, String key, String value) {
        table.compute(namespace, (ns, m) -> {
            ConcurrentHashMap<String, String> map = m == null ? new ConcurrentHashMap<>() : m;
            map.put(key, value);
            return map;
        });
    }

    /** The value, or null. */
    public String get(String namespace, String key) {
        Map<String, String> m = table.get(namespace);
        return m == null ? null : m.get(key);
    }

    /** Removes the key; returns true when it existed. */
    public boolean delete(String namespace, String key) {
        boolean[] removed = new boolean[1];
        table.computeIfPresent(namespace, (ns, m) -> {
            removed[0] = m.remove(key) != null;
            return m.isEmpty() ? null : m;
        });
        return removed[0];
    }

    /** A sorted copy of the namespace, or null when it has no keys. */
    public Map<String, String> namespace(String namespace) {
        Map<String, String> m = table.get(namespace);
        if (m == null || m.isEmpty()) {
            return null;
        }
        return new TreeMap<>(m);
    }
}
