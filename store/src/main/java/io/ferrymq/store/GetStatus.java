package io.ferrymq.store;

/** Outcome of {@link MessageStore#get} (RocketMQ {@code GetMessageStatus}); see GetResult for next offsets. */
public enum GetStatus {
    /** At least one message returned. */
    FOUND,
    /** Entries were examined but none passed the filter; continue from nextBeginOffset. */
    NO_MATCHED_MESSAGE,
    /** The queue exists but is empty. */
    NO_MESSAGE_IN_QUEUE,
    /** The queue does not exist (never written, or deleted). */
    NO_MATCHED_LOGIC_QUEUE,
    /** offset &lt; minOffset (data was deleted); nextBeginOffset = minOffset. */
    OFFSET_TOO_SMALL,
    /** offset == maxOffset: caught up, nothing new (long-pollable). */
    OFFSET_OVERFLOW_ONE,
    /** offset &gt; maxOffset; nextBeginOffset = maxOffset. */
    OFFSET_OVERFLOW_BADLY,
    /** Entries exist but their messages are gone from the commit log (retention raced the read). */
    OFFSET_FOUND_NULL,
    /** The store is shut down. */
    SERVICE_NOT_AVAILABLE
}
