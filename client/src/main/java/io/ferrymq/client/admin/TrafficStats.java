package io.ferrymq.client.admin;

/**
 * One traffic statistic of one broker as VIEW_BROKER_STATS_DATA reports it (what {@code mqadmin statsAll} reads):
 * the amount per second over the last minute and the last hour, and the amount of the last day.
 *
 * @param minuteTps per second over the last minute
 * @param hourTps   per second over the last hour
 * @param daySum    total of the last day
 */
public record TrafficStats(double minuteTps, double hourTps, long daySum) {
    /** Nothing counted (the broker has no counter for the key yet). */
    public static final TrafficStats NONE = new TrafficStats(0, 0, 0);

    /** The sum of two brokers' figures (a topic or group spread over several masters). */
    public TrafficStats plus(TrafficStats o) {
        return new TrafficStats(minuteTps + o.minuteTps, hourTps + o.hourTps, daySum + o.daySum);
    }
}
