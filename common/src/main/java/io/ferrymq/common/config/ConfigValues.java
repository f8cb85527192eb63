package io.ferrymq.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The current value of every key of one {@link ConfigDef}. Each value is checked against its key's rule when it
 * is set, so a held value is always allowed. Reads and writes are atomic per key (a running server may change
 * runtime keys from an admin thread while workers read them); {@link #apply} changes several keys all-or-nothing.
 */
public final class ConfigValues {
    private final ConfigDef def;
    private final AtomicReferenceArray<Object> values;

    ConfigValues(ConfigDef def) {
        this.def = def;
        this.values = new AtomicReferenceArray<>(def.keys().size());
        for (ConfigKey<?> k : def.keys()) {
            values.set(k.index(), k.defaultValue());
        }
    }

    public ConfigDef def() {
        return def;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(slot(key));
    }

    /** Sets a typed value after checking it; the exception names the key and what is allowed. */
    public <T> ConfigValues set(ConfigKey<T> key, T value) {
        int slot = slot(key);
        values.set(slot, key.check(value));
        return this;
    }

    /** Parses and sets one value given as text. */
    public ConfigValues setText(String name, String text) {
        ConfigKey<?> key = def.key(name);
        if (key == null) {
            throw def.unknownKey(name);
        }
        values.set(key.index(), key.parse(text));
        return this;
    }

    /** The value of a key as properties text (empty when unset). */
    public String text(String name) {
        ConfigKey<?> key = def.key(name);
        if (key == null) {
            throw def.unknownKey(name);
        }
        return key.formatObject(values.get(key.index()));
    }

    /**
     * Sets every entry of {@code props} (all keys must belong to this definition), parsing all first so a bad
     * entry changes nothing.
     */
    public synchronized ConfigValues apply(Properties props) {
        Map<ConfigKey<?>, Object> parsed = new LinkedHashMap<>();
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            ConfigKey<?> key = def.key(name);
            if (key == null) {
                throw def.unknownKey(name);
            }
            if (parsed.containsKey(key)) {
                throw new ConfigException(name, def.component() + " config '" + key.name() + "' is set twice (as '"
                        + name + "' and under another of its names " + key.aliases() + "); keep one");
            }
            parsed.put(key, key.parse(props.getProperty(name)));
        }
        parsed.forEach((k, v) -> values.set(k.index(), v));
        return this;
    }

    /** An independent copy holding the same values. */
    public ConfigValues copy() {
        ConfigValues c = new ConfigValues(def);
        for (int i = 0; i < values.length(); i++) {
            c.values.set(i, values.get(i));
        }
        return c;
    }

    /** Every key with its current value as text, in definition order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : def.keys()) {
            m.put(k.name(), k.formatObject(values.get(k.index())));
        }
        return m;
    }

    /** By position, not by name: config values are read on hot paths (per message), a hash lookup each adds up. */
    private int slot(ConfigKey<?> key) {
        List<ConfigKey<?>> keys = def.keys();
        int i = key.index();
        if (i < 0 || i >= keys.size() || keys.get(i) != key) {
            throw new IllegalArgumentException("key '" + key.name() + "' is not a " + def.component() + " key");
        }
        return key.index();
    }
}
