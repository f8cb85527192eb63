package io.ferrymq.broker.send;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.common.Clock;
import io.ferrymq.store.MessageStore;

import java.net.InetAddress;
import java.nio.file.Path;

/** The send processor of broker-a (cluster C1) as the send tests wire it: system topics defined, groups auto-created. */
final class SendProcessors {
    private SendProcessors() {
    }

    /** Overload decided with {@code clock}, which also times the requests' arrival. */
    static SendMessageProcessor of(BrokerConfig config, TopicConfigTable topics, Path groupsFile, MessageStore store,
                                   Clock clock) {
        return of(config, topics, groupsFile, store, clock, new SendOverload(config, store, clock));
    }

    static SendMessageProcessor of(BrokerConfig config, TopicConfigTable topics, Path groupsFile, MessageStore store,
                                   Clock clock, SendOverload overload) {
        TopicCreator creator = new TopicCreator(config, topics);
        creator.createSystemTopics();
        SubscriptionGroupTable groups = new SubscriptionGroupTable(groupsFile, true);
        return new SendMessageProcessor(config, BrokerIdentity.of("C1", "broker-a", 0, "127.0.0.1", 10911),
                new SendChecks(config, topics, creator, groups), creator, groups, store,
                new UniqKeyGenerator(InetAddress.getLoopbackAddress()), new BrokerStats(clock), overload);
    }
}
