package io.ferrymq.common.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one server's properties file into the values of the components it configures (for the broker: its own
 * keys, then the store's). A key the first component that defines it takes; a key only Apache RocketMQ knows is
 * accepted and reported as ignored with the reason; any other key is refused, naming the closest known key.
 * Every value is parsed and checked before anything is set. Not thread-safe; used once at start.
 */
public final class ConfigReader {
    private final String component;
    private final List<ConfigValues> targets;
    private final ForeignKeys foreign;

    /** A RocketMQ key FerryMQ accepts without effect, and why. */
    public record IgnoredKey(String name, String reason) {
        /** The WARN line a server logs at start. */
        public String warning() {
            return "config key '" + name + "' (Apache RocketMQ) has no effect in FerryMQ: " + reason;
        }
    }

    public ConfigReader(String component, List<ConfigValues> targets, ForeignKeys foreign) {
        this.component = component;
        this.targets = List.copyOf(targets);
        this.foreign = foreign;
    }

    /**
     * Applies {@code props} to the targets.
     *
     * @return the RocketMQ keys that were accepted without effect, sorted by name
     * @throws ConfigException naming the first unknown key or bad value
     */
    public List<IgnoredKey> read(Properties props) {
        List<Properties> perTarget = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            perTarget.add(new Properties());
        }
        List<IgnoredKey> ignored = new ArrayList<>();
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            int owner = ownerOf(name);
            if (owner >= 0) {
                perTarget.get(owner).setProperty(name, props.getProperty(name));
            } else if (foreign.contains(name)) {
                ignored.add(new IgnoredKey(name, foreign.reasonIgnored(name)));
            } else {
                throw ConfigDef.unknownKey(component, name, knownNames());
            }
        }
        // Parse every value into copies first, so one bad value leaves all targets untouched.
        List<ConfigValues> scratch = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            scratch.add(targets.get(i).copy().apply(perTarget.get(i)));
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).apply(perTarget.get(i));
        }
        return ignored;
    }

    private int ownerOf(String name) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).def().contains(name)) {
                return i;
            }
        }
        return -1;
    }

    private Set<String> knownNames() {
        Set<String> all = new LinkedHashSet<>();
        for (ConfigValues t : targets) {
            all.addAll(t.def().namesAndAliases());
        }
        all.addAll(foreign.names());
        return all;
    }
}
