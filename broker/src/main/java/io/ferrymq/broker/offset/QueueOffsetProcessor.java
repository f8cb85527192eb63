package io.ferrymq.broker.offset;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import io.ferrymq.remoting.protocol.header.GetMaxOffsetRequestHeader;
import io.ferrymq.remoting.protocol.header.GetMinOffsetRequestHeader;
import io.ferrymq.remoting.protocol.header.SearchOffsetRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.TimeBoundary;

/** GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP and GET_EARLIEST_MSG_STORETIME (docs/protocol.md 2.6). */
public final class QueueOffsetProcessor implements RequestProcessor {
    private final MessageStore store;

    public QueueOffsetProcessor(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.GET_MAX_OFFSET -> {
                GetMaxOffsetRequestHeader h = request.readHeader(GetMaxOffsetRequestHeader::decode);
                RemotingCommand bad = QueueArguments.badQueueId(h.topic(), h.queueId());
                if (bad != null) {
                    return bad;
                }
                return offset(store.maxOffset(h.topic(), h.queueId()));
            }
            case RequestCode.GET_MIN_OFFSET -> {
                GetMinOffsetRequestHeader h = request.readHeader(GetMinOffsetRequestHeader::decode);
                RemotingCommand bad = QueueArguments.badQueueId(h.topic(), h.queueId());
                if (bad != null) {
                    return bad;
                }
                return offset(store.minOffset(h.topic(), h.queueId()));
            }
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> {
                SearchOffsetRequestHeader h = request.readHeader(SearchOffsetRequestHeader::decode);
                RemotingCommand bad = QueueArguments.badQueueId(h.topic(), h.queueId());
                if (bad != null) {
                    return bad;
                }
                TimeBoundary b = "UPPER".equalsIgnoreCase(h.boundaryType()) ? TimeBoundary.UPPER : TimeBoundary.LOWER;
                return offset(store.offsetByTime(h.topic(), h.queueId(), h.timestamp(), b));
            }
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> {
                GetEarliestMsgStoretimeRequestHeader h =
                        request.readHeader(GetEarliestMsgStoretimeRequestHeader::decode);
                RemotingCommand bad = QueueArguments.badQueueId(h.topic(), h.queueId());
                if (bad != null) {
                    return bad;
                }
                long t = store.earliestStoreTime(h.topic(), h.queueId());
                if (t < 0) {
                    return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no message in " + h.topic() + ":"
                            + h.queueId()).putExt("timestamp", "0");
                }
                return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("timestamp", Long.toString(t));
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "code " + request.code() + " not handled here");
            }
        }
    }

    private static RemotingCommand offset(long v) {
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("offset", Long.toString(v));
    }
}
