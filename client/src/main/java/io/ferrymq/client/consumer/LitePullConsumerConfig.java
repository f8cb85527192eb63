package io.ferrymq.client.consumer;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link LitePullConsumer} (plus those of {@link ConsumerConfig}), each defined once in {@link
 * #DEF} and checked when set. Lite pull defaults differ from push: pullBatchSize 10, brokerSuspendMaxTimeMillis
 * 20000.
 */
public final class LitePullConsumerConfig extends ConsumerConfig<LitePullConsumerConfig> {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("lite pull consumer");

    public static final ConfigKey<Boolean> AUTO_COMMIT = KEYS.define(ConfigKey.bool("autoCommit", true)
            .doc("Commit polled offsets every persistOffsetIntervalMillis."));
    public static final ConfigKey<Integer> PULL_THREADS = KEYS.define(ConfigKey.integer("pullThreads", 4).range(1, 256)
            .doc("Threads prefetching messages."));
    public static final ConfigKey<Integer> PULL_THRESHOLD_FOR_ALL = KEYS.define(ConfigKey.integer("pullThresholdForAll", 10_000).range(1, 1_000_000)
            .doc("Prefetched messages (all queues) that pause pulling."));

    /** The lite pull consumer's own keys, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues litePullValues = DEF.defaults();

    public LitePullConsumerConfig() {
        pullBatchSize(10);
        brokerSuspendMaxTimeMillis(20_000);
    }

    @Override
    protected List<ConfigValues> configValues() {
        List<ConfigValues> all = new ArrayList<>();
        all.add(litePullValues);
        all.addAll(super.configValues());
        return all;
    }

    public boolean autoCommit() {
        return litePullValues.get(AUTO_COMMIT);
    }

    public LitePullConsumerConfig autoCommit(boolean v) {
        litePullValues.set(AUTO_COMMIT, v);
        return this;
    }

    public int pullThreads() {
        return litePullValues.get(PULL_THREADS);
    }

    public LitePullConsumerConfig pullThreads(int v) {
        litePullValues.set(PULL_THREADS, v);
        return this;
    }

    public int pullThresholdForAll() {
        return litePullValues.get(PULL_THRESHOLD_FOR_ALL);
    }

    public LitePullConsumerConfig pullThresholdForAll(int v) {
        litePullValues.set(PULL_THRESHOLD_FOR_ALL, v);
        return this;
    }
}
