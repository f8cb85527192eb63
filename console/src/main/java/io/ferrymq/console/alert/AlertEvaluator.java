package io.ferrymq.console.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the observations of one round into alert state and the events to notify, without storms:
 * <ul>
 *   <li>a figure above the threshold makes a <em>pending</em> alert; it <em>fires</em> once it has stayed above for
 *       the rule's for-duration (a figure back at or under the threshold before then drops it silently);</li>
 *   <li>a firing alert <em>resolves</em> only when the figure is at or below the resolve threshold (hysteresis), so
 *       a figure wobbling around the threshold neither resolves nor fires again;</li>
 *   <li>one notification when it fires and one when it resolves; while it fires, one repeat per repeat interval
 *       unless acknowledged; a silenced alert notifies nothing, and is notified when the silence ends if it still
 *       fires; a resolution is notified whenever the firing was;</li>
 *   <li>an alert whose target is not observed in a complete round (group or broker gone) resolves; a figure that
 *       cannot be read this round ({@link Observation#known()} false) leaves the alert as it is.</li>
 * </ul>
 * Owned by one thread (the alert worker; a test thread in tests): not thread-safe. Time is what the caller says.
 */
public final class AlertEvaluator {
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final AlertHistory history;
    private final long defaultRepeatMillis;
    private long nextId = 1;

    public AlertEvaluator(AlertHistory history, long defaultRepeatMillis) {
        this.history = history;
        this.defaultRepeatMillis = defaultRepeatMillis;
    }

    /**
     * Evaluates one round.
     *
     * @param now           wall time of the round
     * @param observations  the figures read this round
     * @param completeSets  name-server sets whose every target was observed (an alert of such a set that was not
     *                      observed resolves: its target is gone)
     * @param rules         the rules in force
     * @param silences      the silences (expired ones are ignored)
     * @return the events to notify, in alert order (empty when nothing is to be said)
     */
    public List<AlertEvent> evaluate(long now, Collection<Observation> observations, Set<String> completeSets,
                                     RuleBook rules, Collection<Silence> silences) {
        List<AlertEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Observation o : observations) {
            String key = o.alertKey();
            seen.add(key);
            Alert a = alerts.get(key);
            Rule r = rules.ruleFor(o.condition(), o.target());
            if (r == null || !r.enabled()) {
                if (a != null) {
                    end(a, now, "rule " + (r == null ? "removed" : r.id() + " disabled"), events);
                }
                continue;
            }
            if (!o.known()) {
                if (a != null) {
                    alerts.put(key, a.withEvidence(merge(a.evidence(), o.evidence())));
                }
                continue;
            }
            if (a == null) {
                if (!r.breached(o.value())) {
                    continue;
                }
                a = new Alert(nextId++, key, o.condition(), o.target(), r.id(), r.severity(), Alert.Status.PENDING,
                        o.value(), r.threshold(), r.resolveThreshold(), o.evidence(), now, 0, 0, 0, false, "", 0, 0);
            } else {
                a = a.observed(r, o);
            }
            long silence = silencedBy(r, o.target(), o.condition(), silences, now);
            if (a.status() == Alert.Status.PENDING) {
                if (!r.breached(o.value())) {
                    alerts.remove(key);
                    continue;
                }
                if (now - a.pendingSince() < r.forSeconds() * 1000) {
                    alerts.put(key, a);
                    continue;
                }
                a = a.status(Alert.Status.FIRING, now);
                history.add(now, "FIRED", a.id(), subject(a), "console", figures(a));
            } else if (r.cleared(o.value())) {
                end(a, now, "figure " + fmt(o.value()) + " at or below " + fmt(r.resolveThreshold()), events);
                continue;
            }
            // firing (just now or before)
            if (silence != 0) {
                if (a.silencedBy() != silence) {
                    history.add(now, "SILENCED", a.id(), subject(a), "console", "by silence " + silence);
                }
                alerts.put(key, a.silenced(silence));
                continue;
            }
            a = a.silenced(0);
            if (!a.notified()) {
                a = a.notifiedAt(now);
                events.add(new AlertEvent(AlertEvent.Type.FIRING, a));
            } else if (!a.acknowledged() && now - a.lastNotifiedAt() >= repeatMillis(r)) {
                a = a.notifiedAt(now);
                events.add(new AlertEvent(AlertEvent.Type.REPEAT, a));
            }
            alerts.put(key, a);
        }
        for (Iterator<Alert> it = new ArrayList<>(alerts.values()).iterator(); it.hasNext(); ) {
            Alert a = it.next();
            if (!seen.contains(a.key()) && completeSets.contains(a.target().set())) {
                end(a, now, "target no longer present", events);
            }
        }
        return events;
    }

    private void end(Alert a, long now, String why, List<AlertEvent> events) {
        alerts.remove(a.key());
        if (a.status() != Alert.Status.FIRING) {
            return;
        }
        Alert r = a.status(Alert.Status.RESOLVED, now);
        history.add(now, "RESOLVED", a.id(), subject(a), "console", why);
        // Whoever was told it fired is told it resolved, even if it was silenced since.
        if (r.notified()) {
            events.add(new AlertEvent(AlertEvent.Type.RESOLVED, r));
        }
    }

    private long repeatMillis(Rule r) {
        return r.repeatMinutes() > 0 ? r.repeatMinutes() * 60_000 : defaultRepeatMillis;
    }

    private static long silencedBy(Rule r, Target t, Condition c, Collection<Silence> silences, long now) {
        for (Silence s : silences) {
            if (s.active(now) && s.mutes(r.id(), c, t)) {
                return s.id();
            }
        }
        return 0;
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** Acknowledges firing alert {@code id}: no repeats until it resolves. False when there is no such alert. */
    public boolean acknowledge(long id, String user, long now) {
        for (Alert a : alerts.values()) {
            if (a.id() == id && a.firing()) {
                alerts.put(a.key(), a.acknowledged(user, now));
                history.add(now, "ACKNOWLEDGED", id, subject(a), user, "");
                return true;
            }
        }
        return false;
    }

    /** Alerts now pending or firing, in the order they appeared. */
    public List<Alert> alerts() {
        return new ArrayList<>(alerts.values());
    }

    /** Puts back alerts from the state file: a firing alert that was notified stays so, and is not notified again. */
    public void restore(Collection<Alert> saved, long savedNextId) {
        alerts.clear();
        long max = 0;
        for (Alert a : saved) {
            alerts.put(a.key(), a);
            max = Math.max(max, a.id());
        }
        nextId = Math.max(savedNextId, max + 1);
    }

    public long nextId() {
        return nextId;
    }

    public static String subject(Alert a) {
        return a.condition().id() + " " + a.target().name() + " (" + a.target().set() + ")";
    }

    private static String figures(Alert a) {
        return "value " + fmt(a.value()) + " > threshold " + fmt(a.threshold());
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.3f", d);
    }
}
