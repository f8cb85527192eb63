package io.ferrymq.common.config;

import java.util.List;
import java.util.Set;

/** Renders configuration definitions as the Markdown tables of {@code docs/configuration.md}. */
public final class ConfigMarkdown {
    private ConfigMarkdown() {
    }

    /** One row per key: name, whether it may change at run time, default, allowed values, meaning. */
    public static String table(ConfigDef def) {
        return table(def, Set.of());
    }

    /** As {@link #table(ConfigDef)}, leaving out the keys named in {@code skip} (documented elsewhere). */
    public static String table(ConfigDef def, Set<String> skip) {
        StringBuilder md = new StringBuilder("| key | runtime | default | allowed | meaning |\n|---|---|---|---|---|\n");
        for (ConfigKey<?> k : def.keys()) {
            if (skip.contains(k.name())) {
                continue;
            }
            String d = k.defaultText();
            md.append("| `").append(k.name()).append("` | ").append(k.runtime() ? "yes" : "no").append(" | ")
              .append(d.isEmpty() ? "(none)" : "`" + escape(d) + "`").append(" | ")
              .append(escape(k.allowed())).append(" | ").append(escape(k.doc()));
            if (!k.aliases().isEmpty()) {
                md.append(" Also accepted as ").append(String.join(", ", k.aliases().stream().map(a -> "`" + a + "`").toList()))
                  .append(" (Apache RocketMQ's name).");
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    /**
     * One row per key Apache RocketMQ knows: honoured when one of {@code ours} defines it, else ignored and why.
     */
    public static String compatibility(ForeignKeys foreign, List<ConfigDef> ours) {
        StringBuilder md = new StringBuilder("| RocketMQ key | in FerryMQ |\n|---|---|\n");
        for (String name : foreign.names()) {
            ConfigDef owner = null;
            for (ConfigDef d : ours) {
                if (d.contains(name)) {
                    owner = d;
                    break;
                }
            }
            md.append("| `").append(name).append("` | ")
              .append(owner != null ? honoured(owner, name)
                      : "ignored: " + escape(foreign.reasonIgnored(name)))
              .append(" |\n");
        }
        return md.toString();
    }

    private static String honoured(ConfigDef owner, String name) {
        String canonical = owner.key(name).name();
        return "honoured (" + owner.component() + (canonical.equals(name) ? " key" : " key `" + canonical + "`") + ")";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
