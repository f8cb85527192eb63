package io.ferrymq.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {
    private static PreparedMessage msg(String topic, String body, String props) {
        return PreparedMessage.builder().topic(topic).queueId(1).body(body.getBytes(StandardCharsets.UTF_8))
            .properties(props).bornHost(new InetSocketAddress("127.0.0.1", 1))
            .storeHost(new InetSocketAddress("127.0.0.1", 10911)).build();
    }

    @Test
    void sampleFromTheProtocolDocIs106Bytes() {
        PreparedMessage m = msg("TopicA", "hello", "a\u0001b\u0002");
        assertEquals(106, m.encodedLength());
        assertEquals(91, MessageLayout.FIXED_LENGTH_V4);
    }

    @Test
    void decodeAllStopsAtTheFirstBadEntryAndSaysWhere() {
        PreparedMessage a = msg("T", "one", "");
        PreparedMessage b = msg("T", "two", "TAGS\u0001x\u0002");
        ByteBuffer buf = ByteBuffer.allocate(a.encodedLength() * 3 + b.encodedLength());
        MessageEncoder.encode(buf, a, 0, 0, 5);
        MessageEncoder.encode(buf, b, 1, a.encodedLength(), 6);
        int good = buf.position();
        MessageEncoder.encode(buf, a, 2, good, 7);
        buf.putInt(good + 4, 0x12345678); // third entry: bad magic
        buf.flip();
        MessageDecoder.DecodeAllResult r = MessageDecoder.decodeAll(buf);
        assertEquals(2, r.messages().size());
        assertEquals(good, r.validBytes());
        assertFalse(r.complete());
        assertTrue(r.error().contains("magic"), r.error());
        assertEquals("x", r.messages().get(1).tags());
        assertEquals("x".hashCode(), r.messages().get(1).tagsCode());
        assertNull(r.messages().get(0).tags());
    }

    @Test
    void checkRejectsTruncationAndCrcMismatchAndRecognisesBlankAndEnd() {
        PreparedMessage a = msg("T", "payload", "k\u0001v\u0002");
        byte[] bytes = MessageEncoder.encode(a, 0, 0, 0);
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        assertEquals(bytes.length, MessageDecoder.check(bb, 0, bytes.length, true));
        assertEquals(MessageDecoder.CHECK_CORRUPT, MessageDecoder.check(bb, 0, bytes.length - 1, false));
        MessageView v = new MessageView(ByteBuffer.wrap(bytes), 0);
        byte[] flipped = bytes.clone();
        flipped[v.bodyIndex()] ^= 1;
        assertEquals(MessageDecoder.CHECK_CORRUPT, MessageDecoder.check(ByteBuffer.wrap(flipped), 0, bytes.length, true));
        assertEquals(bytes.length, MessageDecoder.check(ByteBuffer.wrap(flipped), 0, bytes.length, false));

        ByteBuffer zeros = ByteBuffer.allocate(64);
        assertEquals(MessageDecoder.CHECK_END, MessageDecoder.check(zeros, 0, 64, true));
        zeros.putInt(0, 64).putInt(4, MessageLayout.BLANK_MAGIC_CODE);
        assertEquals(MessageDecoder.CHECK_BLANK, MessageDecoder.check(zeros, 0, 64, true));
        assertThrows(IllegalArgumentException.class, () -> MessageDecoder.decode(ByteBuffer.allocate(10).putInt(0, 99)));
    }

    @Test
    void aTornWriteIsNeverMistakenForAWholeMessage() {
        PreparedMessage a = msg("C", "body", "");
        byte[] whole = MessageEncoder.encode(a, 0, 0, 0);
        // the encoder sets TOTALSIZE last: a writer killed before that leaves 0 there
        byte[] noSize = whole.clone();
        noSize[0] = noSize[1] = noSize[2] = noSize[3] = 0;
        assertEquals(MessageDecoder.CHECK_CORRUPT, MessageDecoder.check(ByteBuffer.wrap(noSize), 0, whole.length, true));
        // topic byte not yet written (properties are empty, so lengths still add up): rejected too
        byte[] noTopic = whole.clone();
        noTopic[whole.length - 3] = 0;
        assertEquals(MessageDecoder.CHECK_CORRUPT, MessageDecoder.check(ByteBuffer.wrap(noTopic), 0, whole.length, true));
    }

    @Test
    void viewReadsFieldsInPlace() {
        PreparedMessage a = msg("TopicV", "abc", "TAGS\u0001t1\u0002");
        ByteBuffer direct = ByteBuffer.allocateDirect(a.encodedLength() + 10);
        direct.position(10);
        MessageEncoder.encode(direct, a, 7, 10, 99);
        MessageView v = new MessageView(direct, 10);
        assertEquals("TopicV", v.topic());
        assertEquals(7, v.queueOffset());
        assertEquals(10, v.physicalOffset());
        assertEquals(99, v.storeTimestamp());
        assertEquals("t1", MessageProperties.get(v.propertiesString(), MessageConst.PROPERTY_TAGS));
        assertEquals(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), v.bodySlice());
        assertEquals(a.encodedLength(), v.slice().remaining());
        assertNotNull(MessageIds.decodeOffsetMsgId(v.offsetMsgId()));
        assertEquals(List.of(), MessageDecoder.decodeAll(ByteBuffer.allocate(0)).messages());
    }

    /** One view over many messages: a topic's String is reused while its bytes repeat, the scratch array grows. */
    @Test
    void oneViewReadsTopicsAndPropertiesOfManyMessagesInADirectAndAHeapBuffer() {
        String[] topics = {"TopicV", "TopicV", "TopicW", "TopicV", "T\u00f6pic", "T\u00f6pic", "TopicV"};
        String[] props = {"TAGS\u0001t1\u0002", "KEYS\u0001" + "k".repeat(300) + "\u0002", "", "a\u0001\u00e9\u0002",
            "b\u0001" + "v".repeat(5000) + "\u0002", "c\u0001d\u0002", "TAGS\u0001t2\u0002"};
        for (boolean direct : new boolean[] {true, false}) {
            int size = 0;
            for (int i = 0; i < topics.length; i++) {
                size += msg(topics[i], "b", props[i]).encodedLength();
            }
            ByteBuffer buf = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
            int[] at = new int[topics.length];
            for (int i = 0; i < topics.length; i++) {
                at[i] = buf.position();
                MessageEncoder.encode(buf, msg(topics[i], "b", props[i]), i, at[i], 1);
            }
            MessageView v = new MessageView();
            String previous = null;
            for (int i = 0; i < topics.length; i++) {
                v.wrap(buf, at[i]);
                String topic = v.topic();
                assertEquals(topics[i], topic);
                assertEquals(props[i], v.propertiesString());
                if (i > 0 && topics[i].equals(topics[i - 1])) {
                    assertSame(previous, topic, "a repeated topic's String is reused");
                }
                previous = topic;
            }
        }
    }

    @Test
    void preparedMessageRejectsOversizedPropertiesAndSetsHostFlags() {
        assertThrows(IllegalArgumentException.class, () -> msg("T", "b", "x".repeat(40_000)));
        PreparedMessage v6 = PreparedMessage.builder().topic("T").bornHost(new InetSocketAddress("::1", 1))
            .storeHost(new InetSocketAddress("127.0.0.1", 2)).sysFlag(MessageSysFlag.STOREHOSTADDRESS_V6_FLAG).build();
        assertEquals(MessageSysFlag.BORNHOST_V6_FLAG, v6.sysFlag());
        assertEquals(0L, TagHash.tagsCode(""));
        assertEquals((long) "TagA".hashCode(), TagHash.tagsCode("TagA"));
    }
}
