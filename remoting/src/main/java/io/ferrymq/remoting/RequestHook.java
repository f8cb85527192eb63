package io.ferrymq.remoting;

/**
 * Adjusts every outbound request just before it is written (e.g. signs it with an account's secret key). Called on
 * the sending thread; must be thread-safe. A request that is re-sent (reconnect) passes through the hook again,
 * so a hook must give the same result when applied twice.
 */
@FunctionalInterface
public interface RequestHook {
    void beforeSend(String remoteAddress, RemotingCommand request);
}
