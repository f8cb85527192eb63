package io.ferrymq.client.consumer;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.common.Checks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings shared by {@link PushConsumer} and {@link LitePullConsumer} (plus those of {@link ClientConfig}).
 *
 * <table>
 * <caption>Consumer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>group</td><td>(required)</td><td>consumer group</td></tr>
 * <tr><td>messageModel</td><td>CLUSTERING</td><td>CLUSTERING or BROADCASTING</td></tr>
 * <tr><td>consumeFromWhere</td><td>LAST_OFFSET</td><td>start point of a new group</td></tr>
 * <tr><td>consumeTimestamp</td><td>now − 30 min</td><td>epoch ms, for TIMESTAMP</td></tr>
 * <tr><td>rebalanceIntervalMillis</td><td>1000</td><td>periodic rebalance (also on broker notification)</td></tr>
 * <tr><td>persistOffsetIntervalMillis</td><td>5000</td><td>offset commit period</td></tr>
 * <tr><td>pullBatchSize</td><td>32</td><td>most messages per pull</td></tr>
 * <tr><td>pullThresholdForQueue</td><td>1000</td><td>cached messages per queue that pause pulling</td></tr>
 * <tr><td>pullThresholdSizeForQueueMiB</td><td>100</td><td>cached MiB per queue that pause pulling</td></tr>
 * <tr><td>brokerSuspendMaxTimeMillis</td><td>15000</td><td>long-poll hold time asked of the broker</td></tr>
 * <tr><td>pullTimeoutMillis</td><td>30000</td><td>timeout of one (long-polling) pull</td></tr>
 * <tr><td>pullRetryDelayMillis</td><td>1000</td><td>pause after a failed pull</td></tr>
 * <tr><td>offsetStoreDir</td><td>~/.ferrymq_offsets</td><td>broadcast offsets directory</td></tr>
 * </table>
 *
 * @param <T> the concrete config type
 */
public abstract class ConsumerConfig<T extends ConsumerConfig<T>> extends ClientConfig<T> {
    private String group;
    private MessageModel messageModel = MessageModel.CLUSTERING;
    private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.LAST_OFFSET;
    private long consumeTimestamp = System.currentTimeMillis() - 30 * 60_000L;
    private AllocateStrategy allocateStrategy = new AllocateAveragely();
    private long rebalanceIntervalMillis = 1000;
    private long persistOffsetIntervalMillis = 5000;
    private int pullBatchSize = 32;
    private int pullThresholdForQueue = 1000;
    private int pullThresholdSizeForQueueMiB = 100;
    private long brokerSuspendMaxTimeMillis = 15_000;
    private long pullTimeoutMillis = 30_000;
    private long pullRetryDelayMillis = 1000;
    private Path offsetStoreDir = Path.of(System.getProperty("user.home"), ".ferrymq_offsets");

    public String group() {
        return group;
    }

    public T group(String group) {
        this.group = group;
        return self();
    }

    public MessageModel messageModel() {
        return messageModel;
    }

    public T messageModel(MessageModel v) {
        this.messageModel = Objects.requireNonNull(v);
        return self();
    }

    public ConsumeFromWhere consumeFromWhere() {
        return consumeFromWhere;
    }

    public T consumeFromWhere(ConsumeFromWhere v) {
        this.consumeFromWhere = Objects.requireNonNull(v);
        return self();
    }

    public long consumeTimestamp() {
        return consumeTimestamp;
    }

    /** Epoch milliseconds used with {@link ConsumeFromWhere#TIMESTAMP}. */
    public T consumeTimestamp(long epochMillis) {
        this.consumeTimestamp = epochMillis;
        return self();
    }

    public AllocateStrategy allocateStrategy() {
        return allocateStrategy;
    }

    public T allocateStrategy(AllocateStrategy v) {
        this.allocateStrategy = Objects.requireNonNull(v);
        return self();
    }

    public long rebalanceIntervalMillis() {
        return rebalanceIntervalMillis;
    }

    public T rebalanceIntervalMillis(long v) {
        this.rebalanceIntervalMillis = v;
        return self();
    }

    public long persistOffsetIntervalMillis() {
        return persistOffsetIntervalMillis;
    }

    public T persistOffsetIntervalMillis(long v) {
        this.persistOffsetIntervalMillis = v;
        return self();
    }

    public int pullBatchSize() {
        return pullBatchSize;
    }

    public T pullBatchSize(int v) {
        this.pullBatchSize = v;
        return self();
    }

