package io.ferrymq.broker.config;

import io.ferrymq.common.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Which broker settings a remote caller may change at run time (UPDATE_BROKER_CONFIG): only keys defined with
 * {@code runtime()} in {@link BrokerConfig#DEF}. Paths, ports, identities, class names and keys the broker does
 * not know are refused, so the CVE-2023-33246 kind of payload never reaches the configuration.
 */
public final class RuntimeChanges {
    private RuntimeChanges() {
    }

    /**
     * Why {@code changes} may not be applied at run time (the first key, in name order, that is not a runtime
     * key), or null when every key may change.
     */
    public static String refusedAtRunTime(Properties changes) {
        for (String key : new java.util.TreeSet<>(changes.stringPropertyNames())) {
            if (!BrokerConfig.DEF.contains(key) || !BrokerConfig.DEF.key(key).runtime()) {
                return "broker config '" + key + "' cannot be changed at run time ("
                        + (BrokerConfig.DEF.contains(key) ? "change it in the config file and restart" : "not a broker setting")
                        + "); settings that can: " + dynamicKeys();
            }
        }
        return null;
    }

    /** Keys UPDATE_BROKER_CONFIG may change. */
    public static List<String> dynamicKeys() {
        List<String> out = new ArrayList<>();
        for (ConfigKey<?> k : BrokerConfig.DEF.keys()) {
            if (k.runtime()) {
                out.add(k.name());
            }
        }
        return out;
    }
}
