package io.ferrymq.client.consumer;

import io.ferrymq.common.Checks;

/**
 * Settings of a {@link LitePullConsumer} (plus those of {@link ConsumerConfig}).
 *
 * <table>
 * <caption>Lite pull consumer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>autoCommit</td><td>true</td><td>commit polled offsets every {@code persistOffsetIntervalMillis}</td></tr>
 * <tr><td>pullThreads</td><td>4</td><td>threads prefetching messages</td></tr>
 * <tr><td>pullThresholdForAll</td><td>10000</td><td>prefetched messages (all queues) that pause pulling</td></tr>
 * </table>
 * Lite pull defaults differ from push: pullBatchSize 10, brokerSuspendMaxTimeMillis 20000.
 */
public final class LitePullConsumerConfig extends ConsumerConfig<LitePullConsumerConfig> {
    private boolean autoCommit = true;
    private int pullThreads = 4;
    private int pullThresholdForAll = 10_000;

    public LitePullConsumerConfig() {
        pullBatchSize(10);
        brokerSuspendMaxTimeMillis(20_000);
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    public LitePullConsumerConfig autoCommit(boolean v) {
        this.autoCommit = v;
        return this;
    }

    public int pullThreads() {
        return pullThreads;
    }

    public LitePullConsumerConfig pullThreads(int v) {
        this.pullThreads = v;
        return this;
    }

    public int pullThresholdForAll() {
        return pullThresholdForAll;
    }

    public LitePullConsumerConfig pullThresholdForAll(int v) {
        this.pullThresholdForAll = v;
        return this;
    }

    @Override
    protected boolean applyOne(String key, String value) {
        switch (key) {
            case "autoCommit" -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("client setting 'autoCommit' must be true or false");
                }
                autoCommit(Boolean.parseBoolean(value));
            }
            case "pullThreads" -> pullThreads(Integer.parseInt(value));
            case "pullThresholdForAll" -> pullThresholdForAll(Integer.parseInt(value));
            default -> {
                return super.applyOne(key, value);
            }
        }
        return true;
    }

    @Override
    public LitePullConsumerConfig validate() {
        super.validate();
        Checks.range("pullThreads", pullThreads, 1, 256);
        Checks.range("pullThresholdForAll", pullThresholdForAll, 1, 1_000_000);
        return this;
    }
}