    public int pullThresholdForQueue() {
        return pullThresholdForQueue;
    }

    public T pullThresholdForQueue(int v) {
        this.pullThresholdForQueue = v;
        return self();
    }

    public int pullThresholdSizeForQueueMiB() {
        return pullThresholdSizeForQueueMiB;
    }

    public T pullThresholdSizeForQueueMiB(int v) {
        this.pullThresholdSizeForQueueMiB = v;
        return self();
    }

    public long brokerSuspendMaxTimeMillis() {
        return brokerSuspendMaxTimeMillis;
    }

    public T brokerSuspendMaxTimeMillis(long v) {
        this.brokerSuspendMaxTimeMillis = v;
        return self();
    }

    public long pullTimeoutMillis() {
        return pullTimeoutMillis;
    }

    public T pullTimeoutMillis(long v) {
        this.pullTimeoutMillis = v;
        return self();
    }

    public long pullRetryDelayMillis() {
        return pullRetryDelayMillis;
    }

    public T pullRetryDelayMillis(long v) {
        this.pullRetryDelayMillis = v;
        return self();
    }

    public Path offsetStoreDir() {
        return offsetStoreDir;
    }

    public T offsetStoreDir(Path v) {
        this.offsetStoreDir = Objects.requireNonNull(v);
        return self();
    }

    @Override
    protected boolean applyOne(String key, String value) {
        switch (key) {
            case "group" -> group(value);
            case "messageModel" -> messageModel(MessageModel.valueOf(value.toUpperCase()));
            case "consumeFromWhere" -> consumeFromWhere(ConsumeFromWhere.valueOf(value.toUpperCase()));
            case "consumeTimestamp" -> consumeTimestamp(Long.parseLong(value));
            case "allocateStrategy" -> allocateStrategy(switch (value.toUpperCase()) {
                case "AVG", "AVERAGELY" -> new AllocateAveragely();
                case "AVG_BY_CIRCLE", "ROUND_ROBIN" -> new AllocateRoundRobin();
                default -> throw new IllegalArgumentException("client setting 'allocateStrategy' must be AVG or "
                    + "ROUND_ROBIN, got '" + value + "'");
            });
            case "rebalanceIntervalMillis" -> rebalanceIntervalMillis(Long.parseLong(value));
            case "persistOffsetIntervalMillis" -> persistOffsetIntervalMillis(Long.parseLong(value));
            case "pullBatchSize" -> pullBatchSize(Integer.parseInt(value));
            case "pullThresholdForQueue" -> pullThresholdForQueue(Integer.parseInt(value));
            case "pullThresholdSizeForQueueMiB" -> pullThresholdSizeForQueueMiB(Integer.parseInt(value));
            case "brokerSuspendMaxTimeMillis" -> brokerSuspendMaxTimeMillis(Long.parseLong(value));
            case "pullTimeoutMillis" -> pullTimeoutMillis(Long.parseLong(value));
            case "pullRetryDelayMillis" -> pullRetryDelayMillis(Long.parseLong(value));
            case "offsetStoreDir" -> offsetStoreDir(Path.of(value));
            default -> {
                return super.applyOne(key, value);
            }
        }
        return true;
    }

    @Override
    public T validate() {
        super.validate();
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group (consumer group) is not set");
        }
        io.ferrymq.client.internal.MessageCodec.checkTopic(group);
        Checks.range("rebalanceIntervalMillis", rebalanceIntervalMillis, 10, 600_000);
        Checks.range("persistOffsetIntervalMillis", persistOffsetIntervalMillis, 10, 600_000);
        Checks.range("pullBatchSize", pullBatchSize, 1, 1024);
        Checks.range("pullThresholdForQueue", pullThresholdForQueue, 1, 65535);
        Checks.range("pullThresholdSizeForQueueMiB", pullThresholdSizeForQueueMiB, 1, 1024);
        Checks.range("brokerSuspendMaxTimeMillis", brokerSuspendMaxTimeMillis, 0, 60_000);
        Checks.range("pullTimeoutMillis", pullTimeoutMillis, 100, 120_000);
        if (pullTimeoutMillis <= brokerSuspendMaxTimeMillis) {
            throw new IllegalArgumentException("pullTimeoutMillis (" + pullTimeoutMillis
                + ") must be larger than brokerSuspendMaxTimeMillis (" + brokerSuspendMaxTimeMillis + ")");
        }
        Checks.range("pullRetryDelayMillis", pullRetryDelayMillis, 1, 60_000);
        return self();
    }
}
