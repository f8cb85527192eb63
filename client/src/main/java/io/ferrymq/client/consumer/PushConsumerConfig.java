package io.ferrymq.client.consumer;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link PushConsumer} (plus those of {@link ConsumerConfig}), each defined once in {@link #DEF}
 * and checked when set.
 */
public final class PushConsumerConfig extends ConsumerConfig<PushConsumerConfig> {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("push consumer");

    public static final ConfigKey<Integer> CONSUME_THREADS = KEYS.define(ConfigKey.integer("consumeThreads", 20).range(1, 1000)
            .doc("Listener threads."));
    public static final ConfigKey<Integer> CONSUME_MESSAGE_BATCH_MAX_SIZE = KEYS.define(ConfigKey.integer("consumeMessageBatchMaxSize", 1).range(1, 1024)
            .doc("Most messages per listener call."));
    public static final ConfigKey<Integer> MAX_RECONSUME_TIMES = KEYS.define(ConfigKey.integer("maxReconsumeTimes", 16).range(-1, 16)
            .doc("Redeliveries before the dead-letter topic (-1: the broker's default)."));
    public static final ConfigKey<Long> SUSPEND_CURRENT_QUEUE_TIME_MILLIS = KEYS.define(ConfigKey.longKey("suspendCurrentQueueTimeMillis", 1000).range(1, 60_000)
            .doc("Orderly: pause before redelivery."));
    public static final ConfigKey<Long> LOCK_RENEW_INTERVAL_MILLIS = KEYS.define(ConfigKey.longKey("lockRenewIntervalMillis", 20_000).range(10, 60_000)
            .doc("Orderly: broker lock renewal period."));
    public static final ConfigKey<Long> LOCK_EXPIRE_MILLIS = KEYS.define(ConfigKey.longKey("lockExpireMillis", 30_000).range(11, 600_000)
            .doc("Orderly: a lock not renewed for this long is void; must exceed lockRenewIntervalMillis."));
    public static final ConfigKey<Long> PULL_INTERVAL_MILLIS = KEYS.define(ConfigKey.longKey("pullIntervalMillis", 0).range(0, 60_000)
            .doc("Pause between pulls of one queue."));

    /** The push consumer's own keys, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues pushValues = DEF.defaults();

    @Override
    protected List<ConfigValues> configValues() {
        List<ConfigValues> all = new ArrayList<>();
        all.add(pushValues);
        all.addAll(super.configValues());
        return all;
    }

    public int consumeThreads() {
        return pushValues.get(CONSUME_THREADS);
    }

    public PushConsumerConfig consumeThreads(int v) {
        pushValues.set(CONSUME_THREADS, v);
        return this;
    }

    public int consumeMessageBatchMaxSize() {
        return pushValues.get(CONSUME_MESSAGE_BATCH_MAX_SIZE);
    }

    public PushConsumerConfig consumeMessageBatchMaxSize(int v) {
        pushValues.set(CONSUME_MESSAGE_BATCH_MAX_SIZE, v);
        return this;
    }

    public int maxReconsumeTimes() {
        return pushValues.get(MAX_RECONSUME_TIMES);
    }

    public PushConsumerConfig maxReconsumeTimes(int v) {
        pushValues.set(MAX_RECONSUME_TIMES, v);
        return this;
    }

    public long suspendCurrentQueueTimeMillis() {
        return pushValues.get(SUSPEND_CURRENT_QUEUE_TIME_MILLIS);
    }

    public PushConsumerConfig suspendCurrentQueueTimeMillis(long v) {
        pushValues.set(SUSPEND_CURRENT_QUEUE_TIME_MILLIS, v);
        return this;
    }

    public long lockRenewIntervalMillis() {
        return pushValues.get(LOCK_RENEW_INTERVAL_MILLIS);
    }

    public PushConsumerConfig lockRenewIntervalMillis(long v) {
        pushValues.set(LOCK_RENEW_INTERVAL_MILLIS, v);
        return this;
    }

    public long lockExpireMillis() {
        return pushValues.get(LOCK_EXPIRE_MILLIS);
    }

    public PushConsumerConfig lockExpireMillis(long v) {
        pushValues.set(LOCK_EXPIRE_MILLIS, v);
        return this;
    }

    public long pullIntervalMillis() {
        return pushValues.get(PULL_INTERVAL_MILLIS);
    }

    public PushConsumerConfig pullIntervalMillis(long v) {
        pushValues.set(PULL_INTERVAL_MILLIS, v);
        return this;
    }

    @Override
    public PushConsumerConfig validate() {
        super.validate();
        if (lockExpireMillis() <= lockRenewIntervalMillis()) {
            throw new IllegalArgumentException("lockExpireMillis (" + lockExpireMillis()
                + ") must be larger than lockRenewIntervalMillis (" + lockRenewIntervalMillis() + ")");
        }
        return this;
    }
}
