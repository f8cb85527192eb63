package io.ferrymq.broker.stats;

/**
 * Takes the samples behind the minute, hour and day windows of {@link BrokerStats}: run every 10 s, it samples
 * the minute ring each round, the hour ring every 60th round (10 min) and the day ring every 360th (1 h).
 * Runs on one worker thread (a {@code DutyCycleWorker} in the broker); tests call {@link #run()} directly.
 */
public final class StatsSampler {
    public static final long PERIOD_MILLIS = 10_000;
    private static final int HOUR_EVERY = 60;
    private static final int DAY_EVERY = 360;

    private final BrokerStats stats;
    private long rounds;

    public StatsSampler(BrokerStats stats) {
        this.stats = stats;
    }

    public void run() {
        rounds++;
        stats.sample(WindowedCounter.Window.MINUTE);
        if (rounds % HOUR_EVERY == 0) {
            stats.sample(WindowedCounter.Window.HOUR);
        }
        if (rounds % DAY_EVERY == 0) {
            stats.sample(WindowedCounter.Window.DAY);
        }
    }
}
