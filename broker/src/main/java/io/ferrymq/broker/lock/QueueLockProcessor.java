package io.ferrymq.broker.lock;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.LockBatchRequestBody;
import io.ferrymq.remoting.protocol.body.LockBatchResponseBody;
import io.ferrymq.remoting.protocol.body.MessageQueue;
import io.ferrymq.remoting.protocol.body.UnlockBatchRequestBody;

import java.util.HashSet;
import java.util.Set;

/** LOCK_BATCH_MQ and UNLOCK_BATCH_MQ for orderly consumers (docs/protocol.md 5.9). */
public final class QueueLockProcessor implements RequestProcessor {
    private final QueueLockTable<MessageQueue> locks;

    public QueueLockProcessor(QueueLockTable<MessageQueue> locks) {
        this.locks = locks;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        try {
            if (request.code() == RequestCode.LOCK_BATCH_MQ) {
                LockBatchRequestBody b = Json.parse(request.body(), LockBatchRequestBody.class);
                if (b == null || b.getConsumerGroup() == null || b.getClientId() == null) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                            "lock request needs consumerGroup, clientId and mqSet");
                }
                Set<MessageQueue> granted = locks.tryLock(b.getConsumerGroup(),
                        b.getMqSet() == null ? Set.of() : b.getMqSet(), b.getClientId());
                LockBatchResponseBody out = new LockBatchResponseBody();
                out.setLockOKMQSet(new HashSet<>(granted));
                return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(out));
            }
            UnlockBatchRequestBody b = Json.parse(request.body(), UnlockBatchRequestBody.class);
            if (b == null || b.getConsumerGroup() == null || b.getClientId() == null) {
                return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                        "unlock request needs consumerGroup, clientId and mqSet");
            }
            locks.unlock(b.getConsumerGroup(), b.getMqSet() == null ? Set.of() : b.getMqSet(), b.getClientId());
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        } catch (JsonBodyException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "malformed body: " + e.getMessage());
        }
    }
}
