package io.ferrymq.remoting;

import io.ferrymq.common.config.ConfigDef;
import io.ferrymq.common.config.ConfigKey;
import io.ferrymq.common.config.ConfigValues;

/**
 * Settings of a {@link RemotingServer}. Every key is defined once in {@link #DEF} (Apache RocketMQ's {@code
 * NettyServerConfig} names are accepted as aliases); each value is checked when set. {@code name} (thread-name
 * prefix) and {@code tls} are wiring chosen by the embedding server, not settings, so they are plain fields.
 */
public final class RemotingServerConfig {
    private static final ConfigDef.Builder KEYS = ConfigDef.builder("remoting server");

    public static final ConfigKey<String> BIND_ADDRESS = KEYS.define(ConfigKey.string("bindAddress", "0.0.0.0")
            .doc("Address to bind; 0.0.0.0 binds all interfaces."));
    public static final ConfigKey<Integer> LISTEN_PORT = KEYS.define(ConfigKey.integer("listenPort", 0)
            .range(0, 65535).doc("Port to listen on; 0 picks a free one (RemotingServer.port() tells which)."));
    public static final ConfigKey<Integer> IO_THREADS = KEYS.define(
            ConfigKey.integer("ioThreads", Math.max(2, Runtime.getRuntime().availableProcessors())).range(1, 256)
                    .defaultText("number of processors, at least 2").alias("serverSelectorThreads")
                    .doc("Netty I/O threads."));
    public static final ConfigKey<Integer> MAX_FRAME_LENGTH = KEYS.define(
            ConfigKey.integer("maxFrameLength", FrameLayout.DEFAULT_MAX_FRAME_LENGTH).range(1024, Integer.MAX_VALUE - 8)
                    .doc("Largest accepted value of a frame's length field; larger frames close the connection."));
    public static final ConfigKey<Integer> MAX_CONNECTIONS = KEYS.define(
            ConfigKey.integer("maxConnections", 20_000).range(1, 1_000_000)
                    .doc("Most client connections open at once; a connection beyond it is closed as soon as it is "
                            + "accepted, with a WARN naming the limit (at most one line a second)."));
    public static final ConfigKey<Integer> CHANNEL_MAX_IDLE_SECONDS = KEYS.define(
            ConfigKey.integer("channelMaxIdleSeconds", 120).range(0, 86_400).alias("serverChannelMaxIdleTimeSeconds")
                    .doc("Connections without traffic for this long are closed; 0 disables."));
    public static final ConfigKey<Boolean> USE_EPOLL = KEYS.define(ConfigKey.bool("useEpoll", true)
            .alias("useEpollNativeSelector").doc("Use Linux epoll when available."));
    public static final ConfigKey<Integer> ASYNC_PERMITS = KEYS.define(ConfigKey.integer("asyncPermits", 65535)
            .range(1, Integer.MAX_VALUE).alias("serverAsyncSemaphoreValue")
            .doc("Most server-to-client async requests in flight at once."));
    public static final ConfigKey<Integer> ONEWAY_PERMITS = KEYS.define(ConfigKey.integer("onewayPermits", 65535)
            .range(1, Integer.MAX_VALUE).alias("serverOnewaySemaphoreValue")
            .doc("Most server-to-client oneway requests being written at once."));
    public static final ConfigKey<Integer> CALLBACK_THREADS = KEYS.define(ConfigKey.integer("callbackThreads", 2)
            .range(1, 256).alias("serverCallbackExecutorThreads").doc("Threads running async response callbacks."));
    public static final ConfigKey<Long> TIMEOUT_SCAN_INTERVAL_MILLIS = KEYS.define(
            ConfigKey.longKey("timeoutScanIntervalMillis", 100).range(10, 10_000)
                    .doc("How often expired requests are failed with a timeout."));

    /** Every remoting-server key, in documentation order. */
    public static final ConfigDef DEF = KEYS.build();

    private final ConfigValues values;
    private String name = "remoting-server";
    private io.ferrymq.remoting.tls.ServerTls tls;
    private boolean flushConsolidation;

    public RemotingServerConfig() {
        this.values = DEF.defaults();
    }

