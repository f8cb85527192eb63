package io.ferrymq.store;

import java.util.Collection;

/**
 * Committed consumer offsets, supplied by the broker, so retention can tell whether it is about to delete
 * messages a subscribed group has not consumed. Called from the store's retention thread; must be thread-safe
 * and cheap (a snapshot).
 */
@FunctionalInterface
public interface ConsumedOffsetsView {
    ConsumedOffsetsView NONE = java.util.List::of;

    /** One group's committed offset (next queue offset it will consume) on one queue. */
    record CommittedOffset(String group, String topic, int queueId, long offset) {
    }

    Collection<CommittedOffset> committedOffsets();
}
