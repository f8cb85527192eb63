package io.ferrymq.common.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads stored messages ({@link MessageLayout}): structural validation without allocation ({@link #check}),
 * full decoding of one entry ({@link #decode}) and of a concatenation of entries ({@link #decodeAll}).
 * Stateless and thread-safe.
 */
public final class MessageDecoder {
    /** {@link #check} result: the bytes are zero (never written), i.e. the end of the data. */
    public static final int CHECK_END = 0;
    /** {@link #check} result: a blank end-of-segment marker; its TOTALSIZE says how far to skip. */
    public static final int CHECK_BLANK = -1;
    /** {@link #check} result: not a valid message (bad magic, length, truncated, or CRC mismatch). */
    public static final int CHECK_CORRUPT = -2;

    private MessageDecoder() {
    }

    /** Outcome of {@link #decodeAll}: the messages before the first bad entry and where it stopped. */
    public record DecodeAllResult(List<DecodedMessage> messages, int validBytes, String error) {
        /** True when every byte of the input was decoded. */
        public boolean complete() {
            return error == null;
        }
    }

    /**
     * Validates the entry at absolute {@code index}; only bytes below {@code limit} are read.
     *
     * @param checkCrc also recompute the body CRC
     * @return the entry length (&gt; 0) when valid, else {@link #CHECK_END}, {@link #CHECK_BLANK} or
     *     {@link #CHECK_CORRUPT}
     */
    public static int check(ByteBuffer buf, int index, int limit, boolean checkCrc) {
        return describe(buf, index, limit, checkCrc) instanceof Integer i ? i : CHECK_CORRUPT;
    }

    /** Same as {@link #check} but returns the reason (a String) for a corrupt entry instead of CHECK_CORRUPT. */
    static Object describe(ByteBuffer buf, int index, int limit, boolean checkCrc) {
        int avail = limit - index;
        if (avail < 8) {
            if (avail <= 0) {
                return CHECK_END;
            }
            for (int i = index; i < limit; i++) {
                if (buf.get(i) != 0) {
                    return "truncated entry: " + avail + " bytes left at " + index;
                }
            }
            return CHECK_END;
        }
        int total = buf.getInt(index);
        int magic = buf.getInt(index + MessageLayout.MAGIC_CODE_OFFSET);
        if (total == 0 && magic == 0) {
            return CHECK_END;
        }
        if (magic == MessageLayout.BLANK_MAGIC_CODE) {
            return total >= MessageLayout.END_FILE_MIN_BLANK_LENGTH && total <= avail ? CHECK_BLANK
                : "blank marker with bad length " + total + " at " + index;
        }
        if (!MessageLayout.isMessageMagic(magic)) {
            return "bad magic code 0x" + Integer.toHexString(magic) + " at " + index;
        }
        if (total < MessageLayout.FIXED_LENGTH_V4 || total > avail) {
            return "bad total size " + total + " at " + index + " (" + avail + " bytes available)";
        }
        int sysFlag = buf.getInt(index + MessageLayout.SYS_FLAG_OFFSET);
        int bodyLenAt = MessageLayout.bodyLengthOffset(sysFlag);
        if (bodyLenAt + 4 > total) {
            return "host lengths overflow the entry at " + index;
        }
        // ports are ints on disk and on the wire; one outside 0..65535 cannot be a host (InetSocketAddress refuses it)
        int bornPort = buf.getInt(index + MessageLayout.BORN_HOST_OFFSET + MessageLayout.bornHostLength(sysFlag) - 4);
        int storePort = buf.getInt(index + MessageLayout.reconsumeTimesOffset(sysFlag) - 4);
        if ((bornPort & ~0xFFFF) != 0 || (storePort & ~0xFFFF) != 0) {
            return "bad host port " + ((bornPort & ~0xFFFF) != 0 ? bornPort : storePort) + " at " + index;
        }
        int bodyLen = buf.getInt(index + bodyLenAt);
        // checked in long arithmetic first: a body length near Integer.MAX_VALUE must not wrap the sum below
        if (bodyLen < 0 || (long) bodyLenAt + 4 + bodyLen + 2 > total) {
            return "bad body length " + bodyLen + " at " + index;
        }
        int topicLenAt = bodyLenAt + 4 + bodyLen;
        if (topicLenAt + 2 > total) {
            return "bad body length " + bodyLen + " at " + index;
        }
        int topicLen;
        int topicSize;
        if (magic == MessageLayout.MAGIC_CODE_V2) {
            topicLen = buf.getShort(index + topicLenAt);
            topicSize = 2;
        } else {
            topicLen = buf.get(index + topicLenAt);
            topicSize = 1;
        }
        int propsLenAt = topicLenAt + topicSize + topicLen;
        if (topicLen <= 0 || propsLenAt + 2 > total) {
            return "bad topic length " + topicLen + " at " + index;
        }
        for (int t = index + topicLenAt + topicSize, e = t + topicLen; t < e; t++) {
            if (buf.get(t) == 0) {
                return "NUL byte in topic at " + index;
            }
        }
        int propsLen = buf.getShort(index + propsLenAt);
        if (propsLen < 0 || propsLenAt + 2 + propsLen != total) {
            return "bad properties length " + propsLen + " at " + index + " (total size " + total + ")";
        }
        if (checkCrc) {
            CRC32 crc = new CRC32();
            crc.update(buf.slice(index + bodyLenAt + 4, bodyLen));
            int expected = buf.getInt(index + MessageLayout.BODY_CRC_OFFSET);
            if ((int) (crc.getValue() & 0x7FFFFFFF) != expected) {
                return "body CRC mismatch at " + index;
            }
        }
        return total;
    }

    /**
     * Decodes the entry at {@code buf.position()} and advances the position past it.
     *
     * @throws IllegalArgumentException when the entry is not a valid message (position unchanged)
     */
    public static DecodedMessage decode(ByteBuffer buf) {
        int index = buf.position();
        Object r = describe(buf, index, buf.limit(), false);
        if (!(r instanceof Integer size) || size <= 0) {
            throw new IllegalArgumentException(r instanceof String s ? s : "no message at " + index);
        }
        DecodedMessage m = decodeValidated(new MessageView(buf, index));
        buf.position(index + size);
        return m;
    }

    /** Decodes the already validated entry {@code v} points at. */
    public static DecodedMessage decodeValidated(MessageView v) {
        String props = v.propertiesString();
        return new DecodedMessage(v.totalSize(), v.magic(), v.bodyCrc(), v.queueId(), v.flag(), v.queueOffset(),
            v.physicalOffset(), v.sysFlag(), v.bornTimestamp(), v.bornHost(), v.storeTimestamp(), v.storeHost(),
            v.reconsumeTimes(), v.preparedTransactionOffset(), v.bodyBytes(), v.topic(), props,
            MessageProperties.decode(props), v.offsetMsgId());
    }

    /**
     * Decodes entries from {@code buf.position()} to its limit, stopping at the first invalid one (as the
     * official client does). The buffer's position is left after the last valid entry.
     */
    public static DecodeAllResult decodeAll(ByteBuffer buf) {
        List<DecodedMessage> out = new ArrayList<>();
        int start = buf.position();
        MessageView view = new MessageView();
        String error = null;
        while (buf.hasRemaining()) {
            int index = buf.position();
            Object r = describe(buf, index, buf.limit(), false);
            if (r instanceof Integer size && size > 0) {
                out.add(decodeValidated(view.wrap(buf, index)));
                buf.position(index + size);
            } else {
                error = r instanceof String s ? s : "no message at " + index;
                break;
            }
        }
        return new DecodeAllResult(out, buf.position() - start, error);
    }
}
