package io.ferrymq.remoting;

import io.ferrymq.common.Checks;
/**
 * Settings of a {@link RemotingServer}, validated by {@link #validate()} (the server calls it on start).
 */
public final class RemotingServerConfig {
    private String name = "remoting-server";
    private String bindAddress = "0.0.0.0";
    private int listenPort = 0;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int maxFrameLength = FrameLayout.DEFAULT_MAX_FRAME_LENGTH;
    private int channelMaxIdleSeconds = 120;
    private boolean useEpoll = true;
    private int asyncPermits = 65535;
    private int onewayPermits = 65535;
    private int callbackThreads = 2;
    private long timeoutScanIntervalMillis = 100;
    private TlsConfig tls;

    /** Throws IllegalArgumentException naming the first invalid setting. */
    public RemotingServerConfig validate() {
        Checks.range("listenPort", listenPort, 0, 65535);
        Checks.range("ioThreads", ioThreads, 1, 256);
        Checks.range("maxFrameLength", maxFrameLength, 1024, Integer.MAX_VALUE - 8);
        Checks.range("channelMaxIdleSeconds", channelMaxIdleSeconds, 0, 86_400);
        Checks.range("asyncPermits", asyncPermits, 1, Integer.MAX_VALUE);
        Checks.range("onewayPermits", onewayPermits, 1, Integer.MAX_VALUE);
        Checks.range("callbackThreads", callbackThreads, 1, 256);
        Checks.range("timeoutScanIntervalMillis", timeoutScanIntervalMillis, 10, 10_000);
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be empty");
        }
        return this;
    }

    public String name() { return name; }
    public RemotingServerConfig name(String v) { name = v; return this; }
    public String bindAddress() { return bindAddress; }
    public RemotingServerConfig bindAddress(String v) { bindAddress = v; return this; }
    /** 0 picks a free port; {@link RemotingServer#port()} tells which. */
    public int listenPort() { return listenPort; }
    public RemotingServerConfig listenPort(int v) { listenPort = v; return this; }
    public int ioThreads() { return ioThreads; }
    public RemotingServerConfig ioThreads(int v) { ioThreads = v; return this; }
    /** Largest accepted value of a frame's length field; larger frames close the connection. */
    public int maxFrameLength() { return maxFrameLength; }
    public RemotingServerConfig maxFrameLength(int v) { maxFrameLength = v; return this; }
    /** Connections without traffic for this long are closed; 0 disables. */
    public int channelMaxIdleSeconds() { return channelMaxIdleSeconds; }
    public RemotingServerConfig channelMaxIdleSeconds(int v) { channelMaxIdleSeconds = v; return this; }
    public boolean useEpoll() { return useEpoll; }
    public RemotingServerConfig useEpoll(boolean v) { useEpoll = v; return this; }
    public int asyncPermits() { return asyncPermits; }
    public RemotingServerConfig asyncPermits(int v) { asyncPermits = v; return this; }
    public int onewayPermits() { return onewayPermits; }
    public RemotingServerConfig onewayPermits(int v) { onewayPermits = v; return this; }
    public int callbackThreads() { return callbackThreads; }
    public RemotingServerConfig callbackThreads(int v) { callbackThreads = v; return this; }
    public long timeoutScanIntervalMillis() { return timeoutScanIntervalMillis; }
    public RemotingServerConfig timeoutScanIntervalMillis(long v) { timeoutScanIntervalMillis = v; return this; }
    public TlsConfig tls() { return tls; }
    public RemotingServerConfig tls(TlsConfig v) { tls = v; return this; }
}
