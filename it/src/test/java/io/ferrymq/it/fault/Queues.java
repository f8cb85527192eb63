package io.ferrymq.it.fault;

/** The one spelling of a queue in histories: {@code topic@brokerName#queueId}. */
final class Queues {
    private Queues() {
    }

    static String key(String topic, String brokerName, int queueId) {
        return topic + "@" + brokerName + "#" + queueId;
    }

    static String topic(String queue) {
        int at = queue.indexOf('@');
        return at < 0 ? "" : queue.substring(0, at);
    }

    static String brokerName(String queue) {
        int at = queue.indexOf('@');
        int hash = queue.lastIndexOf('#');
        return at < 0 || hash < at ? "" : queue.substring(at + 1, hash);
    }
}
