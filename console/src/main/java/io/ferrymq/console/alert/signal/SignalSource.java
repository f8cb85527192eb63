package io.ferrymq.console.alert.signal;

import io.ferrymq.console.alert.Observation;
import io.ferrymq.console.alert.RuleBook;

import java.util.List;
import java.util.Set;

/** Where the evaluator's figures come from: the clusters in production, a script in tests. */
public interface SignalSource {
    /**
     * Reads one round of figures. Called on the alert worker's thread only.
     *
     * @param now   wall time of the round
     * @param rules the rules in force (windows of rising counters; conditions switched off need no calls)
     */
    Round collect(long now, RuleBook rules);

    /**
     * One round.
     *
     * @param observations every figure read, one per condition and target (healthy targets included)
     * @param completeSets sets whose every target was seen this round
     */
    record Round(List<Observation> observations, Set<String> completeSets) {
    }

    /** Brokers remembered (kept in the state file so a broker missing after a console restart is noticed). */
    default List<KnownBroker> knownBrokers() {
        return List.of();
    }

    /** Last consumers seen per group (kept in the state file for hints). */
    default List<LastConsumer> lastConsumers() {
        return List.of();
    }

    /** Puts back what the state file kept. */
    default void restore(List<KnownBroker> brokers, List<LastConsumer> consumers) {
    }

    /** True once after the remembered brokers or consumers changed (the state file needs writing). */
    default boolean takeMemoryChanged() {
        return false;
    }

    /** Calls of its own that failed so far (their figures were unknown for that round). */
    default long callFailures() {
        return 0;
    }
}
