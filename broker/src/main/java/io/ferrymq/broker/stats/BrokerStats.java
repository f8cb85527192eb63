package io.ferrymq.broker.stats;

import io.ferrymq.common.Clock;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's traffic statistics, the one source of truth that VIEW_BROKER_STATS_DATA ({@code mqadmin statsAll}),
 * GET_BROKER_RUNTIME_INFO ({@code brokerStatus}, {@code clusterList}) and the Prometheus series all read.
 *
 * <p>Tables carry RocketMQ's statistic names and keys: {@code TOPIC_PUT_NUMS}/{@code TOPIC_PUT_SIZE} by topic,
 * {@code GROUP_GET_NUMS}/{@code GROUP_GET_SIZE} and {@code SNDBCK_PUT_NUMS} by {@code topic@group},
 * {@code DLQ_PUT_NUMS} by group, {@code BROKER_PUT_NUMS}/{@code BROKER_GET_NUMS} by cluster name. Answers other
 * than SUCCESS are counted by request kind and response code. Thread-safe: request threads add, the
 * {@link StatsSampler} samples, admin and scrape threads read.
 */
public final class BrokerStats {
    public static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    public static final String TOPIC_PUT_SIZE = "TOPIC_PUT_SIZE";
    public static final String GROUP_GET_NUMS = "GROUP_GET_NUMS";
    public static final String GROUP_GET_SIZE = "GROUP_GET_SIZE";
    public static final String SNDBCK_PUT_NUMS = "SNDBCK_PUT_NUMS";
    public static final String DLQ_PUT_NUMS = "DLQ_PUT_NUMS";
    public static final String BROKER_PUT_NUMS = "BROKER_PUT_NUMS";
    public static final String BROKER_GET_NUMS = "BROKER_GET_NUMS";

    private final Clock clock;
    private final String clusterName;
    private final long bootTimestamp;
    private final Map<String, StatsTable> tables = new LinkedHashMap<>();
    private final StatsTable topicPutNums;
    private final StatsTable topicPutSize;
    private final StatsTable groupGetNums;
    private final StatsTable groupGetSize;
    private final StatsTable sendBackNums;
    private final StatsTable dlqPutNums;
    private final StatsTable brokerPutNums;
    private final StatsTable brokerGetNums;
    private final WindowedCounter getFound;
    private final WindowedCounter getMiss;
    private final LongAdder putFailures = new LongAdder();
    private final Map<Rejection, LongAdder> rejections = new ConcurrentHashMap<>();
    /** Where store put latencies go (the metrics timer when metrics are on; nowhere otherwise). */
    private volatile java.util.function.LongConsumer putLatency = nanos -> { };

    /** A non-SUCCESS answer: which kind of request ({@link RequestKind}) got which response code. */
    public record Rejection(String request, int code) {
        /** The response code's name (SYSTEM_BUSY, ...) or its number when unnamed. */
        public String codeName() {
            return ResponseCodeNames.of(code);
        }
    }

    public BrokerStats(Clock clock) {
        this(clock, "DefaultCluster");
    }

    public BrokerStats(Clock clock, String clusterName) {
        this.clock = clock;
        this.clusterName = clusterName;
        this.bootTimestamp = clock.currentTimeMillis();
        topicPutNums = table(TOPIC_PUT_NUMS);
        topicPutSize = table(TOPIC_PUT_SIZE);
        groupGetNums = table(GROUP_GET_NUMS);
        groupGetSize = table(GROUP_GET_SIZE);
        sendBackNums = table(SNDBCK_PUT_NUMS);
        dlqPutNums = table(DLQ_PUT_NUMS);
        brokerPutNums = table(BROKER_PUT_NUMS);
        brokerGetNums = table(BROKER_GET_NUMS);
        getFound = new WindowedCounter(clock.monotonicMillis());
        getMiss = new WindowedCounter(clock.monotonicMillis());
    }

    private StatsTable table(String name) {
        StatsTable t = new StatsTable(name, clock);
        tables.put(name, t);
        return t;
    }

    /** {@code messages} stored into {@code topic}, {@code bytes} as written to the commit log. */
    public void onTopicPut(String topic, int messages, long bytes) {
        topicPutNums.add(topic, messages, 1);
        topicPutSize.add(topic, bytes, 1);
        onPut(messages);
    }

    /** Broker-level count only, for puts without a topic figure (kept for callers that predate topics). */
    public void onPut(int messages) {
        brokerPutNums.add(clusterName, messages, 1);
    }

    /** A store put (single or batch) completed {@code nanos} after it was handed to the store. */
    public void onStorePut(long nanos) {
        putLatency.accept(nanos);
    }

    /** Sends every store put latency to {@code sink} (set once by the metrics at start). */
    public void putLatencyTo(java.util.function.LongConsumer sink) {
        this.putLatency = sink;
    }

    public void onPutFailure() {
        putFailures.increment();
    }

