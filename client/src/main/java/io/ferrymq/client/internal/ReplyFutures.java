package io.ferrymq.client.internal;

import io.ferrymq.common.Clock;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.producer.RequestTimeoutException;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pending requests of a requester, by correlation id. A reply pushed by a broker completes its future; a
 * periodic {@link #expire()} fails the ones past their deadline (monotonic clock). Thread-safe.
 */
public final class ReplyFutures {
    private record Pending(CompletableFuture<ReceivedMessage> future, long deadline, String topic) {
    }

    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public ReplyFutures(Clock clock) {
        this.clock = clock;
    }

    /** Registers a request; the returned future completes with the reply or fails on expiry. */
    public CompletableFuture<ReceivedMessage> register(String correlationId, long timeoutMillis, String topic) {
        CompletableFuture<ReceivedMessage> f = new CompletableFuture<>();
        pending.put(correlationId, new Pending(f, clock.monotonicMillis() + timeoutMillis, topic));
        f.whenComplete((r, e) -> pending.remove(correlationId));
        return f;
    }

    /** Completes the request {@code correlationId}; false when none is pending (late or unknown reply). */
    public boolean complete(String correlationId, ReceivedMessage reply) {
        Pending p = correlationId == null ? null : pending.remove(correlationId);
        return p != null && p.future().complete(reply);
    }

    /** Fails a pending request (e.g. its send failed). */
    public void fail(String correlationId, Throwable error) {
        Pending p = pending.remove(correlationId);
        if (p != null) {
            p.future().completeExceptionally(error);
        }
    }

    /** Fails every request whose deadline passed; returns how many. */
    public int expire() {
        long now = clock.monotonicMillis();
        int n = 0;
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> e = it.next();
            if (now >= e.getValue().deadline()) {
                it.remove();
                n++;
                e.getValue().future().completeExceptionally(new RequestTimeoutException("no reply to request "
                    + e.getKey() + " on topic " + e.getValue().topic() + " within its timeout"));
            }
        }
        return n;
    }

    /** Fails everything (shutdown). */
    public void failAll(String reason) {
        for (String id : pending.keySet()) {
            fail(id, new io.ferrymq.client.ClientException(reason, false));
        }
    }

    public int size() {
        return pending.size();
    }
}
