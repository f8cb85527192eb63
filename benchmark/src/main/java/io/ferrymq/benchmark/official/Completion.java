package io.ferrymq.benchmark.official;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One outstanding operation: when it started, and whether it has been settled. The official client can report the
 * same operation twice (an async send that fails both by exception and through its callback; a {@code request}
 * callback that gets {@code onSuccess(null)} once the request is stored and {@code onSuccess(reply)} later,
 * docs/protocol.md pitfall 23), so only the first settlement counts.
 */
final class Completion {
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean settled = new AtomicBoolean();

    /** True for the first caller only. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    long micros() {
        return (System.nanoTime() - startNanos) / 1000;
    }
}
