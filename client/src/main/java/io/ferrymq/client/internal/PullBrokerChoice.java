package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which broker of a queue's group the next pull goes to: the master (id 0) until a pull result suggests another
 * (reads from a slave while the master is busy), and the master again after a pull fails. Thread-safe: pull
 * results arrive on transport callback threads.
 */
final class PullBrokerChoice {
    private final Map<MessageQueue, Long> suggested = new ConcurrentHashMap<>();

    /** Address to pull {@code q} from, or null while the route or the broker is unknown. */
    String address(TopicRoute route, MessageQueue q) {
        return route == null ? null : route.readAddress(q.brokerName(), suggested.getOrDefault(q, 0L));
    }

    /** A pull of {@code q} answered; its result names the broker for the next pull. */
    void answered(MessageQueue q, long suggestWhichBrokerId) {
        suggested.put(q, suggestWhichBrokerId);
    }

    /** A pull of {@code q} failed; the next one goes to the master. */
    void failed(MessageQueue q) {
        suggested.remove(q);
    }
}