    /** A pull by {@code group} on {@code topic} that returned {@code messages} ({@code bytes} in total). */
    public void onGroupGet(String topic, String group, int messages, long bytes) {
        if (messages > 0) {
            String key = topic + "@" + group;
            groupGetNums.add(key, messages, 1);
            groupGetSize.add(key, bytes, 1);
        }
        onGet(messages);
    }

    /** Broker-level count only. */
    public void onGet(int messages) {
        if (messages > 0) {
            brokerGetNums.add(clusterName, messages, 1);
            getFound.add(1, 1);
        } else {
            getMiss.add(1, 1);
        }
    }

    /** A message of {@code topic} sent back by {@code group} for a later retry (or to its DLQ). */
    public void onSendBack(String topic, String group) {
        sendBackNums.add(topic + "@" + group, 1, 1);
    }

    /** A message of {@code group} moved to its dead-letter queue. */
    public void onDeadLetter(String group) {
        dlqPutNums.add(group, 1, 1);
    }

    /** Counts an answer that was not SUCCESS; {@code requestCode} is sorted into a {@link RequestKind}. */
    public void onAnswer(int requestCode, int responseCode) {
        if (responseCode == ResponseCode.SUCCESS) {
            return;
        }
        String kind = RequestKind.of(requestCode, responseCode);
        if (kind == null) {
            return;
        }
        rejections.computeIfAbsent(new Rejection(kind, responseCode), r -> new LongAdder()).increment();
    }

    /** Messages per second {@code group} pulled from {@code topic} over the last minute (ConsumeStats). */
    public double consumeTps(String group, String topic) {
        WindowedCounter c = groupGetNums.get(topic + "@" + group);
        return c == null ? 0 : c.window(WindowedCounter.Window.MINUTE, clock.monotonicMillis()).tps();
    }

    /** Every table by its RocketMQ statistic name. */
    public Map<String, StatsTable> tables() {
        return tables;
    }

    /** The counter behind VIEW_BROKER_STATS_DATA {@code name}/{@code key}, or null when there is none. */
    public WindowedCounter counter(String name, String key) {
        StatsTable t = tables.get(name);
        return t == null ? null : t.get(key);
    }

    public StatsTable topicPutNums() {
        return topicPutNums;
    }

    public StatsTable topicPutSize() {
        return topicPutSize;
    }

    public StatsTable groupGetNums() {
        return groupGetNums;
    }

    public StatsTable groupGetSize() {
        return groupGetSize;
    }

    public StatsTable sendBackNums() {
        return sendBackNums;
    }

    public StatsTable dlqPutNums() {
        return dlqPutNums;
    }

    /** SYSTEM_BUSY answers so far, every kind of request (GET_BROKER_RUNTIME_INFO {@code systemBusyRejections}). */
    public long systemBusyRejections() {
        long sum = 0;
        for (Map.Entry<Rejection, LongAdder> e : rejections.entrySet()) {
            if (e.getKey().code() == ResponseCode.SYSTEM_BUSY) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    /** Live view of the non-SUCCESS answers counted so far. */
    public Map<Rejection, LongAdder> rejections() {
        return rejections;
    }

    public long putMessages() {
        WindowedCounter c = brokerPutNums.get(clusterName);
        return c == null ? 0 : c.total();
    }

    public long putFailures() {
        return putFailures.sum();
    }

    public long getTransferred() {
        WindowedCounter c = brokerGetNums.get(clusterName);
        return c == null ? 0 : c.total();
    }

    public long getFound() {
        return getFound.total();
    }

    public long getMiss() {
        return getMiss.total();
    }

    /** Messages put per second over the last 10 s, 60 s and 10 min (GET_BROKER_RUNTIME_INFO putTps). */
    public double[] putTps() {
        return rates(brokerPutNums.get(clusterName));
    }

    /** Messages pulled per second over the last 10 s, 60 s and 10 min. */
    public double[] getTransferredTps() {
        return rates(brokerGetNums.get(clusterName));
    }

    public double[] getFoundTps() {
        return rates(getFound);
    }

    public double[] getMissTps() {
        return rates(getMiss);
    }

    private double[] rates(WindowedCounter c) {
        if (c == null) {
            return new double[3];
        }
        long now = clock.monotonicMillis();
        return new double[] {
            c.since(WindowedCounter.Window.MINUTE, 10_000, now).tps(),
            c.window(WindowedCounter.Window.MINUTE, now).tps(),
            c.since(WindowedCounter.Window.HOUR, 600_000, now).tps()};
    }

    /** Samples every counter into {@code w}'s ring (the sampler thread). */
    void sample(WindowedCounter.Window w) {
        for (StatsTable t : tables.values()) {
            t.sample(w);
        }
        long now = clock.monotonicMillis();
        getFound.sample(w, now);
        getMiss.sample(w, now);
    }

    public long bootTimestamp() {
        return bootTimestamp;
    }

    public String clusterName() {
        return clusterName;
    }

    public long nowMillis() {
        return clock.monotonicMillis();
    }
}
