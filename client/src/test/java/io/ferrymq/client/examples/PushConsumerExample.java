package io.ferrymq.client.examples;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;

import java.nio.charset.StandardCharsets;

/** A clustering push consumer with a concurrent listener. */
public final class PushConsumerExample {
    private PushConsumerExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        PushConsumer consumer = new PushConsumer(new PushConsumerConfig()
            .group("example-consumer")
            .nameServers(nameServers)
            .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET) // only matters for a brand-new group
            .consumeThreads(8)
            .consumeMessageBatchMaxSize(4));
        consumer.subscribe("Orders", "created || paid");
        consumer.registerListener((MessageListenerConcurrently) (messages, context) -> {
            for (ReceivedMessage m : messages) {
                System.out.println(m.tags() + " " + m.keys() + " " + new String(m.body(), StandardCharsets.UTF_8)
                    + " (delivery " + (m.reconsumeTimes() + 1) + ")");
            }
            // RECONSUME_LATER (or an exception) redelivers later through the group's retry topic
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Thread.sleep(10_000);
        consumer.shutdown(); // waits for running listeners and commits offsets
        // [/example]
    }
}
