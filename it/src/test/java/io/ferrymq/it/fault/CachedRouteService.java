package io.ferrymq.it.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Fault 8's "healthy groups keep serving from cached routes": while name servers are down, clients send with the
 * routes they already hold, so every group goes on acknowledging sends. Measured per group as the longest time
 * inside the window without a SEND_OK from it (from the window's start to the first, between consecutive ones, from
 * the last to the window's end), against {@link #GAP_LIMIT_MILLIS}.
 */
final class CachedRouteService {
    /** Producers send every 25 ms or so: 2 s without a SEND_OK from a group is not "keeps serving". */
    static final long GAP_LIMIT_MILLIS = 2000;

    private CachedRouteService() {
    }

    /**
     * The longest gap between SEND_OKs from {@code brokerName} (by their end) inside {@code [fromMillis, toMillis]},
     * as a {@link Deadline} that never happened (-1) when the group acknowledged nothing in the window.
     */
    static Deadline longestGap(List<SendRecord> sends, String brokerName, String window, long fromMillis,
                               long toMillis) {
        List<Long> acks = new ArrayList<>();
        int failed = 0;
        for (SendRecord s : sends) {
            if (!brokerName.equals(Queues.brokerName(s.queue())) || s.endMillis() < fromMillis
                    || s.endMillis() > toMillis) {
                continue;
            }
            if (s.outcome() == Outcome.OK) {
                acks.add(s.endMillis());
            } else {
                failed++;
            }
        }
        acks.sort(null);
        long gap = -1;
        if (!acks.isEmpty()) {
            long previous = fromMillis;
            gap = 0;
            for (long t : acks) {
                gap = Math.max(gap, t - previous);
                previous = t;
            }
            gap = Math.max(gap, toMillis - previous);
        }
        return new Deadline(String.format("%s kept acknowledging while %s (%d SEND_OK, %d not; longest gap)",
                brokerName, window, acks.size(), failed), gap, GAP_LIMIT_MILLIS);
    }
}
