package io.ferrymq.console.alert.notify;

/**
 * What a channel has done, for the UI: deliveries, failed attempts (each retried), notifications given up after
 * the last attempt, the last error and when.
 *
 * @param name           the channel
 * @param delivered      notifications delivered
 * @param failedAttempts attempts that failed
 * @param givenUp        notifications given up after every attempt failed
 * @param waiting        notifications waiting for their next attempt
 * @param lastError      the last failure ("" when none)
 * @param lastErrorAt    wall time of the last failure (0 when none)
 * @param lastDeliveredAt wall time of the last delivery (0 when none)
 */
public record ChannelStats(String name, long delivered, long failedAttempts, long givenUp, int waiting,
                           String lastError, long lastErrorAt, long lastDeliveredAt) {
}
