package io.ferrymq.client.internal;

import io.ferrymq.client.ReceivedMessage;

import java.util.List;

/**
 * Outcome of one pull (docs/protocol.md 2.5): status, where to continue, the queue bounds, which broker id to read
 * from next, and the messages (tag-filtered again on the client).
 */
public record PullResult(Status status, long nextBeginOffset, long minOffset, long maxOffset,
                         long suggestWhichBrokerId, List<ReceivedMessage> messages) {
    /** Pull outcome. */
    public enum Status {
        /** Messages returned. */
        FOUND,
        /** Caught up: nothing new. */
        NO_NEW_MSG,
        /** Entries examined but none matched the filter. */
        NO_MATCHED_MSG,
        /** The requested offset is outside the queue; continue at nextBeginOffset. */
        OFFSET_ILLEGAL
    }
}
