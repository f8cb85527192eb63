package io.ferrymq.client.examples;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.LitePullConsumerConfig;

import java.util.List;

/** Lite pull: subscribe and poll; or assign queues, seek, pause/resume and commit by hand. */
public final class LitePullExample {
    private LitePullExample() {
    }

    public static void main(String[] args) {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        // subscribe: queues shared with the group, offsets auto-committed every 5 s
        try (LitePullConsumer consumer = new LitePullConsumer(new LitePullConsumerConfig()
                .group("example-lite")
                .nameServers(nameServers))) {
            consumer.subscribe("Orders", "*");
            consumer.start();
            for (int i = 0; i < 10; i++) {
                for (ReceivedMessage m : consumer.poll(1000)) {
                    System.out.println(m.queue() + "@" + m.queueOffset() + " " + m.keys());
                }
            }
        }

        // assign: explicit queues, manual commits
        try (LitePullConsumer consumer = new LitePullConsumer(new LitePullConsumerConfig()
                .group("example-lite-assign")
                .nameServers(nameServers)
                .autoCommit(false))) {
            consumer.assign(List.of(new MessageQueue("Orders", "broker-a", 0)));
            consumer.start();
            MessageQueue q = consumer.assignment().iterator().next();
            consumer.seekToBegin(q);               // or seek(q, offset), seekToEnd(q)
            List<ReceivedMessage> batch = consumer.poll(1000);
            consumer.pause(List.of(q));            // poll returns nothing of q until resume
            consumer.resume(List.of(q));
            consumer.commitSync();                 // commits what poll returned
            System.out.println(batch.size() + " messages, committed offset " + consumer.committed(q));
        }
        // [/example]
    }
}
