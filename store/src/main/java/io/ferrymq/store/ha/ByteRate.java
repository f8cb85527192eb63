package io.ferrymq.store.ha;

/**
 * Bytes moved per second for status displays ({@code mqadmin haStatus} transfer speed): counts bytes into the
 * current second of the given (monotonic) millisecond clock and reports the last completed second. Thread-safe (one monitor; called once per
 * replication exchange, not per message).
 */
final class ByteRate {
    private long second = -1;
    private long bytesThisSecond;
    private long bytesLastSecond;

    synchronized void add(long bytes, long nowMillis) {
        roll(nowMillis / 1000);
        bytesThisSecond += Math.max(0, bytes);
    }

    /** Bytes counted in the last completed second (0 when nothing moved in it). */
    synchronized long perSecond(long nowMillis) {
        roll(nowMillis / 1000);
        return bytesLastSecond;
    }

    private void roll(long now) {
        if (now == second) {
            return;
        }
        bytesLastSecond = now == second + 1 ? bytesThisSecond : 0;
        bytesThisSecond = 0;
        second = now;
    }
}
