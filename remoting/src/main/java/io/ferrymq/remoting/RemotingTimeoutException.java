package io.ferrymq.remoting;

/** No response arrived within the request's timeout; the peer may or may not have processed the request. */
public class RemotingTimeoutException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingTimeoutException(String message) {
        super(message);
    }
}
