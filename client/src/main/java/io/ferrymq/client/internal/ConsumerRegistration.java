package io.ferrymq.client.internal;

import io.ferrymq.client.consumer.ConsumerConfig;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.ConsumeType;
import io.ferrymq.remoting.protocol.body.ConsumerData;

/**
 * Makes a consumer known to its {@link ClientInstance}: the routes to watch, its entry in heartbeats, and what
 * triggers a rebalance (NOTIFY_CONSUMER_IDS_CHANGED from a broker; a route change of a subscribed topic).
 * Call before {@link ClientInstance#start()}.
 */
final class ConsumerRegistration {
    private ConsumerRegistration() {
    }

    /**
     * @param rebalanceOnRouteChange whether a new route of a subscribed topic signals the rebalancer (false for a
     *                               consumer whose queues are assigned by hand)
     */
    static void register(ClientInstance instance, ConsumerConfig<?> config, ConsumeType type,
                         Subscriptions subscriptions, Rebalancer rebalancer, boolean rebalanceOnRouteChange) {
        for (String t : subscriptions.topics()) {
            instance.watchTopic(t);
        }
        instance.addConsumer(() -> consumerData(config, type, subscriptions));
        instance.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (ch, req) -> {
            rebalancer.signal();
            return null;
        });
        instance.addRouteListener((topic, route) -> {
            if (rebalanceOnRouteChange && subscriptions.topics().contains(topic)) {
                rebalancer.signal();
            }
        });
    }

    /** The consumer's entry in heartbeats. */
    static ConsumerData consumerData(ConsumerConfig<?> config, ConsumeType type, Subscriptions subscriptions) {
        ConsumerData d = new ConsumerData();
        d.setGroupName(config.group());
        d.setConsumeType(type);
        d.setMessageModel(io.ferrymq.remoting.protocol.body.MessageModel.valueOf(config.messageModel().name()));
        d.setConsumeFromWhere(io.ferrymq.remoting.protocol.body.ConsumeFromWhere.valueOf(
            config.consumeFromWhere().wireName()));
        d.setSubscriptionDataSet(subscriptions.wire());
        d.setUnitMode(false);
        return d;
    }
}
