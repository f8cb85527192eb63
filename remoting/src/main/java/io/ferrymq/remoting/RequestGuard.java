package io.ferrymq.remoting;

/**
 * Decides, before a request reaches its processor, whether it may be served (access control, audit). Called on
 * the thread that runs the processor (its executor, or the I/O thread for requests processed there) for every
 * inbound request that has a processor; must be thread-safe and must not block on I/O.
 */
@FunctionalInterface
public interface RequestGuard {
    /**
     * @return null to let the request through, or the response that refuses it (sent instead of processing)
     */
    RemotingCommand admit(RemotingChannel channel, RemotingCommand request);
}
