package io.ferrymq.it.fault;

/**
 * What the schedule did and when (for the report and the history file).
 *
 * @param timeMillis wall clock
 * @param what       e.g. "kill -9 broker-a-0 (pid 1234)"
 */
public record FaultEvent(long timeMillis, String what) {
}
