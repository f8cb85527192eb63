package io.ferrymq.console.alert;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One alert rule: a {@link Condition}, the targets it applies to (name patterns for set, cluster, broker, topic and
 * group), whether it is on, its thresholds, for-duration, window and repeat interval. Its fields are the keys of
 * {@link #DEF}: a rule given as text (a {@code alert.rule.<id>.<field>} line of the console configuration, a JSON
 * object of the API, the state file) is parsed and checked key by key, an unknown field naming the closest known
 * one. Fields not given take the condition's defaults. Immutable.
 *
 * <p>Several rules of one condition may match a target; the most specific wins ({@link #specificity()}: the
 * number of patterns that are not {@code *}), so a rule for {@code group=orders-*} overrides the built-in rule for
 * all groups, and a disabled rule for {@code group=test-*} turns the condition off for those groups.
 */
public record Rule(String id, Condition condition, boolean enabled, Severity severity, double threshold,
                   double resolveThreshold, long forSeconds, long windowSeconds, long repeatMinutes,
                   NamePattern set, NamePattern cluster, NamePattern broker, NamePattern topic, NamePattern group,
                   boolean builtIn) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("alert rule");
    public static final ConfigKey<Condition> CONDITION = KEYS.define(ConfigKey.custom("condition", Condition.class,
            null, Condition::parse, Condition.ids()).formatter(Condition::id)
            .doc("What the rule watches."));
    public static final ConfigKey<Boolean> ENABLED = KEYS.define(ConfigKey.bool("enabled", true)
            .doc("false turns the condition off for the targets this rule matches."));
    public static final ConfigKey<Severity> SEVERITY = KEYS.define(ConfigKey.enumKey("severity", Severity.class,
            Severity.WARNING).doc("Shown in the UI and notifications."));
    public static final ConfigKey<Double> THRESHOLD = KEYS.define(ConfigKey.custom("threshold", Double.class, null,
            Rule::number, "a number >= 0").validator(Rule::notNegative, "a number >= 0")
            .doc("The alert fires when the figure is above this for forSeconds (default: the condition's)."));
    public static final ConfigKey<Double> RESOLVE = KEYS.define(ConfigKey.custom("resolveThreshold", Double.class,
            null, Rule::number, "a number >= 0, at most threshold").validator(Rule::notNegative,
            "a number >= 0, at most threshold")
            .doc("A firing alert resolves when the figure is at or below this (hysteresis; default: the "
                    + "condition's)."));
    public static final ConfigKey<Long> FOR_SECONDS = KEYS.define(ConfigKey.longKey("forSeconds", -1)
            .range(-1, 7 * 86_400).doc("How long the figure must stay above the threshold before the alert fires "
                    + "(-1: the condition's default)."));
    public static final ConfigKey<Long> WINDOW_SECONDS = KEYS.define(ConfigKey.longKey("windowSeconds", -1)
            .range(-1, 86_400).doc("Window of rising counters (dlq-growing, system-busy, faults-rising; -1: the "
                    + "condition's default)."));
    public static final ConfigKey<Long> REPEAT_MINUTES = KEYS.define(ConfigKey.longKey("repeatMinutes", 0)
            .range(0, 7 * 1440).doc("Notify again after this long while firing and not acknowledged (0: the "
                    + "console's alert.repeatIntervalMinutes)."));
    public static final ConfigKey<String> SET = pattern("set", "Name-server sets the rule applies to.");
    public static final ConfigKey<String> CLUSTER = pattern("cluster", "Clusters the rule applies to.");
    public static final ConfigKey<String> BROKER = pattern("broker",
            "Broker groups or broker addresses the rule applies to (broker and broker-group conditions).");
    public static final ConfigKey<String> TOPIC = pattern("topic",
            "Topics: a group matches when it consumes a matching topic (group conditions).");
    public static final ConfigKey<String> GROUP = pattern("group", "Consumer groups the rule applies to.");
    public static final ConfigDef DEF = KEYS.build();

    private static ConfigKey<String> pattern(String name, String doc) {
        return KEYS.define(ConfigKey.string(name, "*").validator(p -> NamePattern.parse(p),
                "a name pattern: * any run of characters, ? one character").doc(doc));
    }

    private static Double number(String text) {
        try {
            double d = Double.parseDouble(text);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    private static void notNegative(Double d) {
        if (d < 0) {
            throw new IllegalArgumentException("negative");
        }
    }

    /** The built-in rule of a condition: all targets, the condition's defaults. */
    public static Rule builtIn(Condition c) {
        return parse(c.id(), Map.of("condition", c.id()), true);
    }

    /**
     * Parses a rule from its fields as text; throws {@link ConfigException} (an IllegalArgumentException) naming the
     * field and what is allowed.
     */
    public static Rule parse(String id, Map<String, String> fields, boolean builtIn) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ConfigException("id", "rule id '" + id + "' must be 1 to 64 lower-case letters, digits, "
                    + "'_', '.' or '-', starting with a letter or digit");
        }
        ConfigValues v = DEF.defaults();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().equals("id") || e.getKey().equals("builtIn")) {
                continue;
            }
            try {
                v.setText(e.getKey(), e.getValue());
            } catch (ConfigException ex) {
                throw new ConfigException(ex.key(), "rule " + id + ": " + ex.getMessage(), ex);
            }
        }
        Condition c = v.get(CONDITION);
        if (c == null && !fields.containsKey("condition")) {
            // a rule named after a condition (the built-in rules' ids) is of that condition
            for (Condition x : Condition.values()) {
                if (x.id().equals(id)) {
                    c = x;
                }
            }
        }
        if (c == null) {
            throw new ConfigException("condition", "rule " + id + ": config 'condition' must be set (allowed: "
                    + Condition.ids() + ")");
        }
        double threshold = v.get(THRESHOLD) == null ? c.defaultThreshold() : v.get(THRESHOLD);
        double resolve = v.get(RESOLVE) == null ? Math.min(threshold, c.defaultResolveThreshold()
                * (v.get(THRESHOLD) == null || c.defaultThreshold() == 0 ? 1 : threshold / c.defaultThreshold()))
                : v.get(RESOLVE);
        if (resolve > threshold) {
            throw new ConfigException("resolveThreshold", "rule " + id + ": resolveThreshold " + resolve
                    + " is above threshold " + threshold + "; give a value at most the threshold (hysteresis)");
        }
        long forSeconds = v.get(FOR_SECONDS) < 0 ? c.defaultForSeconds() : v.get(FOR_SECONDS);
        long window = v.get(WINDOW_SECONDS) < 0 ? c.defaultWindowSeconds() : v.get(WINDOW_SECONDS);
        return new Rule(id, c, v.get(ENABLED), v.get(SEVERITY), threshold, resolve, forSeconds, window,
                v.get(REPEAT_MINUTES), NamePattern.parse(v.get(SET)), NamePattern.parse(v.get(CLUSTER)),
                NamePattern.parse(v.get(BROKER)), NamePattern.parse(v.get(TOPIC)), NamePattern.parse(v.get(GROUP)),
                builtIn);
    }

    /** The rule's fields as text, as {@link #parse} reads them back. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("condition", condition.id());
        m.put("enabled", Boolean.toString(enabled));
        m.put("severity", severity.name());
        m.put("threshold", num(threshold));
        m.put("resolveThreshold", num(resolveThreshold));
        m.put("forSeconds", Long.toString(forSeconds));
        m.put("windowSeconds", Long.toString(windowSeconds));
        m.put("repeatMinutes", Long.toString(repeatMinutes));
        m.put("set", set.toString());
        m.put("cluster", cluster.toString());
        m.put("broker", broker.toString());
        m.put("topic", topic.toString());
        m.put("group", group.toString());
        return m;
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Whether the rule's patterns match the target. */
    public boolean matches(Target t) {
        if (!set.matches(t.set()) || !cluster.matches(t.cluster())) {
            return false;
        }
        return switch (t.kind()) {
            case GROUP -> group.matches(t.group()) && topic.matchesAny(t.topics()) && broker.any();
            case BROKER -> (broker.matches(t.brokerGroup()) || broker.matches(t.broker())) && group.any()
                    && topic.any();
            case BROKER_GROUP -> broker.matches(t.brokerGroup()) && group.any() && topic.any();
        };
    }

    /** How many patterns are not {@code *}: the most specific matching rule wins. */
    public int specificity() {
        int n = 0;
        for (NamePattern p : new NamePattern[] {set, cluster, broker, topic, group}) {
            n += p.any() ? 0 : 1;
        }
        return n;
    }

    /** Whether a figure fires the rule. */
    public boolean breached(double value) {
        return value > threshold;
    }

    /** Whether a firing alert's figure resolves it. */
    public boolean cleared(double value) {
        return value <= resolveThreshold;
    }
}
