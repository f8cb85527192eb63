package io.ferrymq.remoting;

import io.ferrymq.common.Checks;
/** Settings of a {@link RemotingClient}, validated by {@link #validate()} (the client calls it on creation). */
public final class RemotingClientConfig {
    private String name = "remoting-client";
    private int ioThreads = 1;
    private int connectTimeoutMillis = 3000;
    private int maxFrameLength = FrameLayout.DEFAULT_MAX_FRAME_LENGTH;
    private int channelMaxIdleSeconds = 120;
    private boolean useEpoll = true;
    private int asyncPermits = 65535;
    private int onewayPermits = 65535;
    private int callbackThreads = 2;
    private long timeoutScanIntervalMillis = 100;
    private TlsConfig tls;

    public RemotingClientConfig validate() {
        Checks.range("ioThreads", ioThreads, 1, 256);
        Checks.range("connectTimeoutMillis", connectTimeoutMillis, 1, 600_000);
        Checks.range("maxFrameLength", maxFrameLength, 1024, Integer.MAX_VALUE - 8);
        Checks.range("channelMaxIdleSeconds", channelMaxIdleSeconds, 0, 86_400);
        Checks.range("asyncPermits", asyncPermits, 1, Integer.MAX_VALUE);
        Checks.range("onewayPermits", onewayPermits, 1, Integer.MAX_VALUE);
        Checks.range("callbackThreads", callbackThreads, 1, 256);
        Checks.range("timeoutScanIntervalMillis", timeoutScanIntervalMillis, 10, 10_000);
        return this;
    }

    public String name() { return name; }
    public RemotingClientConfig name(String v) { name = v; return this; }
    public int ioThreads() { return ioThreads; }
    public RemotingClientConfig ioThreads(int v) { ioThreads = v; return this; }
    public int connectTimeoutMillis() { return connectTimeoutMillis; }
    public RemotingClientConfig connectTimeoutMillis(int v) { connectTimeoutMillis = v; return this; }
    public int maxFrameLength() { return maxFrameLength; }
    public RemotingClientConfig maxFrameLength(int v) { maxFrameLength = v; return this; }
    public int channelMaxIdleSeconds() { return channelMaxIdleSeconds; }
    public RemotingClientConfig channelMaxIdleSeconds(int v) { channelMaxIdleSeconds = v; return this; }
    public boolean useEpoll() { return useEpoll; }
    public RemotingClientConfig useEpoll(boolean v) { useEpoll = v; return this; }
    /** Most async requests in flight at once; further calls wait up to their timeout for a permit. */
    public int asyncPermits() { return asyncPermits; }
    public RemotingClientConfig asyncPermits(int v) { asyncPermits = v; return this; }
    /** Most oneway requests being written at once. */
    public int onewayPermits() { return onewayPermits; }
    public RemotingClientConfig onewayPermits(int v) { onewayPermits = v; return this; }
    public int callbackThreads() { return callbackThreads; }
    public RemotingClientConfig callbackThreads(int v) { callbackThreads = v; return this; }
    public long timeoutScanIntervalMillis() { return timeoutScanIntervalMillis; }
    public RemotingClientConfig timeoutScanIntervalMillis(long v) { timeoutScanIntervalMillis = v; return this; }
    public TlsConfig tls() { return tls; }
    public RemotingClientConfig tls(TlsConfig v) { tls = v; return this; }
}
