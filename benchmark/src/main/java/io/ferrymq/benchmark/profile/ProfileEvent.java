package io.ferrymq.benchmark.profile;

import jdk.jfr.consumer.RecordedEvent;

/**
 * The JFR events a flame graph can be drawn from, each with what one stack's weight means.
 *
 * <p>CPU reads {@code jdk.ExecutionSample} only. JFR writes threads that sit in native code (a selector in
 * {@code epoll_wait}, a blocked {@code accept}) as {@code jdk.NativeMethodSample}; those threads use no CPU, and
 * async-profiler's converter merges them into its default profile of a JDK recording (44% of the "CPU" samples
 * of a test program with three idle acceptors), which is why this tool reads the recording itself.
 */
public enum ProfileEvent {
    /** One sample of a thread running Java code; settings=profile takes one every 10 ms (up to 5 threads). */
    CPU("jdk.ExecutionSample", "samples", "CPU"),
    /** A throttled allocation sample; its weight is the bytes allocated since the thread's previous sample. */
    ALLOC("jdk.ObjectAllocationSample", "bytes", "allocations"),
    /** A thread that waited to enter a monitor (settings=profile: waits of 10 ms or more), weighted by the wait. */
    LOCK("jdk.JavaMonitorEnter", "us", "monitor contention");

    private final String eventType;
    private final String unit;
    private final String label;

    ProfileEvent(String eventType, String unit, String label) {
        this.eventType = eventType;
        this.unit = unit;
        this.label = label;
    }

    public String eventType() {
        return eventType;
    }

    /** What a weight counts, as shown in the graph: samples, bytes or us (microseconds). */
    public String unit() {
        return unit;
    }

    /** Short name for titles: "CPU", "allocations", "monitor contention". */
    public String label() {
        return label;
    }

    long weightOf(RecordedEvent event) {
        return switch (this) {
            case CPU -> 1;
            case ALLOC -> event.getLong("weight");
            case LOCK -> event.getDuration().toNanos() / 1000;
        };
    }

    /** Parses the command-line spelling: cpu, alloc or lock. */
    public static ProfileEvent parse(String text) {
        for (ProfileEvent e : values()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown event '" + text + "': expected cpu, alloc or lock");
    }
}
