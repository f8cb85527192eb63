package io.ferrymq.client.examples;

import io.ferrymq.client.consumer.ConsumeOrderlyStatus;
import io.ferrymq.client.consumer.MessageListenerOrderly;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;

import java.nio.charset.StandardCharsets;

/** Orderly consumption: one thread per queue, queues locked on the broker. */
public final class OrderlyConsumerExample {
    private OrderlyConsumerExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        PushConsumer consumer = new PushConsumer(new PushConsumerConfig()
            .group("example-orderly")
            .nameServers(nameServers)
            .suspendCurrentQueueTimeMillis(500));
        consumer.subscribe("OrderEvents", "*");
        consumer.registerListener((MessageListenerOrderly) (messages, context) -> {
            messages.forEach(m -> System.out.println(context.queue() + " " + m.keys() + " "
                + new String(m.body(), StandardCharsets.UTF_8)));
            // SUSPEND_CURRENT_QUEUE_A_MOMENT retries the same messages after the pause, keeping order
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();
        Thread.sleep(10_000);
        consumer.shutdown();
        // [/example]
    }
}
