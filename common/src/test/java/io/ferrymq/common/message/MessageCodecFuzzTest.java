package io.ferrymq.common.message;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets for the message byte layouts a peer controls: stored messages (pull, query and replication bodies),
 * SEND_BATCH_MESSAGE bodies and properties strings. The oracle: the only failure a decoder may report is its
 * declared {@link IllegalArgumentException}; {@link MessageDecoder#check} and {@link MessageDecoder#decodeAll}
 * never throw at all; nothing runs out of memory or stack.
 *
 * <p>Without {@code JAZZER_FUZZ} each target runs once per file of its saved corpus
 * ({@code src/test/resources/io/ferrymq/common/message/MessageCodecFuzzTestInputs/<target>/}); see
 * docs/security.md for the command that fuzzes one target.
 */
class MessageCodecFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void storedMessage(byte[] input) {
        int checked = MessageDecoder.check(ByteBuffer.wrap(input), 0, input.length, false);
        assertTrue(checked > 0 || checked == MessageDecoder.CHECK_END || checked == MessageDecoder.CHECK_BLANK
                || checked == MessageDecoder.CHECK_CORRUPT, "check result " + checked);
        MessageDecoder.check(ByteBuffer.wrap(input), 0, input.length, true);
        ByteBuffer buf = ByteBuffer.wrap(input);
        try {
            DecodedMessage m = MessageDecoder.decode(buf);
            assertTrue(checked > 0, "decode accepted what check refused");
            assertEquals(checked, buf.position());
            assertFalse(m.topic().isEmpty());
        } catch (IllegalArgumentException declared) {
            assertEquals(0, buf.position(), "a refused entry leaves the position unchanged");
        }
        MessageDecoder.DecodeAllResult all = MessageDecoder.decodeAll(ByteBuffer.wrap(input));
        assertTrue(all.validBytes() >= 0 && all.validBytes() <= input.length);
        assertEquals(all.complete(), all.validBytes() == input.length);
    }

    @FuzzTest(maxDuration = "5m")
    void batchBody(byte[] input) {
        List<BatchCodec.BatchRecord> records;
        try {
            records = BatchCodec.decode(ByteBuffer.wrap(input));
        } catch (IllegalArgumentException declared) {
            return;
        }
        int total = 0;
        for (BatchCodec.BatchRecord r : records) {
            total += BatchCodec.RECORD_OVERHEAD + r.body().remaining();
            MessageProperties.decode(r.properties());
        }
        assertTrue(total <= input.length, "records cover more bytes than the body has");
    }

    /** Decoding never fails, and the map-free lookup agrees with the map for every decoded name. */
    @FuzzTest(maxDuration = "5m")
    void properties(byte[] input) {
        String s = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> map = MessageProperties.decode(s);
        for (Map.Entry<String, String> e : map.entrySet()) {
            assertFalse(e.getKey().isEmpty() || e.getValue().isEmpty(), "empty name or value decoded: " + e);
            assertEquals(e.getValue(), MessageProperties.get(s, e.getKey()), "get and decode disagree on " + e.getKey());
        }
        assertEquals(map, MessageProperties.decode(MessageProperties.encode(map)), "re-encoding changes the map");
    }
}
