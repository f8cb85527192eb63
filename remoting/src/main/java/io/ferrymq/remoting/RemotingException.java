package io.ferrymq.remoting;

/** Base of transport failures; subclasses say whether the request may have reached the peer. */
public class RemotingException extends Exception {
    private static final long serialVersionUID = 1L;

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
