package io.ferrymq.console.alert;

import io.ferrymq.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules are typed, validated configuration; errors name the field and what is allowed. */
class RuleTest {
    @Test
    void fieldsNotGivenTakeTheConditionsDefaults() {
        Rule r = Rule.parse("disk", Map.of("condition", "disk-ratio"), false);
        assertEquals(0.85, r.threshold());
        assertEquals(0.80, r.resolveThreshold());
        assertEquals(120, r.forSeconds());
        assertTrue(r.enabled());
        assertEquals(Rule.parse("disk", r.fields(), false), r, "fields() reads back to the same rule");
    }

    @Test
    void aThresholdWithoutResolveThresholdScalesTheDefaultHysteresis() {
        Rule r = Rule.parse("b", Map.of("condition", "group-backlog", "threshold", "100"), false);
        assertEquals(50, r.resolveThreshold());
    }

    @Test
    void badFieldsAreRefusedNamingTheFieldAndWhatIsAllowed() {
        ConfigException e = assertThrows(ConfigException.class, () -> Rule.parse("x", Map.of("condition",
                "group-backlog", "treshold", "5"), false));
        assertTrue(e.getMessage().contains("did you mean 'threshold'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Rule.parse("x", Map.of("condition", "group-backlog",
                "threshold", "10", "resolveThreshold", "20"), false));
        assertEquals("resolveThreshold", e.key());
        e = assertThrows(ConfigException.class, () -> Rule.parse("x", Map.of("condition", "nope"), false));
        assertTrue(e.getMessage().contains("group-backlog"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Rule.parse("x", Map.of("condition", "group-backlog",
                "forSeconds", "-5"), false));
        assertTrue(e.getMessage().contains("-1 .. 604800"), e.getMessage());
        assertThrows(ConfigException.class, () -> Rule.parse("x", Map.of("condition", "group-backlog", "group",
                "a b"), false));
        assertThrows(ConfigException.class, () -> Rule.parse("Bad Id", Map.of("condition", "group-backlog"), false));
        assertThrows(ConfigException.class, () -> Rule.parse("x", Map.of(), false));
    }

    @Test
    void patternsMatchTargetsByTheirNames() {
        Rule r = Rule.parse("x", Map.of("condition", "group-backlog", "group", "orders-*", "topic", "Ord?rs"), false);
        assertTrue(r.matches(Target.group("local", "", "orders-eu", Set.of("Orders", "Audit"))));
        assertFalse(r.matches(Target.group("local", "", "orders-eu", Set.of("Audit"))));
        assertFalse(r.matches(Target.group("local", "", "payments", Set.of("Orders"))));
        Rule b = Rule.parse("y", Map.of("condition", "disk-ratio", "broker", "broker-a"), false);
        assertTrue(b.matches(Target.broker("local", "c", "broker-a", "10.0.0.1:10911")));
        assertFalse(b.matches(Target.broker("local", "c", "broker-b", "10.0.0.2:10911")));
        assertEquals(1, b.specificity());
    }

    @Test
    void settingsAreCheckedKeyByKeyAndCarryRules() {
        AlertSettings s = AlertSettings.parse(Map.of("evaluateIntervalMillis", "500", "webhook.urls",
                "http://127.0.0.1:1/a, http://127.0.0.1:1/b", "rule.orders.condition", "group-backlog",
                "rule.orders.threshold", "10"));
        assertEquals(500, s.evaluateIntervalMillis());
        assertEquals(2, s.webhookUrls().size());
        assertEquals(10, s.rules().get(0).threshold());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertSettings.parse(Map.of(
                "evaluateIntervalMilis", "5", "webhook.urls", "ftp://x", "mail.smtpHost", "smtp")));
        assertTrue(e.getMessage().contains("did you mean 'evaluateIntervalMillis'"), e.getMessage());
        assertTrue(e.getMessage().contains("ftp://x"), e.getMessage());
        assertTrue(e.getMessage().contains("alert.mail.from"), e.getMessage());
    }
}
