package io.ferrymq.client.producer;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link Producer} (plus the common ones of {@link ClientConfig}), each defined once in {@link #DEF}
 * and checked when set.
 */
public final class ProducerConfig extends ClientConfig<ProducerConfig> {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("producer");

    public static final ConfigKey<String> GROUP = KEYS.define(ConfigKey.optionalString("group")
            .allowed("any non-empty text (required)").doc("Producer group, reported in heartbeats."));
    public static final ConfigKey<Long> SEND_TIMEOUT_MILLIS = KEYS.define(ConfigKey.longKey("sendTimeoutMillis", 3000).range(1, 600_000)
            .doc("Timeout of one send, retries included."));
    public static final ConfigKey<Integer> RETRY_TIMES_WHEN_SEND_FAILED = KEYS.define(ConfigKey.integer("retryTimesWhenSendFailed", 2).range(0, 16)
            .doc("Extra attempts, on another broker when possible."));
    public static final ConfigKey<Integer> COMPRESS_BODY_OVER_BYTES = KEYS.define(ConfigKey.integer("compressBodyOverBytes", 4096).range(0, Integer.MAX_VALUE)
            .doc("Bodies larger than this are ZLIB-compressed."));
    public static final ConfigKey<Integer> COMPRESSION_LEVEL = KEYS.define(ConfigKey.integer("compressionLevel", 5).range(0, 9)
            .doc("ZLIB level."));
    public static final ConfigKey<Integer> MAX_MESSAGE_BYTES = KEYS.define(ConfigKey.integer("maxMessageBytes", 4 * 1024 * 1024).range(1, 64 * 1024 * 1024)
            .doc("Largest body accepted (after compression); batches too."));
    public static final ConfigKey<Boolean> LATENCY_FAULT_AVOIDANCE = KEYS.define(ConfigKey.bool("latencyFaultAvoidance", true)
            .doc("Skip brokers that recently failed or were slow."));
    public static final ConfigKey<Long> FAULT_ISOLATION_MILLIS = KEYS.define(ConfigKey.longKey("faultIsolationMillis", 10_000).range(0, 3_600_000)
            .doc("How long a broker that failed a send is avoided."));
    public static final ConfigKey<Integer> DEFAULT_TOPIC_QUEUE_NUMS = KEYS.define(ConfigKey.integer("defaultTopicQueueNums", 4).range(1, 1024)
            .doc("Queues of a topic auto-created by the broker."));
    public static final ConfigKey<String> CREATE_TOPIC_KEY = KEYS.define(ConfigKey.string("createTopicKey", "TBW102")
            .doc("Template topic for auto-creation."));

    /** The producer's own keys, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues producerValues = DEF.defaults();

    @Override
    protected List<ConfigValues> configValues() {
        List<ConfigValues> all = new ArrayList<>();
        all.add(producerValues);
        all.addAll(super.configValues());
        return all;
    }

    public String group() {
        return producerValues.get(GROUP);
    }

    public ProducerConfig group(String group) {
        producerValues.set(GROUP, group);
        return this;
    }

    public long sendTimeoutMillis() {
        return producerValues.get(SEND_TIMEOUT_MILLIS);
    }

    public ProducerConfig sendTimeoutMillis(long v) {
        producerValues.set(SEND_TIMEOUT_MILLIS, v);
        return this;
    }

    public int retryTimesWhenSendFailed() {
        return producerValues.get(RETRY_TIMES_WHEN_SEND_FAILED);
    }

    public ProducerConfig retryTimesWhenSendFailed(int v) {
        producerValues.set(RETRY_TIMES_WHEN_SEND_FAILED, v);
        return this;
    }

    public int compressBodyOverBytes() {
        return producerValues.get(COMPRESS_BODY_OVER_BYTES);
    }

    public ProducerConfig compressBodyOverBytes(int v) {
        producerValues.set(COMPRESS_BODY_OVER_BYTES, v);
        return this;
    }

    public int compressionLevel() {
        return producerValues.get(COMPRESSION_LEVEL);
    }

    public ProducerConfig compressionLevel(int v) {
        producerValues.set(COMPRESSION_LEVEL, v);
        return this;
    }

    public int maxMessageBytes() {
        return producerValues.get(MAX_MESSAGE_BYTES);
    }

    public ProducerConfig maxMessageBytes(int v) {
        producerValues.set(MAX_MESSAGE_BYTES, v);
        return this;
    }

    public boolean latencyFaultAvoidance() {
        return producerValues.get(LATENCY_FAULT_AVOIDANCE);
    }

    public ProducerConfig latencyFaultAvoidance(boolean v) {
        producerValues.set(LATENCY_FAULT_AVOIDANCE, v);
        return this;
    }

    public long faultIsolationMillis() {
        return producerValues.get(FAULT_ISOLATION_MILLIS);
    }

    public ProducerConfig faultIsolationMillis(long v) {
        producerValues.set(FAULT_ISOLATION_MILLIS, v);
        return this;
    }

    public int defaultTopicQueueNums() {
        return producerValues.get(DEFAULT_TOPIC_QUEUE_NUMS);
    }

    public ProducerConfig defaultTopicQueueNums(int v) {
        producerValues.set(DEFAULT_TOPIC_QUEUE_NUMS, v);
        return this;
    }

    public String createTopicKey() {
        return producerValues.get(CREATE_TOPIC_KEY);
    }

    public ProducerConfig createTopicKey(String v) {
        producerValues.set(CREATE_TOPIC_KEY, v);
        return this;
    }

    @Override
    public ProducerConfig validate() {
        super.validate();
        String group = group();
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group (producer group) is not set");
        }
        return this;
    }
}
