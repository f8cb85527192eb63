package io.ferrymq.it.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * What one name server answered, sample by sample, about a route (faults 5 and 8): whether it listed what is
 * watched (a stopped master, or every broker after the name server's restart), did not, or did not answer. Each
 * sample carries the wall clock at which the answer arrived, so a measured time is never shorter than the truth (it
 * may be longer by up to one polling interval).
 *
 * <p>Thread-safe: the polling thread adds, the thread that computes the bounds reads.
 */
final class RouteTimeline {
    /** One name server's answer to a route query. */
    enum Answer {
        LISTED, NOT_LISTED, NO_ANSWER
    }

    /** @param atMillis wall clock when the answer arrived (or the query failed) */
    record Sample(long atMillis, Answer answer) {
    }

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(long atMillis, Answer answer) {
        samples.add(new Sample(atMillis, answer));
    }

    /**
     * Millis from {@code fromMillis} to the first sample in {@code [fromMillis, untilMillis]} that answered
     * {@code want}, or -1 when none did. A name server that did not answer (down, still starting) says nothing
     * either way.
     */
    synchronized long firstAnswer(Answer want, long fromMillis, long untilMillis) {
        for (Sample s : samples) {
            if (s.atMillis() >= fromMillis && s.atMillis() <= untilMillis && s.answer() == want) {
                return s.atMillis() - fromMillis;
            }
        }
        return -1;
    }

    synchronized int size() {
        return samples.size();
    }
}
