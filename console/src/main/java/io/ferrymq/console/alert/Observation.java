package io.ferrymq.console.alert;

import java.util.Map;

/**
 * One figure of one condition for one target, read in one evaluation round. {@code value} is NaN when the figure
 * cannot be read this round (a broker did not answer, a rising counter has no earlier sample yet): the alert then
 * keeps its state instead of resolving. {@code evidence} holds the figures a person needs to judge it (shown in
 * the UI, the hint and the notification).
 */
public record Observation(Condition condition, Target target, double value, Map<String, String> evidence) {
    public Observation {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    public static Observation of(Condition c, Target t, double value, Map<String, String> evidence) {
        return new Observation(c, t, value, evidence);
    }

    /** The figure is unknown this round. */
    public static Observation unknown(Condition c, Target t, String why) {
        return new Observation(c, t, Double.NaN, Map.of("unknown", why));
    }

    public boolean known() {
        return !Double.isNaN(value);
    }

    /** The alert's identity: condition and target. */
    public String alertKey() {
        return condition.id() + " " + target.key();
    }
}
