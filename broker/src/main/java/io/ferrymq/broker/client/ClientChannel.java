package io.ferrymq.broker.client;

import io.ferrymq.remoting.LanguageCode;
import io.ferrymq.remoting.RemotingChannel;

/**
 * One client connection as registered by heartbeats: its clientID, language and version, and when it was last
 * heard from. {@link #touch} is called by request threads, the expiry scan reads it: hence volatile.
 */
public final class ClientChannel {
    private final RemotingChannel channel;
    private final String clientId;
    private final LanguageCode language;
    private final int version;
    private volatile long lastUpdateMillis;

    public ClientChannel(RemotingChannel channel, String clientId, LanguageCode language, int version, long now) {
        this.channel = channel;
        this.clientId = clientId;
        this.language = language;
        this.version = version;
        this.lastUpdateMillis = now;
    }

    public RemotingChannel channel() {
        return channel;
    }

    public String clientId() {
        return clientId;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    public long lastUpdateMillis() {
        return lastUpdateMillis;
    }

    void touch(long now) {
        lastUpdateMillis = now;
    }

    @Override
    public String toString() {
        return clientId + "@" + channel.remoteAddress();
    }
}
