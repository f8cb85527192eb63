package io.ferrymq.console.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a snapshot round spends its call budget: names never seen first, then every name in rotation. */
class SnapshotRoundTest {
    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("t%03d", i));
        }
        return out;
    }

    @Test
    void namesNeverSeenComeFirst() {
        List<String> all = names(10);
        Set<String> known = new HashSet<>(all.subList(0, 8));
        Map.Entry<Set<String>, Integer> p = SnapshotService.pick(all, known, 3, 0);
        assertEquals(3, p.getKey().size());
        assertTrue(p.getKey().containsAll(Set.of("t008", "t009")), p.getKey().toString());
    }

    @Test
    void everyNameIsVisitedWithinCeilOfNamesOverBudgetRounds() {
        List<String> all = names(10);
        Set<String> known = new HashSet<>(all);
        Set<String> seen = new HashSet<>();
        int cursor = 0;
        for (int round = 0; round < 4; round++) {
            Map.Entry<Set<String>, Integer> p = SnapshotService.pick(all, known, 3, cursor);
            assertTrue(p.getKey().size() <= 3);
            seen.addAll(p.getKey());
            cursor = p.getValue();
        }
        assertEquals(new HashSet<>(all), seen);
    }

    @Test
    void aBudgetAboveTheNamesTakesThemAll() {
        List<String> all = names(5);
        assertEquals(new HashSet<>(all), SnapshotService.pick(all, Set.of(), 100, 7).getKey());
        assertEquals(Set.of(), SnapshotService.pick(List.of(), Set.of(), 100, 3).getKey());
    }
}
