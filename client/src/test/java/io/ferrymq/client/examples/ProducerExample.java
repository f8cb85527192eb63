package io.ferrymq.client.examples;

import io.ferrymq.client.Message;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.SendResult;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sync, async, oneway, batch and delayed sends. Run with the name server address as argument. */
public final class ProducerExample {
    private ProducerExample() {
    }

    public static void main(String[] args) {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        try (Producer producer = new Producer(new ProducerConfig()
                .group("example-producer")
                .nameServers(nameServers)).start()) {
            // sync: waits for the broker; retried on another broker (2 retries by default)
            Message order = new Message("Orders", "created", "order-42", "{\"id\":42}".getBytes(StandardCharsets.UTF_8));
            order.putUserProperty("region", "eu");
            SendResult r = producer.send(order);
            System.out.println(r.status() + " " + r.msgId() + " -> " + r.queue() + "@" + r.queueOffset());

            // async: a CompletableFuture
            CompletableFuture<SendResult> f = producer.sendAsync(
                new Message("Orders", "paid", "order-42", "paid".getBytes(StandardCharsets.UTF_8)));
            f.thenAccept(res -> System.out.println("async " + res.msgId()));

            // oneway: fire and forget
            producer.sendOneway(new Message("Metrics", "cpu=0.4".getBytes(StandardCharsets.UTF_8)));

            // batch: one request, consecutive offsets in one queue
            producer.send(List.of(
                new Message("Orders", "audit", "a-1", "one".getBytes(StandardCharsets.UTF_8)),
                new Message("Orders", "audit", "a-2", "two".getBytes(StandardCharsets.UTF_8))));

            // delayed delivery: level 3 = 10 s on a default broker
            producer.send(new Message("Orders", "reminder", "order-42", "ping".getBytes(StandardCharsets.UTF_8))
                .delayLevel(3));
            f.join();
        }
        // [/example]
    }
}
