package io.ferrymq.console.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every alert rule: one built-in rule per condition (all targets, the condition's defaults; editable, and reset by
 * deleting it) and the overrides people add. Immutable: a change makes a new book, so readers on other threads
 * always see a whole one.
 */
public final class RuleBook {
    private final Map<String, Rule> rules;
    private final Set<String> fromConfig;

    private RuleBook(Map<String, Rule> rules, Set<String> fromConfig) {
        this.rules = Collections.unmodifiableMap(rules);
        this.fromConfig = Set.copyOf(fromConfig);
    }

    /** The built-in rules only. */
    public static RuleBook defaults() {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (Condition c : Condition.values()) {
            m.put(c.id(), Rule.builtIn(c));
        }
        return new RuleBook(m, Set.of());
    }

    /** This book with {@code rule} added or replacing the rule of the same id. */
    public RuleBook with(Rule rule) {
        Map<String, Rule> m = new LinkedHashMap<>(rules);
        Rule builtIn = m.get(rule.id());
        boolean isBuiltIn = builtIn != null && builtIn.builtIn();
        if (isBuiltIn && rule.condition() != builtIn.condition()) {
            throw new IllegalArgumentException("rule " + rule.id() + " is the built-in rule of " + builtIn.condition()
                    .id() + "; its condition cannot change (add a rule with another id)");
        }
        m.put(rule.id(), isBuiltIn == rule.builtIn() ? rule : copy(rule, isBuiltIn));
        return new RuleBook(m, fromConfig);
    }

    /** This book with {@code rule} set from the console configuration (not changeable through the API). */
    public RuleBook withConfigured(Rule rule) {
        RuleBook b = with(rule);
        Set<String> cfg = new java.util.HashSet<>(fromConfig);
        cfg.add(rule.id());
        return new RuleBook(new LinkedHashMap<>(b.rules), cfg);
    }

    private static Rule copy(Rule r, boolean builtIn) {
        return Rule.parse(r.id(), r.fields(), builtIn);
    }

    /** This book without rule {@code id}; a built-in rule goes back to its defaults. */
    public RuleBook without(String id) {
        Rule r = rules.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no rule " + id);
        }
        Map<String, Rule> m = new LinkedHashMap<>(rules);
        if (r.builtIn()) {
            m.put(id, Rule.builtIn(r.condition()));
        } else {
            m.remove(id);
        }
        return new RuleBook(m, fromConfig);
    }

    public Rule get(String id) {
        return rules.get(id);
    }

    public Collection<Rule> all() {
        return rules.values();
    }

    /** Whether rule {@code id} comes from the console configuration file. */
    public boolean configured(String id) {
        return fromConfig.contains(id);
    }

    /**
     * The rule that decides {@code condition} for {@code target}: the most specific matching rule (ties: the one
     * added last), or null when none matches. A disabled rule is returned: it switches the condition off.
     */
    public Rule ruleFor(Condition condition, Target target) {
        Rule best = null;
        for (Rule r : rules.values()) {
            if (r.condition() != condition || !r.matches(target)) {
                continue;
            }
            if (best == null || r.specificity() >= best.specificity()) {
                best = r;
            }
        }
        return best;
    }

    /** The rules that are not built-in defaults (what the state file keeps besides edited built-ins). */
    public List<Rule> changed() {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules.values()) {
            if (!r.builtIn() || !r.equals(Rule.builtIn(r.condition()))) {
                out.add(r);
            }
        }
        return out;
    }
}
