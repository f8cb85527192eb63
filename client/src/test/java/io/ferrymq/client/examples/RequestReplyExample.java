package io.ferrymq.client.examples;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.Replies;

import java.nio.charset.StandardCharsets;

/** RPC over the queue: a requester waits for the reply a replier builds with {@link Replies}. */
public final class RequestReplyExample {
    private RequestReplyExample() {
    }

    public static void main(String[] args) {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        // replier: consumes requests, answers each with Replies.create(request, body)
        Producer replyProducer = new Producer(new ProducerConfig().group("example-replier")
            .nameServers(nameServers)).start();
        PushConsumer replier = new PushConsumer(new PushConsumerConfig().group("example-replier")
            .nameServers(nameServers));
        replier.subscribe("PriceRequests", "*");
        replier.registerListener((MessageListenerConcurrently) (requests, context) -> {
            for (ReceivedMessage request : requests) {
                String sku = new String(request.body(), StandardCharsets.UTF_8);
                replyProducer.send(Replies.create(request, ("price of " + sku + " = 42").getBytes(StandardCharsets.UTF_8)));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        replier.start();

        // requester: request() returns the reply, requestAsync() a CompletableFuture of it
        try (Producer requester = new Producer(new ProducerConfig().group("example-requester")
                .nameServers(nameServers)).start()) {
            ReceivedMessage reply = requester.request(
                new Message("PriceRequests", "sku-1".getBytes(StandardCharsets.UTF_8)), 3000);
            System.out.println(new String(reply.body(), StandardCharsets.UTF_8));
            requester.requestAsync(new Message("PriceRequests", "sku-2".getBytes(StandardCharsets.UTF_8)), 3000)
                .thenAccept(r -> System.out.println(new String(r.body(), StandardCharsets.UTF_8)))
                .join();
        } finally {
            replier.shutdown();
            replyProducer.shutdown();
        }
        // [/example]
    }
}
