package io.ferrymq.client.examples;

import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;

import java.nio.file.Path;

/** Broadcasting: every consumer of the group gets every message; offsets in a local file. */
public final class BroadcastConsumerExample {
    private BroadcastConsumerExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        PushConsumer consumer = new PushConsumer(new PushConsumerConfig()
            .group("example-cache-invalidation")
            .nameServers(nameServers)
            .messageModel(MessageModel.BROADCASTING)
            .instanceName("node-1") // offsets in <offsetStoreDir>/<group>/node-1/offsets.txt
            .offsetStoreDir(Path.of(System.getProperty("java.io.tmpdir"), "ferry-offsets")));
        consumer.subscribe("CacheEvents", "*");
        consumer.registerListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> System.out.println("invalidate " + m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Thread.sleep(10_000);
        consumer.shutdown();
        // [/example]
    }
}