    /** A config holding a copy of {@code values} (read elsewhere, e.g. from the broker's file). */
    public RemotingServerConfig(ConfigValues values) {
        if (values.def() != DEF) {
            throw new IllegalArgumentException("not remoting-server values: " + values.def().component());
        }
        this.values = values.copy();
    }

    /** Every value is checked when set; kept so the server states where validation happens. Returns this. */
    public RemotingServerConfig validate() {
        return this;
    }

    /** The values, e.g. to read keys from a file with {@link io.ferrymq.common.config.ConfigReader}. */
    public ConfigValues values() {
        return values;
    }

    public String name() { return name; }
    public RemotingServerConfig name(String v) { name = v; return this; }
    public String bindAddress() { return values.get(BIND_ADDRESS); }
    public RemotingServerConfig bindAddress(String v) { values.set(BIND_ADDRESS, v); return this; }
    /** 0 picks a free port; {@link RemotingServer#port()} tells which. */
    public int listenPort() { return values.get(LISTEN_PORT); }
    public RemotingServerConfig listenPort(int v) { values.set(LISTEN_PORT, v); return this; }
    public int ioThreads() { return values.get(IO_THREADS); }
    public RemotingServerConfig ioThreads(int v) { values.set(IO_THREADS, v); return this; }
    /** Largest accepted value of a frame's length field; larger frames close the connection. */
    public int maxFrameLength() { return values.get(MAX_FRAME_LENGTH); }
    public RemotingServerConfig maxFrameLength(int v) { values.set(MAX_FRAME_LENGTH, v); return this; }
    /** Connections without traffic for this long are closed; 0 disables. */
    public int channelMaxIdleSeconds() { return values.get(CHANNEL_MAX_IDLE_SECONDS); }
    public RemotingServerConfig channelMaxIdleSeconds(int v) { values.set(CHANNEL_MAX_IDLE_SECONDS, v); return this; }
    /** Most client connections open at once; more are closed as soon as they are accepted. */
    public int maxConnections() { return values.get(MAX_CONNECTIONS); }
    public RemotingServerConfig maxConnections(int v) { values.set(MAX_CONNECTIONS, v); return this; }
    public boolean useEpoll() { return values.get(USE_EPOLL); }
    public RemotingServerConfig useEpoll(boolean v) { values.set(USE_EPOLL, v); return this; }
    public int asyncPermits() { return values.get(ASYNC_PERMITS); }
    public RemotingServerConfig asyncPermits(int v) { values.set(ASYNC_PERMITS, v); return this; }
    public int onewayPermits() { return values.get(ONEWAY_PERMITS); }
    public RemotingServerConfig onewayPermits(int v) { values.set(ONEWAY_PERMITS, v); return this; }
    public int callbackThreads() { return values.get(CALLBACK_THREADS); }
    public RemotingServerConfig callbackThreads(int v) { values.set(CALLBACK_THREADS, v); return this; }
    public long timeoutScanIntervalMillis() { return values.get(TIMEOUT_SCAN_INTERVAL_MILLIS); }
    public RemotingServerConfig timeoutScanIntervalMillis(long v) { values.set(TIMEOUT_SCAN_INTERVAL_MILLIS, v); return this; }
    /**
     * Whether answers written while a read burst is being processed are flushed once, at the end of the burst
     * (Netty's {@code FlushConsolidationHandler}): one write system call and one TCP segment for several answers
     * instead of one each. Pays off when requests are processed on the I/O thread; answers written from other
     * threads are flushed at once either way. Off by default.
     */
    public boolean flushConsolidation() { return flushConsolidation; }
    public RemotingServerConfig flushConsolidation(boolean v) { flushConsolidation = v; return this; }
    /** The TLS policy of the port (null: plaintext only, without sniffing; see {@code ServerTls}). */
    public io.ferrymq.remoting.tls.ServerTls tls() { return tls; }
    /** The TLS policy of the port; started (certificate read) by its owner before the server starts. */
    public RemotingServerConfig tls(io.ferrymq.remoting.tls.ServerTls v) { tls = v; return this; }
}
