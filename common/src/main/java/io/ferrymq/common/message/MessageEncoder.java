package io.ferrymq.common.message;

import java.nio.ByteBuffer;

/**
 * Writes stored messages ({@link MessageLayout}) straight into a target buffer, e.g. a mapped commit-log
 * segment: no intermediate array, no reflection. Stateless and thread-safe.
 */
public final class MessageEncoder {
    private MessageEncoder() {
    }

    /**
     * Writes {@code m} at {@code target.position()} and advances the position by {@link
     * PreparedMessage#encodedLength()}.
     *
     * <p>TOTALSIZE is written last: if the writing process dies midway (kill -9 leaves every store already made in
     * the page cache, in program order), the entry reads as TOTALSIZE 0 with a message magic, which
     * {@link MessageDecoder#check} rejects, so recovery can never mistake a torn entry for a whole one.
     *
     * @throws java.nio.BufferOverflowException when fewer bytes remain (nothing useful is written then)
     * @return the number of bytes written
     */
    public static int encode(ByteBuffer target, PreparedMessage m, long queueOffset, long physicalOffset,
                             long storeTimestamp) {
        int len = m.encodedLength();
        if (target.remaining() < len) {
            throw new java.nio.BufferOverflowException();
        }
        int start = target.position();
        target.putInt(0); // TOTALSIZE, set last
        target.putInt(m.magic());
        target.putInt(m.bodyCrc());
        target.putInt(m.queueId());
        target.putInt(m.flag());
        target.putLong(queueOffset);
        target.putLong(physicalOffset);
        target.putInt(m.sysFlag());
        target.putLong(m.bornTimestamp());
        target.put(m.bornHostBytes());
        target.putLong(storeTimestamp);
        target.put(m.storeHostBytes());
        target.putInt(m.reconsumeTimes());
        target.putLong(m.preparedTransactionOffset());
        ByteBuffer body = m.rawBody();
        int bodyLen = body.remaining();
        target.putInt(bodyLen);
        target.put(target.position(), body, body.position(), bodyLen);
        target.position(target.position() + bodyLen);
        byte[] topic = m.topicBytes();
        if (m.magic() == MessageLayout.MAGIC_CODE_V2) {
            target.putShort((short) topic.length);
        } else {
            target.put((byte) topic.length);
        }
        target.put(topic);
        byte[] props = m.propertiesBytes();
        target.putShort((short) props.length);
        target.put(props);
        target.putInt(start, len);
        return len;
    }

    /** Encodes {@code m} into a new array. */
    public static byte[] encode(PreparedMessage m, long queueOffset, long physicalOffset, long storeTimestamp) {
        ByteBuffer bb = ByteBuffer.allocate(m.encodedLength());
        encode(bb, m, queueOffset, physicalOffset, storeTimestamp);
        return bb.array();
    }
}
