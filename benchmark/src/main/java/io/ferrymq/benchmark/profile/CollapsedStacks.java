package io.ferrymq.benchmark.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the "collapsed stacks" text that flamegraph.pl, async-profiler and most profilers write: one stack a
 * line, outermost frame first, frames separated by {@code ;}, then a space and the stack's weight, e.g.
 * {@code java.lang.Thread.run;io.ferrymq.store.CommitLog.append 42}. Frame names may contain spaces (thread
 * names, "[unknown]"), so the weight is whatever follows the last space. Blank lines are skipped; anything else
 * that does not fit is rejected with its line number, because a silently dropped line is a wrong graph.
 */
public final class CollapsedStacks {

    private CollapsedStacks() {
    }

    /** Merges every line of {@code in} into one tree under a root frame named {@code rootName}. */
    public static FrameNode parse(BufferedReader in, String rootName) throws IOException {
        return parse(in, rootName, null);
    }

    /** As {@link #parse(BufferedReader, String)}, keeping only stacks with a frame that {@code include} finds. */
    public static FrameNode parse(BufferedReader in, String rootName, Pattern include) throws IOException {
        FrameNode root = new FrameNode(rootName);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            addLine(root, line, number, include);
        }
        return root;
    }

    private static void addLine(FrameNode root, String line, int number, Pattern include) {
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
            throw malformed(number, line, "no weight after the stack");
        }
        long weight;
        try {
            weight = Long.parseLong(line.substring(space + 1));
        } catch (NumberFormatException e) {
            throw malformed(number, line, "weight '" + line.substring(space + 1) + "' is not a whole number");
        }
        if (weight < 0) {
            throw malformed(number, line, "weight " + weight + " is negative");
        }
        String[] frames = line.substring(0, space).split(";", -1);
        if (Arrays.stream(frames).anyMatch(String::isEmpty)) {
            throw malformed(number, line, "empty frame name");
        }
        List<String> stack = Arrays.asList(frames);
        if (JfrStacks.included(stack, include)) {
            root.add(stack, weight);
        }
    }

    private static IllegalArgumentException malformed(int number, String line, String why) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return new IllegalArgumentException("collapsed stacks line " + number + ": " + why
                + " (expected 'frame;frame;... weight'): " + shown);
    }
}
