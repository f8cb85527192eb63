package io.ferrymq.client.consumer;

/**
 * Where a consumer group starts on a queue for which it has no committed offset yet. Once an offset is
 * committed, consumption always resumes from it.
 */
public enum ConsumeFromWhere {
    /** Only messages stored from now on (the default). */
    LAST_OFFSET("CONSUME_FROM_LAST_OFFSET"),
    /** Every message still stored. */
    FIRST_OFFSET("CONSUME_FROM_FIRST_OFFSET"),
    /** Messages stored at or after the configured timestamp. */
    TIMESTAMP("CONSUME_FROM_TIMESTAMP");

    private final String wireName;

    ConsumeFromWhere(String wireName) {
        this.wireName = wireName;
    }

    /** Name used in heartbeats (RocketMQ's ConsumeFromWhere). */
    public String wireName() {
        return wireName;
    }
}
