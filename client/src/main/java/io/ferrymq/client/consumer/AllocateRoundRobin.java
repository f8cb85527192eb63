package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * Deals queues like cards (RocketMQ's AllocateMessageQueueAveragelyByCircle): consumer {@code i} takes queues
 * {@code i, i + c, i + 2c, ...}. Spreads each broker's queues over consumers.
 */
public final class AllocateRoundRobin implements AllocateStrategy {
    @Override
    public List<MessageQueue> allocate(String group, String currentId, List<MessageQueue> queues,
                                       List<String> consumerIds) {
        List<MessageQueue> out = new ArrayList<>();
        int index = consumerIds.indexOf(currentId);
        if (index < 0) {
            return out;
        }
        for (int i = index; i < queues.size(); i += consumerIds.size()) {
            out.add(queues.get(i));
        }
        return out;
    }

    @Override
    public String name() {
        return "AVG_BY_CIRCLE";
    }
}
