package io.ferrymq.broker.transaction;

import io.ferrymq.remoting.RemotingCommand;

/** Sends a CHECK_TRANSACTION_STATE request to one live producer of a group (a seam for tests). */
@FunctionalInterface
public interface CheckBackSender {
    /**
     * Sends {@code request} oneway to a live producer of {@code producerGroup}.
     *
     * @return the producer's address, or null when no producer of the group is connected
     */
    String send(String producerGroup, RemotingCommand request);
}
