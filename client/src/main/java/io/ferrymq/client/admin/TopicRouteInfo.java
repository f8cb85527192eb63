package io.ferrymq.client.admin;

import java.util.List;

/**
 * A topic's route as the name server gives it.
 *
 * @param topic   the topic
 * @param queues  queue counts and permission per broker group
 * @param brokers broker groups holding the topic
 */
public record TopicRouteInfo(String topic, List<Queues> queues, List<BrokerGroup> brokers) {
    /**
     * Queues of one broker group.
     *
     * @param perm permission bits: 2 write, 4 read, 1 inherit
     */
    public record Queues(String brokerName, int readQueueNums, int writeQueueNums, int perm) {
    }
}
