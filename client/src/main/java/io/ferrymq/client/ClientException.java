package io.ferrymq.client;

/**
 * A client operation failed. The message says what failed, where (broker, topic) and what to do next.
 * {@link #retriable()} tells whether trying again later may succeed (network trouble, no route yet, busy
 * broker) or not (bad input, permission denied).
 */
public class ClientException extends RuntimeException {
    private final boolean retriable;

    public ClientException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public ClientException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether the same call may succeed later without changing anything. */
    public boolean retriable() {
        return retriable;
    }
}
