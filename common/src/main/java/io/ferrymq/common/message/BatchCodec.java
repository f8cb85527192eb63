package io.ferrymq.common.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of SEND_BATCH_MESSAGE: a concatenation of records (RocketMQ {@code MessageDecoder#encodeMessages}).
 *
 * <pre>
 *  size
 *   4    TOTALSIZE of this record
 *   4    MAGICCODE = 0
 *   4    BODYCRC = 0
 *   4    FLAG
 *  4+n   BODYLENGTH + BODY
 *  2+p   PROPERTIESLENGTH (short) + properties string ({@link MessageProperties})
 * </pre>
 */
public final class BatchCodec {
    /** Record bytes besides body and properties. */
    public static final int RECORD_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

    private BatchCodec() {
    }

    /**
     * One record of a batch. {@code body} is a read-only slice of the decoded buffer (no copy) or the encoder's
     * input; {@code properties} is the encoded properties string.
     */
    public record BatchRecord(int flag, ByteBuffer body, String properties) {
        public static BatchRecord of(int flag, byte[] body, String properties) {
            return new BatchRecord(flag, ByteBuffer.wrap(body).asReadOnlyBuffer(), properties);
        }

        public byte[] bodyBytes() {
            byte[] b = new byte[body.remaining()];
            body.duplicate().get(b);
            return b;
        }
    }

    public static byte[] encode(List<BatchRecord> records) {
        byte[][] props = new byte[records.size()][];
        int total = 0;
        for (int i = 0; i < records.size(); i++) {
            BatchRecord r = records.get(i);
            props[i] = r.properties() == null ? new byte[0] : r.properties().getBytes(StandardCharsets.UTF_8);
            if (props[i].length > MessageProperties.MAX_ENCODED_LENGTH) {
                throw new IllegalArgumentException("record " + i + ": properties longer than "
                    + MessageProperties.MAX_ENCODED_LENGTH + " bytes");
            }
            total += RECORD_OVERHEAD + r.body().remaining() + props[i].length;
        }
        ByteBuffer bb = ByteBuffer.allocate(total);
        for (int i = 0; i < records.size(); i++) {
            BatchRecord r = records.get(i);
            int bodyLen = r.body().remaining();
            bb.putInt(RECORD_OVERHEAD + bodyLen + props[i].length);
            bb.putInt(0);
            bb.putInt(0);
            bb.putInt(r.flag());
            bb.putInt(bodyLen);
            bb.put(r.body().duplicate());
            bb.putShort((short) props[i].length);
            bb.put(props[i]);
        }
        return bb.array();
    }

    /**
     * Decodes every record from {@code buf.position()} to its limit (position unchanged).
     *
     * @throws IllegalArgumentException when a record is truncated or its TOTALSIZE disagrees with its content
     */
    public static List<BatchRecord> decode(ByteBuffer buf) {
        List<BatchRecord> out = new ArrayList<>();
        int i = buf.position();
        int limit = buf.limit();
        while (i < limit) {
            if (limit - i < RECORD_OVERHEAD) {
                throw new IllegalArgumentException("batch record " + out.size() + " truncated at byte " + i);
            }
            int total = buf.getInt(i);
            int flag = buf.getInt(i + 12);
            int bodyLen = buf.getInt(i + 16);
            // long arithmetic: a hostile length near Integer.MAX_VALUE must not wrap around and pass the check
            if (bodyLen < 0 || (long) i + 20 + bodyLen + 2 > limit) {
                throw new IllegalArgumentException("batch record " + out.size() + ": bad body length " + bodyLen);
            }
            int propsLen = buf.getShort(i + 20 + bodyLen);
            if (propsLen < 0 || (long) i + RECORD_OVERHEAD + bodyLen + propsLen > limit) {
                throw new IllegalArgumentException("batch record " + out.size() + ": bad properties length "
                    + propsLen);
            }
            int actual = RECORD_OVERHEAD + bodyLen + propsLen;
            if (total != actual) {
                throw new IllegalArgumentException("batch record " + out.size() + ": TOTALSIZE " + total
                    + " but content is " + actual + " bytes");
            }
            ByteBuffer body = buf.slice(i + 20, bodyLen).asReadOnlyBuffer();
            byte[] p = new byte[propsLen];
            buf.get(i + 22 + bodyLen, p);
            out.add(new BatchRecord(flag, body, new String(p, StandardCharsets.UTF_8)));
            i += actual;
        }
        return out;
    }
}
