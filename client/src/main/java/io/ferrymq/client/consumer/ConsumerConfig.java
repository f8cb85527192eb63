package io.ferrymq.client.consumer;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings shared by {@link PushConsumer} and {@link LitePullConsumer} (plus those of {@link ClientConfig}), each
 * defined once in {@link #DEF} and checked when set; {@link #validate()} checks the rules that join keys.
 *
 * @param <T> the concrete config type
 */
public abstract class ConsumerConfig<T extends ConsumerConfig<T>> extends ClientConfig<T> {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("consumer");

    public static final ConfigKey<String> GROUP = KEYS.define(ConfigKey.optionalString("group")
            .allowed("a valid group name (required)").doc("Consumer group."));
    public static final ConfigKey<MessageModel> MESSAGE_MODEL = KEYS.define(
            ConfigKey.enumKey("messageModel", MessageModel.class, MessageModel.CLUSTERING)
                    .doc("CLUSTERING shares the queues among the group; BROADCASTING gives every consumer all."));
    public static final ConfigKey<ConsumeFromWhere> CONSUME_FROM_WHERE = KEYS.define(
            ConfigKey.enumKey("consumeFromWhere", ConsumeFromWhere.class, ConsumeFromWhere.LAST_OFFSET)
                    .doc("Start point of a new group."));
    public static final ConfigKey<Long> CONSUME_TIMESTAMP = KEYS.define(ConfigKey.custom("consumeTimestamp",
            Long.class, null, t -> t.isEmpty() ? null : Long.parseLong(t), "epoch milliseconds")
            .defaultText("30 minutes before the config was created")
            .doc("Start point for consumeFromWhere TIMESTAMP."));
    public static final ConfigKey<AllocateStrategy> ALLOCATE_STRATEGY = KEYS.define(ConfigKey.custom(
            "allocateStrategy", AllocateStrategy.class, new AllocateAveragely(), ConsumerConfig::parseStrategy,
            "AVG, ROUND_ROBIN (or any AllocateStrategy object in code)").formatter(AllocateStrategy::name)
            .doc("How the group's consumers share the queues of a topic."));
    public static final ConfigKey<Long> REBALANCE_INTERVAL_MILLIS = KEYS.define(ConfigKey.longKey("rebalanceIntervalMillis", 1000).range(10, 600_000)
            .doc("Periodic rebalance (also on broker notification)."));
    public static final ConfigKey<Long> PERSIST_OFFSET_INTERVAL_MILLIS = KEYS.define(ConfigKey.longKey("persistOffsetIntervalMillis", 5000).range(10, 600_000)
            .doc("Offset commit period."));
    public static final ConfigKey<Integer> PULL_BATCH_SIZE = KEYS.define(ConfigKey.integer("pullBatchSize", 32).range(1, 1024)
            .doc("Most messages per pull (lite pull consumer: default 10)."));
    public static final ConfigKey<Integer> PULL_THRESHOLD_FOR_QUEUE = KEYS.define(ConfigKey.integer("pullThresholdForQueue", 1000).range(1, 65535)
            .doc("Cached messages per queue that pause pulling."));
    public static final ConfigKey<Integer> PULL_THRESHOLD_SIZE_FOR_QUEUE_MI_B = KEYS.define(ConfigKey.integer("pullThresholdSizeForQueueMiB", 100).range(1, 1024)
            .doc("Cached MiB per queue that pause pulling."));
    public static final ConfigKey<Long> BROKER_SUSPEND_MAX_TIME_MILLIS = KEYS.define(ConfigKey.longKey("brokerSuspendMaxTimeMillis", 15_000).range(0, 60_000)
            .doc("Long-poll hold time asked of the broker (lite pull consumer: default 20000)."));
    public static final ConfigKey<Long> PULL_TIMEOUT_MILLIS = KEYS.define(ConfigKey.longKey("pullTimeoutMillis", 30_000).range(100, 120_000)
            .doc("Timeout of one (long-polling) pull; must exceed brokerSuspendMaxTimeMillis."));
    public static final ConfigKey<Long> PULL_RETRY_DELAY_MILLIS = KEYS.define(ConfigKey.longKey("pullRetryDelayMillis", 1000).range(1, 60_000)
            .doc("Pause after a failed pull."));
    public static final ConfigKey<Path> OFFSET_STORE_DIR = KEYS.define(ConfigKey.custom("offsetStoreDir", Path.class,
            Path.of(System.getProperty("user.home"), ".ferrymq_offsets"), Path::of, "any directory")
            .defaultText("~/.ferrymq_offsets").doc("Broadcasting: directory of the local offset files."));

    /** The keys every consumer has, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues consumerValues = DEF.defaults();
    private final long createdAtMillis = System.currentTimeMillis();

    private static AllocateStrategy parseStrategy(String t) {
        return switch (t.toUpperCase(Locale.ROOT)) {
            case "AVG", "AVERAGELY" -> new AllocateAveragely();
            case "AVG_BY_CIRCLE", "ROUND_ROBIN" -> new AllocateRoundRobin();
            default -> throw new IllegalArgumentException("unknown strategy");
        };
    }

    @Override
    protected List<ConfigValues> configValues() {
        List<ConfigValues> all = new ArrayList<>();
        all.add(consumerValues);
        all.addAll(super.configValues());
        return all;
    }

    public String group() {
        return consumerValues.get(GROUP);
    }

    public T group(String group) {
        consumerValues.set(GROUP, group);
        return self();
    }

    public MessageModel messageModel() {
        return consumerValues.get(MESSAGE_MODEL);
    }

    public T messageModel(MessageModel v) {
        consumerValues.set(MESSAGE_MODEL, Objects.requireNonNull(v));
        return self();
    }

    public ConsumeFromWhere consumeFromWhere() {
        return consumerValues.get(CONSUME_FROM_WHERE);
    }

    public T consumeFromWhere(ConsumeFromWhere v) {
        consumerValues.set(CONSUME_FROM_WHERE, Objects.requireNonNull(v));
        return self();
    }

    public long consumeTimestamp() {
        Long v = consumerValues.get(CONSUME_TIMESTAMP);
        return v != null ? v : createdAtMillis - 30 * 60_000L;
    }

    /** Epoch milliseconds used with {@link ConsumeFromWhere#TIMESTAMP}. */
    public T consumeTimestamp(long epochMillis) {
        consumerValues.set(CONSUME_TIMESTAMP, epochMillis);
        return self();
    }

    public AllocateStrategy allocateStrategy() {
        return consumerValues.get(ALLOCATE_STRATEGY);
    }

    public T allocateStrategy(AllocateStrategy v) {
        consumerValues.set(ALLOCATE_STRATEGY, Objects.requireNonNull(v));
        return self();
    }

    public long rebalanceIntervalMillis() {
        return consumerValues.get(REBALANCE_INTERVAL_MILLIS);
    }

    public T rebalanceIntervalMillis(long v) {
        consumerValues.set(REBALANCE_INTERVAL_MILLIS, v);
        return self();
    }

    public long persistOffsetIntervalMillis() {
        return consumerValues.get(PERSIST_OFFSET_INTERVAL_MILLIS);
    }

    public T persistOffsetIntervalMillis(long v) {
        consumerValues.set(PERSIST_OFFSET_INTERVAL_MILLIS, v);
        return self();
    }

    public int pullBatchSize() {
        return consumerValues.get(PULL_BATCH_SIZE);
    }

    public T pullBatchSize(int v) {
        consumerValues.set(PULL_BATCH_SIZE, v);
        return self();
    }

    public int pullThresholdForQueue() {
        return consumerValues.get(PULL_THRESHOLD_FOR_QUEUE);
    }

    public T pullThresholdForQueue(int v) {
        consumerValues.set(PULL_THRESHOLD_FOR_QUEUE, v);
        return self();
    }

    public int pullThresholdSizeForQueueMiB() {
        return consumerValues.get(PULL_THRESHOLD_SIZE_FOR_QUEUE_MI_B);
    }

    public T pullThresholdSizeForQueueMiB(int v) {
        consumerValues.set(PULL_THRESHOLD_SIZE_FOR_QUEUE_MI_B, v);
        return self();
    }

    public long brokerSuspendMaxTimeMillis() {
        return consumerValues.get(BROKER_SUSPEND_MAX_TIME_MILLIS);
    }

    public T brokerSuspendMaxTimeMillis(long v) {
        consumerValues.set(BROKER_SUSPEND_MAX_TIME_MILLIS, v);
        return self();
    }

    public long pullTimeoutMillis() {
        return consumerValues.get(PULL_TIMEOUT_MILLIS);
    }

    public T pullTimeoutMillis(long v) {
        consumerValues.set(PULL_TIMEOUT_MILLIS, v);
        return self();
    }

    public long pullRetryDelayMillis() {
        return consumerValues.get(PULL_RETRY_DELAY_MILLIS);
    }

    public T pullRetryDelayMillis(long v) {
        consumerValues.set(PULL_RETRY_DELAY_MILLIS, v);
        return self();
    }

    public Path offsetStoreDir() {
        return consumerValues.get(OFFSET_STORE_DIR);
    }

    public T offsetStoreDir(Path v) {
        consumerValues.set(OFFSET_STORE_DIR, Objects.requireNonNull(v));
        return self();
    }

    @Override
    public T validate() {
        super.validate();
        String group = group();
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group (consumer group) is not set");
        }
        io.ferrymq.client.internal.MessageCodec.checkTopic(group);
        if (pullTimeoutMillis() <= brokerSuspendMaxTimeMillis()) {
            throw new IllegalArgumentException("pullTimeoutMillis (" + pullTimeoutMillis()
                + ") must be larger than brokerSuspendMaxTimeMillis (" + brokerSuspendMaxTimeMillis() + ")");
        }
        return self();
    }
}
