package io.ferrymq.broker.ha;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.store.PutResult;

import java.util.concurrent.CompletableFuture;

/**
 * The send path's replication hook: given a finished local put and the response built for it, completes with
 * the response to send. ASYNC_MASTER passes it through; SYNC_MASTER holds a SUCCESS until the slaves have the
 * bytes ({@link SyncAck}). Implementations never block the calling thread and never complete exceptionally.
 */
@FunctionalInterface
public interface SendReplication {
    /** Answers as soon as the local put is done (ASYNC_MASTER, and brokers without replication). */
    SendReplication NONE = (result, response) -> CompletableFuture.completedFuture(response);

    CompletableFuture<RemotingCommand> afterPut(PutResult result, RemotingCommand response);
}
