package io.ferrymq.client.internal;

import io.ferrymq.common.Clock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency fault avoidance for producers: remembers, per broker group, until when it should be avoided. A send
 * that failed isolates the broker for {@code isolationMillis}; a slow send isolates it for a time that grows
 * with its latency (550 ms → 2 s … 15 s → 60 s); fast sends clear nothing but expire naturally.
 *
 * <p>Thread-safe; time comes from the injected {@link Clock} (monotonic).
 */
public final class BrokerFaults {
    private static final long[] LATENCY_STEPS = {50, 100, 550, 1000, 2000, 3000, 15000};
    private static final long[] AVOID_MILLIS = {0, 0, 2000, 5000, 10000, 30000, 60000};

    private final Clock clock;
    private final long isolationMillis;
    private final Map<String, Long> avoidUntil = new ConcurrentHashMap<>();

    public BrokerFaults(Clock clock, long isolationMillis) {
        this.clock = clock;
        this.isolationMillis = isolationMillis;
    }

    /** Records the outcome of a send to {@code brokerName} that took {@code latencyMillis}. */
    public void record(String brokerName, long latencyMillis, boolean failed) {
        long avoid = failed ? isolationMillis : avoidanceFor(latencyMillis);
        if (avoid <= 0) {
            return;
        }
        long until = clock.monotonicMillis() + avoid;
        avoidUntil.merge(brokerName, until, Math::max);
    }

    /** Whether {@code brokerName} may be used now. */
    public boolean isAvailable(String brokerName) {
        Long until = avoidUntil.get(brokerName);
        if (until == null) {
            return true;
        }
        if (clock.monotonicMillis() >= until) {
            avoidUntil.remove(brokerName, until);
            return true;
        }
        return false;
    }

    /** Milliseconds until {@code brokerName} becomes available (0 if it is). */
    public long remainingMillis(String brokerName) {
        Long until = avoidUntil.get(brokerName);
        return until == null ? 0 : Math.max(0, until - clock.monotonicMillis());
    }

    static long avoidanceFor(long latencyMillis) {
        for (int i = LATENCY_STEPS.length - 1; i >= 0; i--) {
            if (latencyMillis >= LATENCY_STEPS[i]) {
                return AVOID_MILLIS[i];
            }
        }
        return 0;
    }
}
