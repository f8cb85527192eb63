package io.ferrymq.common.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one component (broker, store, name server...), in documentation order. Each config class builds
 * its definition once in its static initialiser:
 *
 * <pre>{@code
 * private static final ConfigDef.Builder KEYS = ConfigDef.builder("broker");
 * public static final ConfigKey<Integer> LISTEN_PORT = KEYS.define(
 *         ConfigKey.integer("listenPort", 10911).range(0, 65535).doc("Port clients connect to."));
 * public static final ConfigDef DEF = KEYS.build();
 * }</pre>
 *
 * Immutable once built; thread-safe.
 */
public final class ConfigDef {
    private final String component;
    private final List<ConfigKey<?>> keys;
    private final Map<String, ConfigKey<?>> byName;
    private final Map<String, ConfigKey<?>> byAlias;

    private ConfigDef(String component, List<ConfigKey<?>> keys) {
        this.component = component;
        this.keys = List.copyOf(keys);
        Map<String, ConfigKey<?>> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) {
            if (m.put(k.name(), k) != null) {
                throw new IllegalStateException(component + " defines key '" + k.name() + "' twice");
            }
        }
        this.byName = Collections.unmodifiableMap(m);
        Map<String, ConfigKey<?>> a = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) {
            for (String alias : k.aliases()) {
                if (m.containsKey(alias) || a.put(alias, k) != null) {
                    throw new IllegalStateException(component + " uses name '" + alias + "' twice");
                }
            }
        }
        this.byAlias = Collections.unmodifiableMap(a);
    }

    public static Builder builder(String component) {
        return new Builder(component);
    }

    /** Name of the component, used in messages ("broker config 'x' ..."). */
    public String component() {
        return component;
    }

    public List<ConfigKey<?>> keys() {
        return keys;
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    /** The key of that name or alias, or null. */
    public ConfigKey<?> key(String name) {
        ConfigKey<?> k = byName.get(name);
        return k != null ? k : byAlias.get(name);
    }

    /** Whether the name is one of this component's keys or their aliases. */
    public boolean contains(String name) {
        return key(name) != null;
    }

    /** Every accepted name: keys, then aliases. */
    public Collection<String> namesAndAliases() {
        List<String> all = new ArrayList<>(byName.keySet());
        all.addAll(byAlias.keySet());
        return all;
    }

    /** A fresh set of values holding every default. */
    public ConfigValues defaults() {
        return new ConfigValues(this);
    }

    /** The error for a key this component does not know, suggesting the closest one it does. */
    public ConfigException unknownKey(String name) {
        return unknownKey(component, name, namesAndAliases());
    }

    /** The error for an unknown key, suggesting the closest of {@code known}. */
    public static ConfigException unknownKey(String component, String name, Collection<String> known) {
        String closest = KeySuggester.closest(name, known);
        return new ConfigException(name, "unknown " + component + " config key '" + name + "'"
                + (closest == null ? "" : "; did you mean '" + closest + "'?"));
    }

    /** Collects keys in order; used once, from one config class's static initialiser. */
    public static final class Builder {
        private final String component;
        private final List<ConfigKey<?>> keys = new ArrayList<>();
        private boolean built;

        private Builder(String component) {
            this.component = component;
        }

        /** Adds a key; its default is checked against its own rule so a wrong default fails at class load. */
        public <T> ConfigKey<T> define(ConfigKey.Spec<T> spec) {
            if (built) {
                throw new IllegalStateException(component + ": define every key before build()");
            }
            ConfigKey<T> key = new ConfigKey<>(keys.size(), spec);
            if (spec.defaultValue() != null) {
                key.check(spec.defaultValue());
            }
            keys.add(key);
            return key;
        }

        public ConfigDef build() {
            built = true;
            return new ConfigDef(component, keys);
        }
    }
}
