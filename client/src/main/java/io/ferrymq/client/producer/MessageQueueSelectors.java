package io.ferrymq.client.producer;

import io.ferrymq.client.MessageQueue;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Built-in {@link MessageQueueSelector}s. */
public final class MessageQueueSelectors {
    private MessageQueueSelectors() {
    }

    /**
     * Same argument, same queue: {@code abs(arg.hashCode()) % queues} (as RocketMQ's SelectMessageQueueByHash),
     * so that, e.g., all messages of one order keep their order. A null argument selects the first queue.
     */
    public static MessageQueueSelector byHash() {
        return (queues, message, arg) -> {
            int h = arg == null ? 0 : arg.hashCode();
            return queues.get(Math.floorMod(h, queues.size()));
        };
    }

    /** Each call takes the next queue in turn (the argument is ignored). */
    public static MessageQueueSelector roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return (queues, message, arg) -> queues.get(Math.floorMod(next.getAndIncrement(), queues.size()));
    }

    /** A uniformly random queue (the argument is ignored). */
    public static MessageQueueSelector random() {
        return (queues, message, arg) -> queues.get(ThreadLocalRandom.current().nextInt(queues.size()));
    }

    /** Always {@code queue} if it is writable now, else fails. */
    public static MessageQueueSelector fixed(MessageQueue queue) {
        return (queues, message, arg) -> {
            if (!queues.contains(queue)) {
                throw new IllegalArgumentException("queue " + queue + " is not a writable queue of the topic; "
                    + "writable: " + queues);
            }
            return queue;
        };
    }
}
