package io.ferrymq.console.api;

/** A request the console refuses: the HTTP status and a reason the caller can act on. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String m) {
        return new ApiException(400, m);
    }

    public static ApiException notFound(String m) {
        return new ApiException(404, m);
    }

    public static ApiException conflict(String m) {
        return new ApiException(409, m);
    }
}
