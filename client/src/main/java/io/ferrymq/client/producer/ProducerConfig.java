package io.ferrymq.client.producer;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.common.Checks;

/**
 * Settings of a {@link Producer} (plus the common ones of {@link ClientConfig}).
 *
 * <table>
 * <caption>Producer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>group</td><td>(required)</td><td>producer group, reported in heartbeats</td></tr>
 * <tr><td>sendTimeoutMillis</td><td>3000</td><td>timeout of one send, retries included</td></tr>
 * <tr><td>retryTimesWhenSendFailed</td><td>2</td><td>extra attempts, on another broker when possible</td></tr>
 * <tr><td>compressBodyOverBytes</td><td>4096</td><td>bodies larger than this are ZLIB-compressed</td></tr>
 * <tr><td>compressionLevel</td><td>5</td><td>ZLIB level 0-9</td></tr>
 * <tr><td>maxMessageBytes</td><td>4194304</td><td>largest body accepted (after compression); batches too</td></tr>
 * <tr><td>latencyFaultAvoidance</td><td>true</td><td>skip brokers that recently failed or were slow</td></tr>
 * <tr><td>faultIsolationMillis</td><td>10000</td><td>how long a broker that failed a send is avoided</td></tr>
 * <tr><td>defaultTopicQueueNums</td><td>4</td><td>queues of a topic auto-created by the broker</td></tr>
 * <tr><td>createTopicKey</td><td>TBW102</td><td>template topic for auto-creation</td></tr>
 * </table>
 */
public final class ProducerConfig extends ClientConfig<ProducerConfig> {
    private String group;
    private long sendTimeoutMillis = 3000;
    private int retryTimesWhenSendFailed = 2;
    private int compressBodyOverBytes = 4096;
    private int compressionLevel = 5;
    private int maxMessageBytes = 4 * 1024 * 1024;
    private boolean latencyFaultAvoidance = true;
    private long faultIsolationMillis = 10_000;
    private int defaultTopicQueueNums = 4;
    private String createTopicKey = "TBW102";

    public String group() {
        return group;
    }

    public ProducerConfig group(String group) {
        this.group = group;
        return this;
    }

    public long sendTimeoutMillis() {
        return sendTimeoutMillis;
    }

    public ProducerConfig sendTimeoutMillis(long v) {
        this.sendTimeoutMillis = v;
        return this;
    }

    public int retryTimesWhenSendFailed() {
        return retryTimesWhenSendFailed;
    }

    public ProducerConfig retryTimesWhenSendFailed(int v) {
        this.retryTimesWhenSendFailed = v;
        return this;
    }

    public int compressBodyOverBytes() {
        return compressBodyOverBytes;
    }

    public ProducerConfig compressBodyOverBytes(int v) {
        this.compressBodyOverBytes = v;
        return this;
    }

    public int compressionLevel() {
        return compressionLevel;
    }

    public ProducerConfig compressionLevel(int v) {
        this.compressionLevel = v;
        return this;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public ProducerConfig maxMessageBytes(int v) {
        this.maxMessageBytes = v;
        return this;
    }

    public boolean latencyFaultAvoidance() {
        return latencyFaultAvoidance;
    }

    public ProducerConfig latencyFaultAvoidance(boolean v) {
        this.latencyFaultAvoidance = v;
        return this;
    }

    public long faultIsolationMillis() {
        return faultIsolationMillis;
    }

    public ProducerConfig faultIsolationMillis(long v) {
        this.faultIsolationMillis = v;
        return this;
    }

    public int defaultTopicQueueNums() {
        return defaultTopicQueueNums;
    }

    public ProducerConfig defaultTopicQueueNums(int v) {
        this.defaultTopicQueueNums = v;
        return this;
    }

    public String createTopicKey() {
        return createTopicKey;
    }

    public ProducerConfig createTopicKey(String v) {
        this.createTopicKey = v;
        return this;
    }

    @Override
    protected boolean applyOne(String key, String value) {
        switch (key) {
            case "group" -> group(value);
            case "sendTimeoutMillis" -> sendTimeoutMillis(Long.parseLong(value));
            case "retryTimesWhenSendFailed" -> retryTimesWhenSendFailed(Integer.parseInt(value));
            case "compressBodyOverBytes" -> compressBodyOverBytes(Integer.parseInt(value));
            case "compressionLevel" -> compressionLevel(Integer.parseInt(value));
            case "maxMessageBytes" -> maxMessageBytes(Integer.parseInt(value));
            case "latencyFaultAvoidance" -> latencyFaultAvoidance(parseBoolean(key, value));
            case "faultIsolationMillis" -> faultIsolationMillis(Long.parseLong(value));
            case "defaultTopicQueueNums" -> defaultTopicQueueNums(Integer.parseInt(value));
            case "createTopicKey" -> createTopicKey(value);
            default -> {
                return super.applyOne(key, value);
            }
        }
        return true;
    }

    static boolean parseBoolean(String key, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("client setting '" + key + "' must be true or false, got '" + value
                + "'");
        }
        return Boolean.parseBoolean(value);
    }

    @Override
    public ProducerConfig validate() {
        super.validate();
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group (producer group) is not set");
        }
        Checks.range("sendTimeoutMillis", sendTimeoutMillis, 1, 600_000);
        Checks.range("retryTimesWhenSendFailed", retryTimesWhenSendFailed, 0, 16);
        Checks.range("compressBodyOverBytes", compressBodyOverBytes, 0, Integer.MAX_VALUE);
        Checks.range("compressionLevel", compressionLevel, 0, 9);
        Checks.range("maxMessageBytes", maxMessageBytes, 1, 64 * 1024 * 1024);
        Checks.range("faultIsolationMillis", faultIsolationMillis, 0, 3_600_000);
        Checks.range("defaultTopicQueueNums", defaultTopicQueueNums, 1, 1024);
        return this;
    }
}
