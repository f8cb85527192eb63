package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * CHECK_TRANSACTION_STATE (39) request header, broker to producer (oneway); body = the half message.
 *
 * <p>Required: {@code tranStateTableOffset}, {@code commitLogOffset}. Handwritten codec, no reflection.
 */
public final class CheckTransactionStateRequestHeader implements CommandHeader {
    private String topic;
    private long tranStateTableOffset;
    private long commitLogOffset;
    private String msgId;
    private String transactionId;
    private String offsetMsgId;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public CheckTransactionStateRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static CheckTransactionStateRequestHeader decode(ExtFields f) throws HeaderFieldException {
        CheckTransactionStateRequestHeader h = new CheckTransactionStateRequestHeader();
        h.topic = f.get("topic");
        h.tranStateTableOffset = f.requireLong("tranStateTableOffset");
        h.commitLogOffset = f.requireLong("commitLogOffset");
        h.msgId = f.get("msgId");
        h.transactionId = f.get("transactionId");
        h.offsetMsgId = f.get("offsetMsgId");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        ext.put("tranStateTableOffset", String.valueOf(tranStateTableOffset));
        ext.put("commitLogOffset", String.valueOf(commitLogOffset));
        if (msgId != null) {
            ext.put("msgId", msgId);
        }
        if (transactionId != null) {
            ext.put("transactionId", transactionId);
        }
        if (offsetMsgId != null) {
            ext.put("offsetMsgId", offsetMsgId);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public CheckTransactionStateRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public long tranStateTableOffset() {
        return tranStateTableOffset;
    }

    public CheckTransactionStateRequestHeader tranStateTableOffset(long tranStateTableOffset) {
        this.tranStateTableOffset = tranStateTableOffset;
        return this;
    }

    public long commitLogOffset() {
        return commitLogOffset;
    }

    public CheckTransactionStateRequestHeader commitLogOffset(long commitLogOffset) {
        this.commitLogOffset = commitLogOffset;
        return this;
    }

    public String msgId() {
        return msgId;
    }

    public CheckTransactionStateRequestHeader msgId(String msgId) {
        this.msgId = msgId;
        return this;
    }

    public String transactionId() {
        return transactionId;
    }

    public CheckTransactionStateRequestHeader transactionId(String transactionId) {
        this.transactionId = transactionId;
        return this;
    }

    public String offsetMsgId() {
        return offsetMsgId;
    }

    public CheckTransactionStateRequestHeader offsetMsgId(String offsetMsgId) {
        this.offsetMsgId = offsetMsgId;
        return this;
    }

    public String bname() {
        return bname;
    }

    public CheckTransactionStateRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "CheckTransactionStateRequestHeader{" + "topic=" + topic + ", tranStateTableOffset=" + tranStateTableOffset + ", commitLogOffset=" + commitLogOffset
                + ", msgId=" + msgId + ", transactionId=" + transactionId + ", offsetMsgId=" + offsetMsgId
                + ", bname=" + bname + '}';
    }
}
