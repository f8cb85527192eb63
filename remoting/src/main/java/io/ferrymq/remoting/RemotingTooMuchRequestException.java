package io.ferrymq.remoting;

/**
 * Back-pressure: too many async or oneway requests are in flight and no permit freed up within the timeout.
 * Retry later or slow down.
 */
public class RemotingTooMuchRequestException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingTooMuchRequestException(String message) {
        super(message);
    }
}
