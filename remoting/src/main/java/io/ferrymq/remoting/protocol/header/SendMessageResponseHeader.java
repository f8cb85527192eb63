package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * Response header of SEND_MESSAGE(_V2), SEND_BATCH_MESSAGE and SEND_REPLY_MESSAGE(_V2) for codes 0, 10, 11, 12
 * (docs/protocol.md 2.4). {@code msgRegion}/{@code traceOn} travel under the keys MSG_REGION / TRACE_ON.
 *
 * <p>Required: {@code msgId}, {@code queueId}, {@code queueOffset}. Handwritten codec, no reflection.
 */
public final class SendMessageResponseHeader implements CommandHeader {
    /** Offset message id of the stored message (comma-joined for batches). */
    private String msgId;
    private int queueId;
    private long queueOffset;
    private String transactionId;
    private String batchUniqId;
    private String recallHandle;
    private String msgRegion;
    private String traceOn;

    public SendMessageResponseHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static SendMessageResponseHeader decode(ExtFields f) throws HeaderFieldException {
        SendMessageResponseHeader h = new SendMessageResponseHeader();
        h.msgId = f.requireString("msgId");
        h.queueId = f.requireInt("queueId");
        h.queueOffset = f.requireLong("queueOffset");
        h.transactionId = f.get("transactionId");
        h.batchUniqId = f.get("batchUniqId");
        h.recallHandle = f.get("recallHandle");
        h.msgRegion = f.get("MSG_REGION");
        h.traceOn = f.get("TRACE_ON");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (msgId != null) {
            ext.put("msgId", msgId);
        }
        ext.put("queueId", String.valueOf(queueId));
        ext.put("queueOffset", String.valueOf(queueOffset));
        if (transactionId != null) {
            ext.put("transactionId", transactionId);
        }
        if (batchUniqId != null) {
            ext.put("batchUniqId", batchUniqId);
        }
        if (recallHandle != null) {
            ext.put("recallHandle", recallHandle);
        }
        if (msgRegion != null) {
            ext.put("MSG_REGION", msgRegion);
        }
        if (traceOn != null) {
            ext.put("TRACE_ON", traceOn);
        }
    }

    public String msgId() {
        return msgId;
    }

    public SendMessageResponseHeader msgId(String msgId) {
        this.msgId = msgId;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public SendMessageResponseHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public SendMessageResponseHeader queueOffset(long queueOffset) {
        this.queueOffset = queueOffset;
        return this;
    }

    public String transactionId() {
        return transactionId;
    }

    public SendMessageResponseHeader transactionId(String transactionId) {
        this.transactionId = transactionId;
        return this;
    }

    public String batchUniqId() {
        return batchUniqId;
    }

    public SendMessageResponseHeader batchUniqId(String batchUniqId) {
        this.batchUniqId = batchUniqId;
        return this;
    }

    public String recallHandle() {
        return recallHandle;
    }

    public SendMessageResponseHeader recallHandle(String recallHandle) {
        this.recallHandle = recallHandle;
        return this;
    }

    public String msgRegion() {
        return msgRegion;
    }

    public SendMessageResponseHeader msgRegion(String msgRegion) {
        this.msgRegion = msgRegion;
        return this;
    }

    public String traceOn() {
        return traceOn;
    }

    public SendMessageResponseHeader traceOn(String traceOn) {
        this.traceOn = traceOn;
        return this;
    }

    @Override
    public String toString() {
        return "SendMessageResponseHeader{" + "msgId=" + msgId + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", transactionId=" + transactionId + ", batchUniqId=" + batchUniqId + ", recallHandle=" + recallHandle
                + ", msgRegion=" + msgRegion + ", traceOn=" + traceOn + '}';
    }
}
