package io.ferrymq.broker.ha;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OffsetMergeTest {
    @Test
    void largerOffsetWinsOnEachSide() {
        Map<String, Map<Integer, Long>> master = Map.of("T@G", Map.of(0, 10L, 1, 5L, 2, 7L));
        Map<String, Map<Integer, Long>> slave = Map.of("T@G", Map.of(0, 8L, 1, 9L, 2, 7L));
        OffsetMerge.Plan p = OffsetMerge.plan(master, slave);
        assertEquals(List.of(new OffsetMerge.Entry("T@G", 0, 10L)), p.adopt());
        assertEquals(List.of(new OffsetMerge.Entry("T@G", 1, 9L)), p.push());
    }

    @Test
    void entriesKnownToOneSideOnlyGoToTheOther() {
        Map<String, Map<Integer, Long>> master = Map.of("A@G", Map.of(0, 3L));
        Map<String, Map<Integer, Long>> slave = Map.of("B@G", Map.of(1, 4L), "A@G", Map.of(1, 2L));
        OffsetMerge.Plan p = OffsetMerge.plan(master, slave);
        assertEquals(List.of(new OffsetMerge.Entry("A@G", 0, 3L)), p.adopt());
        assertEquals(2, p.push().size());
        assertEquals(true, p.push().contains(new OffsetMerge.Entry("B@G", 1, 4L)));
        assertEquals(true, p.push().contains(new OffsetMerge.Entry("A@G", 1, 2L)));
    }

    @Test
    void equalTablesNeedNothing() {
        Map<String, Map<Integer, Long>> t = Map.of("T@G", Map.of(0, 1L));
        OffsetMerge.Plan p = OffsetMerge.plan(t, t);
        assertEquals(List.of(), p.adopt());
        assertEquals(List.of(), p.push());
    }

    @Test
    void keysSplitAtTheLastSeparator() {
        assertEquals("%RETRY%G@x", OffsetMerge.topicOf("%RETRY%G@x@grp"));
        assertEquals("grp", OffsetMerge.groupOf("%RETRY%G@x@grp"));
    }
}
