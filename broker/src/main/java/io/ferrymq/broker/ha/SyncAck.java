package io.ferrymq.broker.ha;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.ha.ReplicaAck;

/**
 * SYNC_MASTER: what a send answers once its slave copies are (or are not) confirmed. The response keeps every
 * send header field (msgId, queueId, queueOffset, MSG_REGION, TRACE_ON — the official client reads them for
 * codes 10, 11 and 12 too, docs/protocol.md 2.4 and pitfall 3); only the code and remark change. A SUCCESS leaves this
 * class only with {@link ReplicaAck#OK}. Pure function.
 */
public final class SyncAck {
    private SyncAck() {
    }

    /** The send response code for a replication outcome: OK → SUCCESS, TIMEOUT → 12, NO_SLAVE → 11. */
    public static int responseCode(ReplicaAck ack) {
        return switch (ack) {
            case OK -> ResponseCode.SUCCESS;
            case TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case NO_SLAVE -> ResponseCode.SLAVE_NOT_AVAILABLE;
        };
    }

    /**
     * Rewrites a stored message's SUCCESS response after waiting for its slaves.
     *
     * @param stored the response built for the local put (must be SUCCESS with the send header)
     */
    public static RemotingCommand apply(ReplicaAck ack, RemotingCommand stored, String brokerName,
                                        int replicas, long timeoutMillis) {
        if (ack == null) {
            ack = ReplicaAck.NO_SLAVE;
        }
        stored.code(responseCode(ack));
        switch (ack) {
            case OK -> { }
            case TIMEOUT -> stored.remark("stored on " + brokerName + " but fewer than " + replicas
                    + " slave(s) confirmed the copy within " + timeoutMillis + " ms (FLUSH_SLAVE_TIMEOUT); the send "
                    + "is not acknowledged as replicated");
            case NO_SLAVE -> stored.remark("stored on " + brokerName + " but fewer than " + replicas
                    + " slave(s) are connected (SLAVE_NOT_AVAILABLE); the send is not acknowledged as replicated");
        }
        return stored;
    }
}
