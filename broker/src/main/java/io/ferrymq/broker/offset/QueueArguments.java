package io.ferrymq.broker.offset;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;

/**
 * Checks of the queue id and offset a request names, answered before the request touches a table or the store:
 * a negative queue id or commit offset is never a queue of ours, and storing one would corrupt a group's progress.
 */
final class QueueArguments {
    private QueueArguments() {
    }

    /** An error answer naming the bad queue id, or null when it is usable. */
    static RemotingCommand badQueueId(String topic, int queueId) {
        return queueId < 0 ? RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "queueId " + queueId + " of topic "
                + topic + " is negative; queues are numbered from 0") : null;
    }

    /** An error answer naming the bad offset, or null when it is usable. */
    static RemotingCommand badOffset(String what, long offset) {
        return offset < 0 ? RemotingCommand.response(ResponseCode.SYSTEM_ERROR, what + " " + offset
                + " is negative; an offset is a position in a queue, from 0") : null;
    }
}
