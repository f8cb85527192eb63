package io.ferrymq.broker.subscription;

import com.alibaba.fastjson2.TypeReference;
import io.ferrymq.broker.persist.JsonFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer-group settings, persisted in {@code config/subscriptionGroups.json}. Reads lock-free; changes
 * serialised by the monitor and durable before the call returns.
 */
public final class SubscriptionGroupTable {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionGroupTable.class);

    private final ConcurrentHashMap<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    private final JsonFile file;
    private final boolean autoCreate;

    public SubscriptionGroupTable(Path file, boolean autoCreate) {
        this.file = new JsonFile(file);
        this.autoCreate = autoCreate;
    }

    public void load() {
        file.<Map<String, SubscriptionGroupConfig>>read(
                new TypeReference<Map<String, SubscriptionGroupConfig>>() { }.getType()).ifPresent(groups::putAll);
        log.info("loaded {} subscription groups from {}", groups.size(), file.path());
    }

    public SubscriptionGroupConfig get(String group) {
        return group == null ? null : groups.get(group);
    }

    /**
     * The group's config, created with defaults when absent and auto-creation is on; null when absent and
     * auto-creation is off.
     */
    public SubscriptionGroupConfig getOrCreate(String group) {
        SubscriptionGroupConfig c = groups.get(group);
        if (c != null || !autoCreate) {
            return c;
        }
        synchronized (this) {
            c = groups.get(group);
            if (c == null) {
                c = SubscriptionGroupConfig.defaults(group);
                groups.put(group, c);
                persist();
                log.info("subscription group {} auto-created", group);
            }
            return c;
        }
    }

    public synchronized void put(SubscriptionGroupConfig config) {
        groups.put(config.groupName(), config);
        persist();
        log.info("subscription group {} updated: {}", config.groupName(), config);
    }

    public synchronized boolean delete(String group) {
        if (groups.remove(group) == null) {
            return false;
        }
        persist();
        log.info("subscription group {} deleted", group);
        return true;
    }

    public Collection<SubscriptionGroupConfig> all() {
        return groups.values();
    }

    private void persist() {
        try {
            file.write(new LinkedHashMap<>(groups));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write subscription groups to " + file.path(), e);
        }
    }
}
