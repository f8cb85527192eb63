package io.ferrymq.remoting;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

/**
 * Settings of a {@link RemotingClient}. Every key is defined once in {@link #DEF} (Apache RocketMQ's {@code
 * NettyClientConfig} names are accepted as aliases); each value is checked when set. {@code name} (thread-name
 * prefix) and {@code tls} are wiring chosen by the embedding component, not settings, so they are plain fields.
 */
public final class RemotingClientConfig {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("remoting client");

    public static final ConfigKey<Integer> IO_THREADS = KEYS.define(ConfigKey.integer("ioThreads", 1).range(1, 256)
            .alias("clientWorkerThreads").doc("Netty I/O threads."));
    public static final ConfigKey<Integer> CONNECT_TIMEOUT_MILLIS = KEYS.define(
            ConfigKey.integer("connectTimeoutMillis", 3000).range(1, 600_000)
                    .doc("How long a connection attempt may take."));
    public static final ConfigKey<Integer> MAX_FRAME_LENGTH = KEYS.define(
            ConfigKey.integer("maxFrameLength", FrameLayout.DEFAULT_MAX_FRAME_LENGTH).range(1024, Integer.MAX_VALUE - 8)
                    .doc("Largest accepted value of a frame's length field; larger frames close the connection."));
    public static final ConfigKey<Integer> CHANNEL_MAX_IDLE_SECONDS = KEYS.define(
            ConfigKey.integer("channelMaxIdleSeconds", 120).range(0, 86_400).alias("clientChannelMaxIdleTimeSeconds")
                    .doc("Connections without traffic for this long are closed; 0 disables."));
    public static final ConfigKey<Boolean> USE_EPOLL = KEYS.define(ConfigKey.bool("useEpoll", true)
            .doc("Use Linux epoll when available."));
    public static final ConfigKey<Integer> ASYNC_PERMITS = KEYS.define(ConfigKey.integer("asyncPermits", 65535)
            .range(1, Integer.MAX_VALUE).alias("clientAsyncSemaphoreValue")
            .doc("Most async requests in flight at once; further calls wait up to their timeout for a permit."));
    public static final ConfigKey<Integer> ONEWAY_PERMITS = KEYS.define(ConfigKey.integer("onewayPermits", 65535)
            .range(1, Integer.MAX_VALUE).alias("clientOnewaySemaphoreValue")
            .doc("Most oneway requests being written at once."));
    public static final ConfigKey<Integer> CALLBACK_THREADS = KEYS.define(ConfigKey.integer("callbackThreads", 2)
            .range(1, 256).alias("clientCallbackExecutorThreads").doc("Threads running async response callbacks."));
    public static final ConfigKey<Long> TIMEOUT_SCAN_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("timeoutScanIntervalMillis", 100).range(10, 10_000)
                    .doc("How often expired requests are failed with a timeout."));

    /** Every remoting-client key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values = DEF.defaults();
    private String name = "remoting-client";
    private TlsConfig tls;

    /** Every value is checked when set; kept so the client states where validation happens. Returns this. */
    public RemotingClientConfig validate() {
        return this;
    }

    public ConfigValues values() {
        return values;
    }

    public String name() { return name; }
    public RemotingClientConfig name(String v) { name = v; return this; }
    public int ioThreads() { return values.get(IO_THREADS); }
    public RemotingClientConfig ioThreads(int v) { values.set(IO_THREADS, v); return this; }
    public int connectTimeoutMillis() { return values.get(CONNECT_TIMEOUT_MILLIS); }
    public RemotingClientConfig connectTimeoutMillis(int v) { values.set(CONNECT_TIMEOUT_MILLIS, v); return this; }
    public int maxFrameLength() { return values.get(MAX_FRAME_LENGTH); }
    public RemotingClientConfig maxFrameLength(int v) { values.set(MAX_FRAME_LENGTH, v); return this; }
    public int channelMaxIdleSeconds() { return values.get(CHANNEL_MAX_IDLE_SECONDS); }
    public RemotingClientConfig channelMaxIdleSeconds(int v) { values.set(CHANNEL_MAX_IDLE_SECONDS, v); return this; }
    public boolean useEpoll() { return values.get(USE_EPOLL); }
    public RemotingClientConfig useEpoll(boolean v) { values.set(USE_EPOLL, v); return this; }
    /** Most async requests in flight at once; further calls wait up to their timeout for a permit. */
    public int asyncPermits() { return values.get(ASYNC_PERMITS); }
    public RemotingClientConfig asyncPermits(int v) { values.set(ASYNC_PERMITS, v); return this; }
    /** Most oneway requests being written at once. */
    public int onewayPermits() { return values.get(ONEWAY_PERMITS); }
    public RemotingClientConfig onewayPermits(int v) { values.set(ONEWAY_PERMITS, v); return this; }
    public int callbackThreads() { return values.get(CALLBACK_THREADS); }
    public RemotingClientConfig callbackThreads(int v) { values.set(CALLBACK_THREADS, v); return this; }
    public long timeoutScanIntervalMillis() { return values.get(TIMEOUT_SCAN_INTERVAL_MILLIS); }
    public RemotingClientConfig timeoutScanIntervalMillis(long v) { values.set(TIMEOUT_SCAN_INTERVAL_MILLIS, v); return this; }
    public TlsConfig tls() { return tls; }
    public RemotingClientConfig tls(TlsConfig v) { tls = v; return this; }
}
