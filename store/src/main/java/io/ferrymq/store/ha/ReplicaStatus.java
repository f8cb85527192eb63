package io.ferrymq.store.ha;

/**
 * One connected slave as the master sees it.
 *
 * @param address        the slave's replication connection, ip:port
 * @param ackOffset      the slave holds every commit-log byte below this offset
 * @param lagBytes       master end minus ackOffset
 * @param lagMillis      how long ago the slave last held everything the master had (0 when caught up)
 * @param bytesPerSecond bytes the slave acknowledged in the last completed second
 * @param connectedAt    the offset the slave asked for when it connected (where the transfer started)
 */
public record ReplicaStatus(String address, long ackOffset, long lagBytes, long lagMillis, long bytesPerSecond,
                            long connectedAt) {
}
