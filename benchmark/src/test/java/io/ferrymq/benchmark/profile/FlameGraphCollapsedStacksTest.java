package io.ferrymq.benchmark.profile;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlameGraphCollapsedStacksTest {

    @Test
    void stacksWithACommonPrefixShareItsFramesAndAddTheirWeights() throws IOException {
        FrameNode root = parse("main;work;parse 5\nmain;work;write 3\nmain;idle 2\n");
        assertEquals(10, root.weight());
        assertEquals(10, root.child("main").weight());
        assertEquals(8, root.child("main").child("work").weight());
        assertEquals(5, root.child("main").child("work").child("parse").weight());
        assertEquals(2, root.child("main").child("idle").weight());
    }

    @Test
    void theWeightIsWhatFollowsTheLastSpaceSoFrameNamesMayHoldSpaces() throws IOException {
        FrameNode root = parse("[thread main];java.lang.Thread.run 4\n\n");
        assertEquals(4, root.child("[thread main]").child("java.lang.Thread.run").weight());
    }

    @Test
    void includeKeepsOnlyStacksWithAMatchingFrame() throws IOException {
        FrameNode root = CollapsedStacks.parse(reader("main;io.ferrymq.Store.put 5\nmain;java.util.Map.get 3\n"),
                "all", Pattern.compile("ferrymq"));
        assertEquals(5, root.weight());
        assertNull(root.child("main").child("java.util.Map.get"));
    }

    @Test
    void aLineWithoutAWeightIsRejectedNamingItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("main;work 5\nmain;work\n"));
        assertTrue(e.getMessage().startsWith("collapsed stacks line 2: no weight after the stack"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": main;work"), e.getMessage());
    }

    @Test
    void aWeightThatIsNotAWholeNumberIsRejectedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("main;work 5\n\nmain;work 2.5\n"));
        assertTrue(e.getMessage().startsWith("collapsed stacks line 3: weight '2.5' is not a whole number"),
                e.getMessage());
    }

    @Test
    void negativeWeightsAndEmptyFramesAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("main -1\n")).getMessage()
                .startsWith("collapsed stacks line 1: weight -1 is negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("main;;work 1\n")).getMessage()
                .startsWith("collapsed stacks line 1: empty frame name"));
    }

    private static FrameNode parse(String text) throws IOException {
        return CollapsedStacks.parse(reader(text), "all");
    }

    private static BufferedReader reader(String text) {
        return new BufferedReader(new StringReader(text));
    }
}
