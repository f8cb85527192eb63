package io.ferrymq.common.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Flyweight over one stored message at an absolute index of a buffer: every getter reads the bytes in place
 * (absolute gets, the buffer's position is never touched). Re-point it with {@link #wrap} to avoid an
 * allocation per message. Not thread-safe; the caller must have validated the entry
 * ({@link MessageDecoder#check}) before trusting the variable-length getters.
 *
 * <p>Strings are still made per call, but cheaper where one view reads many messages (the dispatcher reads every
 * stored message): the bytes of a buffer without an array (a mapped file) are decoded from a reused scratch array
 * instead of a fresh copy, and {@link #topic} gives the String of the previous call again while the topic's bytes
 * are the same, so consecutive messages of a topic share one String (and its cached hash).
 */
public final class MessageView {
    private static final byte[] NO_BYTES = new byte[0];

    private ByteBuffer buf;
    private int index;
    private int sysFlag;
    /** Bytes of a buffer without an array, copied here to be decoded; grown as needed. */
    private byte[] scratch = NO_BYTES;
    /** The last topic {@link #topic} made, and its bytes. */
    private String lastTopic;
    private byte[] lastTopicBytes = NO_BYTES;

    public MessageView() {
    }

    public MessageView(ByteBuffer buf, int index) {
        wrap(buf, index);
    }

    public MessageView wrap(ByteBuffer buf, int index) {
        this.buf = buf;
        this.index = index;
        this.sysFlag = buf.getInt(index + MessageLayout.SYS_FLAG_OFFSET);
        return this;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int index() {
        return index;
    }

    public int totalSize() {
        return buf.getInt(index);
    }

    public int magic() {
        return buf.getInt(index + MessageLayout.MAGIC_CODE_OFFSET);
    }

    public int bodyCrc() {
        return buf.getInt(index + MessageLayout.BODY_CRC_OFFSET);
    }

    public int queueId() {
        return buf.getInt(index + MessageLayout.QUEUE_ID_OFFSET);
    }

    public int flag() {
        return buf.getInt(index + MessageLayout.FLAG_OFFSET);
    }

    public long queueOffset() {
        return buf.getLong(index + MessageLayout.QUEUE_OFFSET_OFFSET);
    }

    public long physicalOffset() {
        return buf.getLong(index + MessageLayout.PHYSICAL_OFFSET_OFFSET);
    }

    public int sysFlag() {
        return sysFlag;
    }

    public long bornTimestamp() {
        return buf.getLong(index + MessageLayout.BORN_TIMESTAMP_OFFSET);
    }

    public InetSocketAddress bornHost() {
        return MessageLayout.readHost(buf, index + MessageLayout.BORN_HOST_OFFSET,
            MessageSysFlag.isBornHostV6(sysFlag));
    }

    public long storeTimestamp() {
        return buf.getLong(index + MessageLayout.storeTimestampOffset(sysFlag));
    }

    public InetSocketAddress storeHost() {
        return MessageLayout.readHost(buf, index + MessageLayout.storeHostOffset(sysFlag),
            MessageSysFlag.isStoreHostV6(sysFlag));
    }

    public int reconsumeTimes() {
        return buf.getInt(index + MessageLayout.reconsumeTimesOffset(sysFlag));
    }

    public long preparedTransactionOffset() {
        return buf.getLong(index + MessageLayout.preparedTransactionOffsetOffset(sysFlag));
    }

    public int bodyLength() {
        return buf.getInt(index + MessageLayout.bodyLengthOffset(sysFlag));
    }

    /** Absolute index of the first body byte. */
    public int bodyIndex() {
        return index + MessageLayout.bodyLengthOffset(sysFlag) + 4;
    }

    /** The body as a slice of the underlying buffer (no copy). */
    public ByteBuffer bodySlice() {
        return buf.slice(bodyIndex(), bodyLength());
    }

    public byte[] bodyBytes() {
        byte[] b = new byte[bodyLength()];
        buf.get(bodyIndex(), b);
        return b;
    }

    private int topicLengthIndex() {
        return bodyIndex() + bodyLength();
    }

    public int topicLength() {
        int i = topicLengthIndex();
        return magic() == MessageLayout.MAGIC_CODE_V2 ? buf.getShort(i) : buf.get(i);
    }

    /** The topic; the same String as the previous call's while the topic's bytes are the same. */
    public String topic() {
        int at = topicLengthIndex() + MessageLayout.topicLengthSize(magic());
        int len = topicLength();
        if (len <= 0) {
            return "";
        }
        if (len == lastTopicBytes.length && sameBytes(at, lastTopicBytes)) {
            return lastTopic;
        }
        byte[] b = new byte[len];
        buf.get(at, b);
        lastTopic = new String(b, StandardCharsets.UTF_8);
        lastTopicBytes = b;
        return lastTopic;
    }

    private boolean sameBytes(int at, byte[] b) {
        for (int k = 0; k < b.length; k++) {
            if (buf.get(at + k) != b[k]) {
                return false;
            }
        }
        return true;
    }

    private int propertiesLengthIndex() {
        return topicLengthIndex() + MessageLayout.topicLengthSize(magic()) + topicLength();
    }

    public int propertiesLength() {
        return buf.getShort(propertiesLengthIndex());
    }

    public String propertiesString() {
        int i = propertiesLengthIndex();
        return string(i + 2, buf.getShort(i));
    }

    public Map<String, String> properties() {
        return MessageProperties.decode(propertiesString());
    }

    /** Offset message id from STOREHOST and PHYSICALOFFSET. */
    public String offsetMsgId() {
        return MessageIds.createOffsetMsgId(buf, index + MessageLayout.storeHostOffset(sysFlag),
            MessageSysFlag.isStoreHostV6(sysFlag), physicalOffset());
    }

    /** A slice covering exactly this entry. */
    public ByteBuffer slice() {
        return buf.slice(index, totalSize());
    }

    private String string(int at, int len) {
        if (len <= 0) {
            return "";
        }
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + at, len, StandardCharsets.UTF_8);
        }
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, Math.min(2 * scratch.length, MessageProperties.MAX_ENCODED_LENGTH))];
        }
        buf.get(at, scratch, 0, len);
        return new String(scratch, 0, len, StandardCharsets.UTF_8);
    }
}
