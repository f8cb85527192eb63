package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.PutStatus;

/**
 * Turns a store put outcome into the send response the client expects (docs/protocol.md 2.4): for stored messages the
 * header {@code msgId} (offset ids, comma-joined for a batch), {@code queueId}, {@code queueOffset},
 * {@code transactionId}, {@code MSG_REGION}, {@code TRACE_ON}, so extFields are always present.
 */
public final class SendResponses {
    private SendResponses() {
    }

    public static int codeOf(PutResult r) {
        return switch (r.status()) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case OS_PAGE_CACHE_BUSY -> ResponseCode.SYSTEM_BUSY;
            case UNKNOWN_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
    }

    /** The response to a send whose put completed with {@code r} (or failed with {@code error}). */
    public static RemotingCommand of(PutResult r, Throwable error, int queueId, String uniqKey, BrokerConfig config) {
        if (error != null || r == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "storing the message failed: " + error);
        }
        if (!r.status().stored()) {
            // the store's own lock timeout is the busy appender SendOverload looks for, met after the look
            String tag = r.status() == PutStatus.OS_PAGE_CACHE_BUSY ? SendOverload.PC_SYNCHRONIZED + " " : "";
            return RemotingCommand.response(codeOf(r), tag + "store refused the message: " + r.status()
                    + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
        RemotingCommand resp = RemotingCommand.response(codeOf(r),
                r.status() == PutStatus.PUT_OK ? null : r.status().name());
        resp.putExt("msgId", String.join(",", r.msgIds()));
        resp.putExt("queueId", Integer.toString(queueId));
        resp.putExt("queueOffset", Long.toString(r.queueOffset()));
        if (uniqKey != null) {
            resp.putExt("transactionId", uniqKey);
        }
        resp.putExt("MSG_REGION", config.regionId());
        resp.putExt("TRACE_ON", Boolean.toString(config.traceOn()));
        return resp;
    }
}
