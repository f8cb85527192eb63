package io.ferrymq.store;

/** Which offset {@link MessageStore#offsetByTime} returns when several messages share the timestamp. */
public enum TimeBoundary {
    /** The first message stored at or after the timestamp. */
    LOWER,
    /** The last message stored at or before the timestamp. */
    UPPER
}
