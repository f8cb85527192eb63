package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.AllocateAveragely;
import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.client.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Steps {@link Rebalancer#apply} with a recording owner: queues given away first, then new ones taken. */
class RebalancerTest {
    private static MessageQueue q(int i) {
        return new MessageQueue("T", "broker-a", i);
    }

    @Test
    void removesBeforeAddingAndLeavesKeptQueuesAlone() {
        ClientInstance inst = new ClientInstance(new ProducerConfig().group("G").nameServers("127.0.0.1:1")
            .validate(), "ferry-test-rebalance");
        try {
            List<String> calls = new ArrayList<>();
            Set<MessageQueue> owned = new HashSet<>(Set.of(q(0), q(1), q(2)));
            QueueOwner owner = new QueueOwner() {
                @Override
                public Set<MessageQueue> ownedQueues(String topic) {
                    return owned;
                }

                @Override
                public boolean addQueue(MessageQueue mq) {
                    calls.add("add " + mq.queueId());
                    return owned.add(mq);
                }

                @Override
                public void removeQueue(MessageQueue mq) {
                    calls.add("remove " + mq.queueId());
                    owned.remove(mq);
                }
            };
            Rebalancer r = new Rebalancer(inst, "G", MessageModel.CLUSTERING, new AllocateAveragely(), Set::of,
                owner, 1000);
            r.apply("T", Set.of(q(1), q(2), q(3)));
            assertEquals(List.of("remove 0", "add 3"), calls);
            assertEquals(Set.of(q(1), q(2), q(3)), owned);
            calls.clear();
            r.apply("T", Set.of(q(1), q(2), q(3)));
            assertEquals(List.of(), calls, "a stable allocation changes nothing");
        } finally {
            inst.shutdown();
        }
    }
}
