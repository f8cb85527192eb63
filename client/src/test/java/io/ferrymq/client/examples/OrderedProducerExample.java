package io.ferrymq.client.examples;

import io.ferrymq.client.Message;
import io.ferrymq.client.producer.MessageQueueSelectors;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;

import java.nio.charset.StandardCharsets;

/** Ordered sends: all events of one order go to the same queue. */
public final class OrderedProducerExample {
    private OrderedProducerExample() {
    }

    public static void main(String[] args) {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        try (Producer producer = new Producer(new ProducerConfig()
                .group("example-ordered-producer")
                .nameServers(nameServers)).start()) {
            for (String step : new String[] {"created", "paid", "shipped"}) {
                String orderId = "order-42";
                producer.send(new Message("OrderEvents", step, orderId, step.getBytes(StandardCharsets.UTF_8)),
                    MessageQueueSelectors.byHash(), orderId); // same orderId, same queue
            }
            // built-ins: byHash(), roundRobin(), random(); or any lambda (queues, message, arg) -> queue
            producer.send(new Message("OrderEvents", "x".getBytes(StandardCharsets.UTF_8)),
                (queues, message, arg) -> queues.get(0), null);
        }
        // [/example]
    }
}
