package io.ferrymq.it.client;

import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.it.TestCluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** FerryMQ client configs with the fast timings the tests use, pointed at a {@link TestCluster}. */
final class ClientFixture {
    private ClientFixture() {
    }

    static ProducerConfig producer(TestCluster c, String group) {
        return new ProducerConfig().group(group).nameServers(c.namesrvAddr()).pollNameServerIntervalMillis(500);
    }

    static PushConsumerConfig push(TestCluster c, String group) {
        return new PushConsumerConfig().group(group).nameServers(c.namesrvAddr()).pollNameServerIntervalMillis(500)
            .heartbeatBrokerIntervalMillis(500).rebalanceIntervalMillis(500).persistOffsetIntervalMillis(500)
            .brokerSuspendMaxTimeMillis(2000).pullTimeoutMillis(5000).pullRetryDelayMillis(200);
    }

    static LitePullConsumerConfig lite(TestCluster c, String group) {
        return new LitePullConsumerConfig().group(group).nameServers(c.namesrvAddr())
            .pollNameServerIntervalMillis(500).heartbeatBrokerIntervalMillis(500).rebalanceIntervalMillis(500)
            .persistOffsetIntervalMillis(500).brokerSuspendMaxTimeMillis(2000).pullTimeoutMillis(5000)
            .pullRetryDelayMillis(200);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        TestCluster.awaitTrue(what, timeout, condition);
    }
}
