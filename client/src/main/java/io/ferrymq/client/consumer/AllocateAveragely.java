package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * The default strategy, identical to RocketMQ's AllocateMessageQueueAveragely: contiguous blocks, the first
 * {@code queues mod consumers} consumers take one queue more. 8 queues over 3 consumers give 3/3/2; over 10
 * consumers the last 2 get nothing.
 */
public final class AllocateAveragely implements AllocateStrategy {
    @Override
    public List<MessageQueue> allocate(String group, String currentId, List<MessageQueue> queues,
                                       List<String> consumerIds) {
        List<MessageQueue> out = new ArrayList<>();
        int index = consumerIds.indexOf(currentId);
        if (index < 0 || queues.isEmpty()) {
            return out;
        }
        int n = queues.size();
        int c = consumerIds.size();
        int mod = n % c;
        int count = n <= c ? 1 : (mod > 0 && index < mod ? n / c + 1 : n / c);
        int start = (mod > 0 && index < mod) ? index * count : index * count + mod;
        int range = Math.min(count, n - start);
        for (int i = 0; i < range; i++) {
            out.add(queues.get((start + i) % n));
        }
        return out;
    }

    @Override
    public String name() {
        return "AVG";
    }
}
