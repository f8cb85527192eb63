package io.ferrymq.broker.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cardinality cap of one label (topic or group): the first {@code limit} values seen get series of their own,
 * every later value is reported as {@value #OTHER}. A value's fate is decided once and never changes, so a
 * counter summed under {@code other} stays monotonic. Decisions are made by the refresh thread; any thread may
 * read them.
 */
final class LabelLimit {
    static final String OTHER = "other";

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    private final Set<String> overflow = ConcurrentHashMap.newKeySet();

    LabelLimit(int limit) {
        this.limit = limit;
    }

    /** The label for {@code value}, deciding its fate on first sight (the refresh thread only). */
    String label(String value) {
        if (admitted.contains(value)) {
            return value;
        }
        if (overflow.contains(value)) {
            return OTHER;
        }
        if (admitted.size() < limit && !OTHER.equals(value)) {
            admitted.add(value);
            return value;
        }
        overflow.add(value);
        return OTHER;
    }

    /** True when {@code value} has a series of its own (already decided; never decides). */
    boolean isAdmitted(String value) {
        return admitted.contains(value);
    }

    int admittedCount() {
        return admitted.size();
    }
}
