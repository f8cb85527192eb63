package io.ferrymq.it.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What to break, when and for how long, as data: a run is replayed by giving the same schedule again (its text
 * form, steps separated by {@code ;}, is printed by every run and written to its history file).
 *
 * @param steps the steps in start order
 * @param quietTailMillis how long the workload keeps running after the last step was undone
 */
public record FaultSchedule(List<FaultStep> steps, long quietTailMillis) {

    public FaultSchedule {
        List<FaultStep> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingLong(FaultStep::atMillis));
        steps = List.copyOf(sorted);
    }

    /** Parses {@code step; step; ... | tail=MILLIS} (the form {@link #toString()} writes). */
    public static FaultSchedule parse(String text) {
        String[] parts = text.split("\\|");
        long tail = 5000;
        if (parts.length > 1) {
            String t = parts[1].trim();
            if (!t.startsWith("tail=")) {
                throw new IllegalArgumentException("after '|' a schedule has 'tail=MILLIS', not '" + t + "'");
            }
            tail = Long.parseLong(t.substring(5));
        }
        List<FaultStep> steps = new ArrayList<>();
        for (String s : parts[0].split(";")) {
            if (!s.isBlank()) {
                steps.add(FaultStep.parse(s));
            }
        }
        return new FaultSchedule(steps, tail);
    }

    /** When the last step is undone. */
    public long endMillis() {
        long end = 0;
        for (FaultStep s : steps) {
            end = Math.max(end, s.atMillis() + s.forMillis());
        }
        return end;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (FaultStep s : steps) {
            sb.append(sb.isEmpty() ? "" : "; ").append(s);
        }
        return sb.append(" | tail=").append(quietTailMillis).toString();
    }
}
