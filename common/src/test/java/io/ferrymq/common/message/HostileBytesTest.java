package io.ferrymq.common.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile batch bodies and stored entries are refused with the declared IllegalArgumentException, never an index error. */
class HostileBytesTest {

    private static ByteBuffer record(int total, int bodyLen, short propsLen, int actualBodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(BatchCodec.RECORD_OVERHEAD + actualBodyBytes);
        b.putInt(total).putInt(0).putInt(0).putInt(0).putInt(bodyLen);
        b.position(20 + actualBodyBytes);
        b.putShort(propsLen);
        b.flip();
        return b;
    }

    @Test
    void bodyLengthNearIntMaxDoesNotWrapAroundTheBoundsCheck() {
        for (int len : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 21, Integer.MAX_VALUE - 22, -1,
                Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BatchCodec.decode(record(100, len, (short) 0, 8)), "bodyLen " + len);
            assertTrue(e.getMessage().contains("bad body length"), e.getMessage());
        }
    }

    @Test
    void negativeOrOverlongPropertiesAndTruncatedRecordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BatchCodec.decode(record(30, 4, (short) -1, 4)));
        assertThrows(IllegalArgumentException.class, () -> BatchCodec.decode(record(30, 4, Short.MAX_VALUE, 4)));
        assertThrows(IllegalArgumentException.class, () -> BatchCodec.decode(ByteBuffer.allocate(5)));
    }

    @Test
    void emptyBatchDecodesToNothingAndAValidRecordRoundTrips() {
        assertEquals(List.of(), BatchCodec.decode(ByteBuffer.allocate(0)));
        byte[] enc = BatchCodec.encode(List.of(BatchCodec.BatchRecord.of(0, new byte[] {1, 2, 3}, "a\u0001b")));
        List<BatchCodec.BatchRecord> out = BatchCodec.decode(ByteBuffer.wrap(enc));
        assertEquals(1, out.size());
        assertEquals("a\u0001b", out.get(0).properties());
    }

    @Test
    void aStoredMessageWithABodyLengthNearIntMaxIsCorruptNotAnIndexError() {
        PreparedMessage m = PreparedMessage.builder().topic("T").queueId(1)
                .body("payload".getBytes(java.nio.charset.StandardCharsets.UTF_8)).properties("k\u0001v\u0002")
                .bornHost(new java.net.InetSocketAddress("127.0.0.1", 1))
                .storeHost(new java.net.InetSocketAddress("127.0.0.1", 10911)).build();
        byte[] bytes = MessageEncoder.encode(m, 0, 0, 0);
        int bodyLenAt = new MessageView(ByteBuffer.wrap(bytes), 0).bodyIndex() - 4;
        for (int len : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - bodyLenAt - 4, -7}) {
            ByteBuffer hostile = ByteBuffer.wrap(bytes.clone());
            hostile.putInt(bodyLenAt, len);
            assertEquals(MessageDecoder.CHECK_CORRUPT, MessageDecoder.check(hostile, 0, bytes.length, false),
                    "bodyLen " + len);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MessageDecoder.decode(hostile.duplicate()), "bodyLen " + len);
            assertTrue(e.getMessage().contains("bad body length"), e.getMessage());
        }
    }

    /** Found writing the storedMessage fuzz target: a host port outside 0..65535 escaped decodeAll as an exception. */
    @Test
    void aStoredMessageWithAnImpossiblePortIsCorruptAndDecodeAllStopsThere() {
        PreparedMessage m = PreparedMessage.builder().topic("T").queueId(1)
                .body("payload".getBytes(java.nio.charset.StandardCharsets.UTF_8)).properties("")
                .bornHost(new java.net.InetSocketAddress("127.0.0.1", 1))
                .storeHost(new java.net.InetSocketAddress("127.0.0.1", 10911)).build();
        byte[] good = MessageEncoder.encode(m, 0, 0, 0);
        int[] portAt = {MessageLayout.BORN_HOST_OFFSET + 4, MessageLayout.storeHostOffset(0) + 4};
        for (int at : portAt) {
            for (int port : new int[] {-1, 65536, Integer.MIN_VALUE}) {
                byte[] bad = good.clone();
                ByteBuffer.wrap(bad).putInt(at, port);
                byte[] both = new byte[good.length * 2];
                System.arraycopy(good, 0, both, 0, good.length);
                System.arraycopy(bad, 0, both, good.length, bad.length);
                assertEquals(MessageDecoder.CHECK_CORRUPT, MessageDecoder.check(ByteBuffer.wrap(bad), 0, bad.length,
                        false), "port " + port + " at " + at);
                MessageDecoder.DecodeAllResult all = MessageDecoder.decodeAll(ByteBuffer.wrap(both));
                assertEquals(1, all.messages().size());
                assertEquals(good.length, all.validBytes());
                assertTrue(all.error().contains("port"), all.error());
            }
        }
    }
}
