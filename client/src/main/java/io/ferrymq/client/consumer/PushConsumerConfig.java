package io.ferrymq.client.consumer;

import io.ferrymq.common.Checks;

/**
 * Settings of a {@link PushConsumer} (plus those of {@link ConsumerConfig}).
 *
 * <table>
 * <caption>Push consumer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>consumeThreads</td><td>20</td><td>listener threads</td></tr>
 * <tr><td>consumeMessageBatchMaxSize</td><td>1</td><td>most messages per listener call</td></tr>
 * <tr><td>maxReconsumeTimes</td><td>16</td><td>redeliveries before the dead-letter topic</td></tr>
 * <tr><td>suspendCurrentQueueTimeMillis</td><td>1000</td><td>orderly: pause before redelivery</td></tr>
 * <tr><td>lockRenewIntervalMillis</td><td>20000</td><td>orderly: broker lock renewal period</td></tr>
 * <tr><td>lockExpireMillis</td><td>30000</td><td>orderly: a lock not renewed for this long is void</td></tr>
 * <tr><td>pullIntervalMillis</td><td>0</td><td>pause between pulls of one queue</td></tr>
 * </table>
 */
public final class PushConsumerConfig extends ConsumerConfig<PushConsumerConfig> {
    private int consumeThreads = 20;
    private int consumeMessageBatchMaxSize = 1;
    private int maxReconsumeTimes = 16;
    private long suspendCurrentQueueTimeMillis = 1000;
    private long lockRenewIntervalMillis = 20_000;
    private long lockExpireMillis = 30_000;
    private long pullIntervalMillis = 0;

    public int consumeThreads() {
        return consumeThreads;
    }

    public PushConsumerConfig consumeThreads(int v) {
        this.consumeThreads = v;
        return this;
    }

    public int consumeMessageBatchMaxSize() {
        return consumeMessageBatchMaxSize;
    }

    public PushConsumerConfig consumeMessageBatchMaxSize(int v) {
        this.consumeMessageBatchMaxSize = v;
        return this;
    }

    public int maxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    public PushConsumerConfig maxReconsumeTimes(int v) {
        this.maxReconsumeTimes = v;
        return this;
    }

    public long suspendCurrentQueueTimeMillis() {
        return suspendCurrentQueueTimeMillis;
    }

    public PushConsumerConfig suspendCurrentQueueTimeMillis(long v) {
        this.suspendCurrentQueueTimeMillis = v;
        return this;
    }

    public long lockRenewIntervalMillis() {
        return lockRenewIntervalMillis;
    }

    public PushConsumerConfig lockRenewIntervalMillis(long v) {
        this.lockRenewIntervalMillis = v;
        return this;
    }

    public long lockExpireMillis() {
        return lockExpireMillis;
    }

    public PushConsumerConfig lockExpireMillis(long v) {
        this.lockExpireMillis = v;
        return this;
    }

    public long pullIntervalMillis() {
        return pullIntervalMillis;
    }

    public PushConsumerConfig pullIntervalMillis(long v) {
        this.pullIntervalMillis = v;
        return this;
    }

    @Override
    protected boolean applyOne(String key, String value) {
        switch (key) {
            case "consumeThreads" -> consumeThreads(Integer.parseInt(value));
            case "consumeMessageBatchMaxSize" -> consumeMessageBatchMaxSize(Integer.parseInt(value));
            case "maxReconsumeTimes" -> maxReconsumeTimes(Integer.parseInt(value));
            case "suspendCurrentQueueTimeMillis" -> suspendCurrentQueueTimeMillis(Long.parseLong(value));
            case "lockRenewIntervalMillis" -> lockRenewIntervalMillis(Long.parseLong(value));
            case "lockExpireMillis" -> lockExpireMillis(Long.parseLong(value));
            case "pullIntervalMillis" -> pullIntervalMillis(Long.parseLong(value));
            default -> {
                return super.applyOne(key, value);
            }
        }
        return true;
    }

    @Override
    public PushConsumerConfig validate() {
        super.validate();
        Checks.range("consumeThreads", consumeThreads, 1, 1000);
        Checks.range("consumeMessageBatchMaxSize", consumeMessageBatchMaxSize, 1, 1024);
        Checks.range("maxReconsumeTimes", maxReconsumeTimes, -1, 16);
        Checks.range("suspendCurrentQueueTimeMillis", suspendCurrentQueueTimeMillis, 1, 60_000);
        Checks.range("lockRenewIntervalMillis", lockRenewIntervalMillis, 10, 60_000);
        Checks.range("lockExpireMillis", lockExpireMillis, lockRenewIntervalMillis + 1, 600_000);
        Checks.range("pullIntervalMillis", pullIntervalMillis, 0, 60_000);
        return this;
    }
}
