package io.ferrymq.it.fault;

/**
 * A time the issue puts a bound on, as measured in a run: e.g. "route to broker-a-1 removed after the cut" took
 * {@code millis} (-1: it never happened within the watch) against {@code limitMillis}.
 *
 * @param what        what was measured, from which event
 * @param millis      how long it took, or -1 when it did not happen while watched
 * @param limitMillis the bound
 */
public record Deadline(String what, long millis, long limitMillis) {

    public boolean met() {
        return millis >= 0 && millis <= limitMillis;
    }

    @Override
    public String toString() {
        return String.format("%s: %s (limit %.1f s)", what, millis < 0 ? "never" : String.format("%.1f s",
                millis / 1000.0), limitMillis / 1000.0);
    }
}
