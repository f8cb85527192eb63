package io.ferrymq.it.fault;

import java.util.Optional;

/**
 * Issue 15's route bounds for faults 5 and 8, measured on one name server's {@link RouteTimeline}:
 * <ul>
 *   <li>a master stopped with SIGSTOP keeps its connections open, so the name server drops it only when its
 *       registrations stop arriving: its route is gone within the broker expiry + 1 s of the stop;</li>
 *   <li>it is registered (routed) again within 6 s of SIGCONT;</li>
 *   <li>a name server restarted after being killed routes every broker again within 6 s of its restart.</li>
 * </ul>
 */
final class RouteBounds {
    /** Margin over the broker expiry for the route of a stopped master to be gone (the name server's scan). */
    static final long REMOVAL_MARGIN_MILLIS = 1000;
    static final long REGISTERED_AGAIN_LIMIT_MILLIS = 6000;
    static final long REBUILT_LIMIT_MILLIS = 6000;

    private RouteBounds() {
    }

    /**
     * The route to {@code node} gone from {@code nameServer} between the SIGSTOP ({@code stopMillis}) and the
     * SIGCONT ({@code contMillis}), limit {@code expiryMillis} + 1 s; empty when the stop was too short for the bound
     * to be measurable and the route was not gone meanwhile.
     */
    static Optional<Deadline> removedAfterStop(RouteTimeline t, String nameServer, String node, long stopMillis,
                                               long contMillis, long expiryMillis) {
        long limit = expiryMillis + REMOVAL_MARGIN_MILLIS;
        long took = t.firstAnswer(RouteTimeline.Answer.NOT_LISTED, stopMillis, contMillis);
        if (took < 0 && contMillis - stopMillis < limit) {
            return Optional.empty();
        }
        return Optional.of(new Deadline(nameServer + " stopped routing to " + node + " after its SIGSTOP (expiry "
                + String.format("%.1f s + 1 s)", expiryMillis / 1000.0), took, limit));
    }

    /** The route to {@code node} back on {@code nameServer} after the SIGCONT, by {@code untilMillis}; limit 6 s. */
    static Deadline registeredAfterResume(RouteTimeline t, String nameServer, String node, long contMillis,
                                          long untilMillis) {
        return new Deadline(nameServer + " routed to " + node + " again after its SIGCONT",
                t.firstAnswer(RouteTimeline.Answer.LISTED, contMillis, untilMillis), REGISTERED_AGAIN_LIMIT_MILLIS);
    }

    /** {@code nameServer}, restarted at {@code restartMillis}, routing to every broker by {@code untilMillis}; 6 s. */
    static Deadline rebuiltAfterRestart(RouteTimeline t, String nameServer, long restartMillis, long untilMillis) {
        return new Deadline(nameServer + " routed to every broker again after its restart",
                t.firstAnswer(RouteTimeline.Answer.LISTED, restartMillis, untilMillis), REBUILT_LIMIT_MILLIS);
    }
}
