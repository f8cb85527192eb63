package io.ferrymq.remoting;

/** A received frame violates the protocol; the connection that sent it is closed. */
public class FrameFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FrameFormatException(String message) {
        super(message);
    }

    public FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
