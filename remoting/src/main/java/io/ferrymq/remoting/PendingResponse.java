package io.ferrymq.remoting;

import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** A request awaiting its response: completed exactly once, by the response, a timeout, or a failure. */
final class PendingResponse {
    final int opaque;
    final Channel channel;
    final String address;
    final long deadlineNanos;
    final long timeoutMillis;
    final CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
    private final Semaphore permit;
    private final Executor callbackExecutor;
    private final AtomicBoolean done = new AtomicBoolean();

    PendingResponse(int opaque, Channel channel, String address, long timeoutMillis, Semaphore permit,
                    Executor callbackExecutor) {
        this.opaque = opaque;
        this.channel = channel;
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.permit = permit;
        this.callbackExecutor = callbackExecutor;
    }

    void complete(RemotingCommand response) {
        if (done.compareAndSet(false, true)) {
            releasePermit();
            run(() -> future.complete(response));
        }
    }

    void fail(Throwable cause) {
        if (done.compareAndSet(false, true)) {
            releasePermit();
            run(() -> future.completeExceptionally(cause));
        }
    }

    private void releasePermit() {
        if (permit != null) {
            permit.release();
        }
    }

    /** Async callers' continuations run on the callback executor, never on an I/O thread. */
    private void run(Runnable r) {
        if (callbackExecutor == null) {
            r.run();
            return;
        }
        try {
            callbackExecutor.execute(r);
        } catch (RuntimeException rejected) {
            r.run();
        }
    }
}
