package io.ferrymq.broker.durability;

import io.ferrymq.store.ha.ReplicaAck;

import java.util.concurrent.CompletableFuture;

/**
 * Waits until the in-sync slaves hold the commit log below an offset. SYNC_MASTER waits (at most
 * {@code slaveAckTimeoutMillis}); every other role answers {@link ReplicaAck#OK} at once. Implementations never
 * block the calling thread and never complete exceptionally.
 */
@FunctionalInterface
public interface ReplicaWait {
    /** No replication to wait for (ASYNC_MASTER, slaves, brokers without replication, most unit tests). */
    ReplicaWait NONE = endOffset -> CompletableFuture.completedFuture(ReplicaAck.OK);

    /** Completes when enough slaves hold every commit-log byte below {@code endOffset}, or why they do not. */
    CompletableFuture<ReplicaAck> awaitSlaves(long endOffset);
}
