package io.ferrymq.remoting;

/**
 * Byte layout of one remoting frame (all integers big-endian):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     length (not counting itself)              |
 *  +---------------+-----------------------------------------------+
 *  | serialize type|              header length (24 bits)          |
 *  +---------------+-----------------------------------------------+
 *  |                header: JSON or ROCKETMQ binary ...            |
 *  +---------------------------------------------------------------+
 *  |                body: header-less raw bytes ...                |
 *  +---------------------------------------------------------------+
 *
 *  length = 4 + header length + body length
 * </pre>
 */
public final class FrameLayout {
    /** Size of the length field that prefixes every frame. */
    public static final int LENGTH_FIELD_SIZE = 4;
    /** Size of the serialize-type + header-length word. */
    public static final int HEADER_WORD_SIZE = 4;
    /** Largest header length the 24-bit field can carry. */
    public static final int MAX_HEADER_LENGTH = 0xFFFFFF;
    /** Default largest frame (the length field's value), as RocketMQ's {@code frameMaxLength}. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private FrameLayout() {
    }

    public static int headerWord(SerializeType type, int headerLength) {
        return (type.code() << 24) | (headerLength & MAX_HEADER_LENGTH);
    }

    public static int serializeTypeCode(int headerWord) {
        return (headerWord >>> 24) & 0xFF;
    }

    public static int headerLength(int headerWord) {
        return headerWord & MAX_HEADER_LENGTH;
    }
}
