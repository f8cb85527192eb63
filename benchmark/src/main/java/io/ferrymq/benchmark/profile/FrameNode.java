package io.ferrymq.benchmark.profile;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One frame of a merged call tree: the weight (samples, bytes or microseconds) of every stack that passes
 * through it, and its callees. Stacks that share a prefix share the nodes of that prefix, which is what makes
 * a flame graph readable. Children are kept in name order, as in Brendan Gregg's flamegraph.pl, so the same
 * profile always draws the same picture.
 */
public final class FrameNode {

    private final String name;
    private final Map<String, FrameNode> children = new TreeMap<>();
    private long weight;

    public FrameNode(String name) {
        this.name = name;
    }

    /** Adds one stack, outermost frame first, with its weight, to this node and the path below it. */
    public void add(List<String> stack, long stackWeight) {
        if (stackWeight < 0) {
            throw new IllegalArgumentException("negative weight " + stackWeight + " for stack " + stack);
        }
        FrameNode node = this;
        node.weight += stackWeight;
        for (String frame : stack) {
            node = node.children.computeIfAbsent(frame, FrameNode::new);
            node.weight += stackWeight;
        }
    }

    public String name() {
        return name;
    }

    /** Weight of every stack through this frame, its callees included. */
    public long weight() {
        return weight;
    }

    /** Callees in name order. */
    public Collection<FrameNode> children() {
        return children.values();
    }

    public FrameNode child(String frame) {
        return children.get(frame);
    }
}
