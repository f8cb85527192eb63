package io.ferrymq.remoting;

/**
 * Sees every answer a server sends (synchronous, deferred and transport-level ones such as SYSTEM_BUSY), so
 * response codes and request latency can be counted in one place instead of in every processor. Called on the
 * thread that replies; must be cheap and must not throw.
 */
@FunctionalInterface
public interface ResponseObserver {
    ResponseObserver NONE = (requestCode, responseCode, elapsedNanos) -> { };

    /**
     * @param requestCode  the request's code
     * @param responseCode the answer's code
     * @param elapsedNanos monotonic time from the request's arrival to this answer
     */
    void onResponse(int requestCode, int responseCode, long elapsedNanos);
}
