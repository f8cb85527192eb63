package io.ferrymq.broker.stats;

import io.ferrymq.common.Clock;

import java.util.concurrent.atomic.LongAdder;

/**
 * Broker-level counters for GET_BROKER_RUNTIME_INFO and GET_TOPIC_STATS_INFO: messages accepted by sends and
 * messages transferred by pulls, with a rate over the last sampling window (at least one second, computed
 * lazily by whoever reads it). Thread-safe: counters are LongAdders, samples are swapped under the monitor.
 */
public final class BrokerStats {
    private final Clock clock;
    private final long bootTimestamp;
    private final LongAdder putMessages = new LongAdder();
    private final LongAdder putFailures = new LongAdder();
    private final LongAdder getTransferred = new LongAdder();
    private final LongAdder getFound = new LongAdder();
    private final LongAdder getMiss = new LongAdder();
    private final Rate putRate = new Rate();
    private final Rate getRate = new Rate();

    private final class Rate {
        private long lastCount;
        private long lastTime = -1;
        private double tps;

        synchronized double sample(long count) {
            long now = clock.monotonicMillis();
            if (lastTime < 0) {
                lastTime = now;
                lastCount = count;
                return 0;
            }
            long dt = now - lastTime;
            if (dt >= 1000) {
                tps = (count - lastCount) * 1000.0 / dt;
                lastTime = now;
                lastCount = count;
            }
            return tps;
        }
    }

    public BrokerStats(Clock clock) {
        this.clock = clock;
        this.bootTimestamp = clock.currentTimeMillis();
    }

    public void onPut(int messages) {
        putMessages.add(messages);
    }

    public void onPutFailure() {
        putFailures.increment();
    }

    public void onGet(int messages) {
        if (messages > 0) {
            getTransferred.add(messages);
            getFound.increment();
        } else {
            getMiss.increment();
        }
    }

    public long putMessages() {
        return putMessages.sum();
    }

    public long putFailures() {
        return putFailures.sum();
    }

    public long getTransferred() {
        return getTransferred.sum();
    }

    public long getFound() {
        return getFound.sum();
    }

    public long getMiss() {
        return getMiss.sum();
    }

    public double putTps() {
        return putRate.sample(putMessages.sum());
    }

    public double getTransferredTps() {
        return getRate.sample(getTransferred.sum());
    }

    public long bootTimestamp() {
        return bootTimestamp;
    }
}
