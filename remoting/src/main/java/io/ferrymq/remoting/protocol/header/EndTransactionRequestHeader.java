package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;

import java.util.Map;

/**
 * END_TRANSACTION (37) request header (oneway); commitOrRollback 0 unknown, 8 commit, 12 rollback.
 *
 * <p>Required: {@code producerGroup}, {@code tranStateTableOffset}, {@code commitLogOffset}, {@code commitOrRollback}, {@code msgId}. Handwritten codec, no reflection.
 */
public final class EndTransactionRequestHeader implements CommandHeader {
    private String topic;
    private String producerGroup;
    private long tranStateTableOffset;
    private long commitLogOffset;
    private int commitOrRollback;
    private Boolean fromTransactionCheck;
    private String msgId;
    private String transactionId;
    /** Target broker name the 5.x client adds to queue-scoped requests; informational. */
    private String bname;

    public EndTransactionRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static EndTransactionRequestHeader decode(ExtFields f) throws HeaderFieldException {
        EndTransactionRequestHeader h = new EndTransactionRequestHeader();
        h.topic = f.get("topic");
        h.producerGroup = f.requireString("producerGroup");
        h.tranStateTableOffset = f.requireLong("tranStateTableOffset");
        h.commitLogOffset = f.requireLong("commitLogOffset");
        h.commitOrRollback = f.requireInt("commitOrRollback");
        h.fromTransactionCheck = f.has("fromTransactionCheck") ? Boolean.valueOf(f.requireBoolean("fromTransactionCheck")) : null;
        h.msgId = f.requireString("msgId");
        h.transactionId = f.get("transactionId");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        ext.put("tranStateTableOffset", String.valueOf(tranStateTableOffset));
        ext.put("commitLogOffset", String.valueOf(commitLogOffset));
        ext.put("commitOrRollback", String.valueOf(commitOrRollback));
        if (fromTransactionCheck != null) {
            ext.put("fromTransactionCheck", fromTransactionCheck.toString());
        }
        if (msgId != null) {
            ext.put("msgId", msgId);
        }
        if (transactionId != null) {
            ext.put("transactionId", transactionId);
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    public String topic() {
        return topic;
    }

    public EndTransactionRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String producerGroup() {
        return producerGroup;
    }

    public EndTransactionRequestHeader producerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
        return this;
    }

    public long tranStateTableOffset() {
        return tranStateTableOffset;
    }

    public EndTransactionRequestHeader tranStateTableOffset(long tranStateTableOffset) {
        this.tranStateTableOffset = tranStateTableOffset;
        return this;
    }

    public long commitLogOffset() {
        return commitLogOffset;
    }

    public EndTransactionRequestHeader commitLogOffset(long commitLogOffset) {
        this.commitLogOffset = commitLogOffset;
        return this;
    }

    public int commitOrRollback() {
        return commitOrRollback;
    }

    public EndTransactionRequestHeader commitOrRollback(int commitOrRollback) {
        this.commitOrRollback = commitOrRollback;
        return this;
    }

    public Boolean fromTransactionCheck() {
        return fromTransactionCheck;
    }

    public EndTransactionRequestHeader fromTransactionCheck(Boolean fromTransactionCheck) {
        this.fromTransactionCheck = fromTransactionCheck;
        return this;
    }

    public String msgId() {
        return msgId;
    }

    public EndTransactionRequestHeader msgId(String msgId) {
        this.msgId = msgId;
        return this;
    }

    public String transactionId() {
        return transactionId;
    }

    public EndTransactionRequestHeader transactionId(String transactionId) {
        this.transactionId = transactionId;
        return this;
    }

    public String bname() {
        return bname;
    }

    public EndTransactionRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "EndTransactionRequestHeader{" + "topic=" + topic + ", producerGroup=" + producerGroup + ", tranStateTableOffset=" + tranStateTableOffset
                + ", commitLogOffset=" + commitLogOffset + ", commitOrRollback=" + commitOrRollback + ", fromTransactionCheck=" + fromTransactionCheck
                + ", msgId=" + msgId + ", transactionId=" + transactionId + ", bname=" + bname + '}';
    }
}
