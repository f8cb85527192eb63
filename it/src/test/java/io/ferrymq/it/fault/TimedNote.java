package io.ferrymq.it.fault;

/**
 * Something noted at a time: a membership change of a churning group, or the queues it had wrongly owned.
 *
 * @param timeMillis wall clock
 * @param what       the note
 */
public record TimedNote(long timeMillis, String what) {
}
