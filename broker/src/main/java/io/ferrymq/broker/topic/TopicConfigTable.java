package io.ferrymq.broker.topic;

import com.alibaba.fastjson2.TypeReference;
import io.ferrymq.common.Clock;
import io.ferrymq.broker.persist.JsonFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The topics this broker serves, persisted in {@code config/topics.json}. Reads are lock-free from any thread;
 * changes are serialised by the table's monitor and written to disk before they are visible to listeners.
 * Every change bumps the {@link DataVersion} and tells the listeners (the name-server registration), so a new
 * topic is routed within one registration round-trip.
 */
public final class TopicConfigTable {
    private static final Logger log = LoggerFactory.getLogger(TopicConfigTable.class);

    /** Persisted form. */
    public record FileContent(DataVersion dataVersion, Map<String, TopicConfig> topicConfigTable) {
    }

    private final ConcurrentHashMap<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final JsonFile file;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile DataVersion dataVersion;

    public TopicConfigTable(Path file, Clock clock) {
        this.file = new JsonFile(file);
        this.clock = clock;
        this.dataVersion = new DataVersion(0, clock.currentTimeMillis(), 0);
    }

    /** Loads the persisted topics (if any). Call before start, single-threaded. */
    public void load() {
        file.<FileContent>read(new TypeReference<FileContent>() { }.getType()).ifPresent(c -> {
            if (c.topicConfigTable() != null) {
                topics.putAll(c.topicConfigTable());
            }
            if (c.dataVersion() != null) {
                dataVersion = c.dataVersion();
            }
        });
        log.info("loaded {} topic configs from {}", topics.size(), file.path());
    }

    /** Called after every change, on the changing thread; must not block. */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    public TopicConfig get(String topic) {
        return topic == null ? null : topics.get(topic);
    }

    public boolean contains(String topic) {
        return topic != null && topics.containsKey(topic);
    }

    public Collection<TopicConfig> all() {
        return topics.values();
    }

    /** A consistent copy of the table and its version (for registration and GET_ALL_TOPIC_CONFIG). */
    public synchronized FileContent snapshot() {
        return new FileContent(dataVersion, new LinkedHashMap<>(topics));
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Creates or replaces a topic, persists and notifies. */
    public synchronized void put(TopicConfig config) {
        TopicConfig old = topics.put(config.topicName(), config);
        if (config.equals(old)) {
            return;
        }
        changed();
        log.info("topic {} {}: {}", config.topicName(), old == null ? "created" : "updated", config);
    }

    /**
     * Bumps the data version without changing any topic, persists and notifies: what the routes derive from the
     * table changed (e.g. the broker's permission), so name servers must take the next registration's queues.
     */
    public synchronized void touch() {
        changed();
    }

    /** Creates the topic only when absent; returns the config in force. Persists and notifies on creation. */
    public synchronized TopicConfig putIfAbsent(TopicConfig config) {
        TopicConfig existing = topics.get(config.topicName());
        if (existing != null) {
            return existing;
        }
        topics.put(config.topicName(), config);
        changed();
        log.info("topic {} created: {}", config.topicName(), config);
        return config;
    }

    /** Creates without persisting or notifying: for system topics defined at start. */
    public synchronized void putSystem(TopicConfig config) {
        topics.putIfAbsent(config.topicName(), config);
    }

    /** Removes a topic; returns whether it existed. */
    public synchronized boolean delete(String topic) {
        if (topics.remove(topic) == null) {
            return false;
        }
        changed();
        log.info("topic {} deleted", topic);
        return true;
    }

    /** Names of all topics. */
    public List<String> names() {
        return new ArrayList<>(topics.keySet());
    }

    private void changed() {
        dataVersion = dataVersion.next(clock.currentTimeMillis());
        persist();
        for (Runnable l : listeners) {
            l.run();
        }
    }

    /** Writes the table; called with the monitor held. */
    private void persist() {
        try {
            file.write(new FileContent(dataVersion, new LinkedHashMap<>(topics)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topic configs to " + file.path(), e);
        }
    }
}
