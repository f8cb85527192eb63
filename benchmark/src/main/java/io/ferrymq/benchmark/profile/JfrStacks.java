package io.ferrymq.benchmark.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Merges the stacks of one kind of event in a JFR recording into a call tree, using the JDK's own reader
 * ({@code jdk.jfr.consumer}), so that the event type is matched exactly (see {@link ProfileEvent#CPU}).
 *
 * <p>Frames are named {@code package.Class.method}. Hidden-class addresses ({@code Foo$$Lambda$93+0x00007f12...})
 * are dropped so that two runs name the same lambda alike. JFR cuts stacks deeper than its stackdepth (64 by
 * default) at the root end; such stacks hang under a "[truncated stack]" frame instead of passing for
 * shallow ones.
 */
public final class JfrStacks {

    static final String TRUNCATED = "[truncated stack]";
    static final String NO_STACK = "[no stack]";
    private static final Pattern HIDDEN_CLASS_ADDRESS = Pattern.compile("[/+]0x[0-9a-fA-F]+(\\.[0-9]+)?$");

    /** The merged tree and how many events went into it. */
    public record Profile(FrameNode root, long events, long excluded) {
    }

    private JfrStacks() {
    }

    /**
     * Reads every {@code event} in {@code recording}; when {@code include} is not null, keeps only stacks with a
     * frame that matches it (anywhere in the frame name) and counts the others as excluded.
     */
    public static Profile read(Path recording, ProfileEvent event, Pattern include) throws IOException {
        FrameNode root = new FrameNode("all");
        long events = 0;
        long excluded = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals(event.eventType())) {
                    continue;
                }
                List<String> stack = stackOf(e.getStackTrace());
                if (!included(stack, include)) {
                    excluded++;
                    continue;
                }
                root.add(stack, event.weightOf(e));
                events++;
            }
        }
        return new Profile(root, events, excluded);
    }

    /** True when there is no filter or a frame of {@code stack} matches it (anywhere in the frame name). */
    static boolean included(List<String> stack, Pattern include) {
        return include == null || stack.stream().anyMatch(f -> include.matcher(f).find());
    }

    /** The stack outermost frame first, as flame graphs draw it bottom-up. */
    static List<String> stackOf(RecordedStackTrace trace) {
        if (trace == null) {
            return List.of(NO_STACK);
        }
        List<String> stack = new ArrayList<>(trace.getFrames().size() + 1);
        for (RecordedFrame frame : trace.getFrames()) {
            stack.add(frameName(frame));
        }
        if (trace.isTruncated()) {
            stack.add(TRUNCATED);
        }
        Collections.reverse(stack);
        return stack;
    }

    private static String frameName(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "[unknown]";
        }
        String type = HIDDEN_CLASS_ADDRESS.matcher(frame.getMethod().getType().getName()).replaceFirst("");
        return type + "." + frame.getMethod().getName();
    }
}
