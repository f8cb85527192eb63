package io.ferrymq.console.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per client address and per user name: after {@code maxFailures} failures within a minute
 * further attempts (even correct ones) are refused until the oldest failure is a minute old. Thread-safe.
 */
public final class LoginLimiter {
    private static final long WINDOW_MILLIS = 60_000;
    private final Clock clock;
    private final int maxFailures;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginLimiter(Clock clock, int maxFailures) {
        this.clock = clock;
        this.maxFailures = maxFailures;
    }

    /** Seconds to wait before another attempt for these keys, 0 when allowed. */
    public long retryAfterSeconds(String... keys) {
        long now = clock.millis();
        long wait = 0;
        for (String k : keys) {
            Deque<Long> d = failures.get(k);
            if (d == null) {
                continue;
            }
            synchronized (d) {
                while (!d.isEmpty() && now - d.peekFirst() >= WINDOW_MILLIS) {
                    d.pollFirst();
                }
                if (d.size() >= maxFailures) {
                    wait = Math.max(wait, (d.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
                }
            }
        }
        return wait;
    }

    public void failed(String... keys) {
        long now = clock.millis();
        for (String k : keys) {
            Deque<Long> d = failures.computeIfAbsent(k, x -> new ArrayDeque<>());
            synchronized (d) {
                d.addLast(now);
                while (d.size() > maxFailures) {
                    d.pollFirst();
                }
            }
        }
    }

    public void succeeded(String... keys) {
        for (String k : keys) {
            failures.remove(k);
        }
    }
}
