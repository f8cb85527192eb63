package io.ferrymq.remoting;

/**
 * Connection life-cycle events, delivered in order on one dedicated event thread per endpoint (so a slow
 * listener delays other events, never I/O).
 */
public interface ChannelEventListener {
    default void onConnect(RemotingChannel channel) {
    }

    default void onClose(RemotingChannel channel) {
    }

    /** The connection saw no traffic for the configured idle time; it is closed right after this event. */
    default void onIdle(RemotingChannel channel) {
    }

    /** The connection failed (e.g. a malformed frame); it is closed right after this event. */
    default void onException(RemotingChannel channel, Throwable cause) {
    }
}
