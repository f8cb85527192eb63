package io.ferrymq.broker.topic;

import java.util.Map;

/**
 * One topic as this broker knows it. Immutable; replaced as a whole on update. Field names are RocketMQ's
 * {@code TopicConfig} names, so the persisted file and the wire bodies read alike.
 *
 * @param topicFilterType {@code SINGLE_TAG} or {@code MULTI_TAG}
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, String topicFilterType,
                          int topicSysFlag, boolean order, Map<String, String> attributes) {
    public static final String SINGLE_TAG = "SINGLE_TAG";
    public static final String MULTI_TAG = "MULTI_TAG";

    public TopicConfig {
        topicFilterType = topicFilterType == null ? SINGLE_TAG : topicFilterType;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static TopicConfig of(String topic, int queues, int perm) {
        return new TopicConfig(topic, queues, queues, perm, SINGLE_TAG, 0, false, Map.of());
    }

    /** Queue ids accepted for writes and reads: below max(read, write). */
    public int maxQueueNums() {
        return Math.max(readQueueNums, writeQueueNums);
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag, order,
                attributes);
    }
}
