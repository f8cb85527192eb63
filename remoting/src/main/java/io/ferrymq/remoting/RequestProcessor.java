package io.ferrymq.remoting;

/**
 * Handles requests of the codes it is registered for, on the executor it was registered with.
 */
@FunctionalInterface
public interface RequestProcessor {
    /**
     * Processes one request.
     *
     * @return the response, which the transport binds to the request and writes (and drops for oneway
     *         requests); or null when there is no response now: the processor answers later with
     *         {@link RemotingChannel#reply}, e.g. for a long-polled pull or an asynchronous store put
     * @throws HeaderFieldException answered with INVALID_PARAMETER naming the field
     * @throws Exception answered with SYSTEM_ERROR and logged
     */
    RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception;
}
