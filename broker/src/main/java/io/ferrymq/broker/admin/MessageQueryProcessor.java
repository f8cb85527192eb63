package io.ferrymq.broker.admin;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.QueryMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.ViewMessageRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueryResult;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;

/**
 * VIEW_MESSAGE_BY_ID and QUERY_MESSAGE (docs/protocol.md 2.8). Bodies are the stored messages themselves, sent as
 * slices of the store (no copy). QUERY_MESSAGE always carries {@code indexLastUpdateTimestamp} and
 * {@code indexLastUpdatePhyoffset}, which the client requires.
 */
public final class MessageQueryProcessor implements RequestProcessor {
    private final BrokerConfig config;
    private final MessageStore store;

    public MessageQueryProcessor(BrokerConfig config, MessageStore store) {
        this.config = config;
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (request.code() == RequestCode.VIEW_MESSAGE_BY_ID) {
            ViewMessageRequestHeader h = request.readHeader(ViewMessageRequestHeader::decode);
            ByteBuffer m = store.messageAt(h.offset());
            if (m == null) {
                return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "can not find message by the offset, "
                        + h.offset());
            }
            return RemotingCommand.response(ResponseCode.SUCCESS, null).bodyBuffer(Unpooled.wrappedBuffer(m));
        }
        QueryMessageRequestHeader h = request.readHeader(QueryMessageRequestHeader::decode);
        boolean unique = Boolean.TRUE.equals(h.uniqueKeyQuery())
                || "true".equalsIgnoreCase(request.ext().get("_UNIQUE_KEY_QUERY"));
        QueryResult r = unique ? store.queryByUniqKey(h.topic(), h.key(), config.defaultQueryMaxNum())
                : store.query(h.topic(), h.key(), Math.max(1, h.maxNum()), h.beginTimestamp(), h.endTimestamp());
        RemotingCommand resp;
        if (r.messages().isEmpty()) {
            resp = RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "can not find message, maybe time range "
                    + "not correct");
        } else {
            resp = RemotingCommand.response(ResponseCode.SUCCESS, null)
                    .bodyBuffer(Unpooled.wrappedBuffer(r.messages().toArray(new ByteBuffer[0])));
        }
        resp.putExt("indexLastUpdateTimestamp", Long.toString(r.indexLastUpdateTimestamp()));
        resp.putExt("indexLastUpdatePhyoffset", Long.toString(r.indexLastUpdatePhyoffset()));
        return resp;
    }
}
