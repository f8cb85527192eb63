package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written JSON header writer writes, byte for byte, what fastjson2's writer wrote before
 * ({@link FastjsonHeaderEncoder}): same field order, same escapes, same UTF-8, same {@code ?} for a lone surrogate.
 * So every peer, the official client's fastjson included, reads our headers exactly as it did.
 */
class JsonHeaderWriterTest {

    private static String written(RemotingCommand cmd) {
        return new String(JsonHeaderWriter.write(cmd), StandardCharsets.UTF_8);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void writesASendResponseHeaderInTheFieldOrderOfBefore() {
        RemotingCommand response = new RemotingCommand().code(0).flag(1).opaque(12).version(479).remark("ok")
                .extFields(ordered("msgId", "C0A8000100002A9F0000000000000000", "queueId", "3", "queueOffset", "123456"));
        assertEquals("{\"code\":0,\"extFields\":{\"msgId\":\"C0A8000100002A9F0000000000000000\",\"queueId\":\"3\","
                + "\"queueOffset\":\"123456\"},\"flag\":1,\"language\":\"JAVA\",\"opaque\":12,\"remark\":\"ok\","
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}", written(response));
    }

    @Test
    void leavesOutAbsentRemarkAndExtFieldsAndEntriesWithANullKeyOrValue() {
        assertEquals("{\"code\":-2147483648,\"flag\":2147483647,\"language\":\"NODE_JS\",\"opaque\":-1,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}", written(new RemotingCommand()
                .code(Integer.MIN_VALUE).flag(Integer.MAX_VALUE).opaque(-1).version(0).language(LanguageCode.NODE_JS)));
        Map<String, String> ext = new HashMap<>();
        ext.put(null, "v");
        ext.put("k", null);
        assertEquals("{\"code\":1,\"extFields\":{},\"flag\":0,\"language\":\"JAVA\",\"opaque\":0,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":1}", written(new RemotingCommand().code(1).version(1)
                .extFields(ext)));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersAsFastjson2Does() {
        String header = written(new RemotingCommand().remark("\"\\/\b\t\n\f\r\u0000\u0001\u001f\u007f")
                .extFields(ordered("i", "KEYS\u0001K1\u0002TAGS\u0001TagA\u0002")));
        assertEquals("{\"code\":0,\"extFields\":{\"i\":\"KEYS\\u0001K1\\u0002TAGS\\u0001TagA\\u0002\"},\"flag\":0,"
                + "\"language\":\"JAVA\",\"opaque\":0,\"remark\":\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0000\\u0001\\u001f\u007f\","
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}", header);
    }

    @Test
    void writesNonAsciiAsUtf8AndALoneSurrogateAsAQuestionMark() {
        byte[] header = JsonHeaderWriter.write(new RemotingCommand().remark("é中😀 \uD800x\uDC00 \uD83D"));
        assertEquals("{\"code\":0,\"flag\":0,\"language\":\"JAVA\",\"opaque\":0,\"remark\":\"é中😀 ?x? ?\","
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}", new String(header, StandardCharsets.UTF_8));
    }

    @Test
    void aHeaderLargerThanTheThreadsBufferIsWrittenWhole() throws Exception {
        RemotingCommand big = new RemotingCommand().remark("x".repeat(100_000) + "\u0001é")
                .extFields(ordered("k", "y".repeat(70_000)));
        byte[][] written = new byte[2][];
        Thread fresh = new Thread(() -> { // a new thread's buffer starts small: both headers make it grow
            written[0] = JsonHeaderWriter.write(big);
            written[1] = JsonHeaderWriter.write(big);
        });
        fresh.start();
        fresh.join();
        assertArrayEquals(FastjsonHeaderEncoder.encode(big), written[0]);
        assertArrayEquals(written[0], written[1]);
    }

    @Test
    void writesTheSameBytesAsTheFastjson2WriterForGeneratedCommands() {
        Random r = new Random(20240611L);
        for (int i = 0; i < 20_000; i++) {
            RemotingCommand cmd = RandomHeaders.command(r, false);
            assertArrayEquals(FastjsonHeaderEncoder.encode(cmd), JsonHeaderWriter.write(cmd), () -> cmd.toString());
        }
    }

    @Test
    void theOfficialLibraryReadsBackWhatItWrites() throws Exception {
        Random r = new Random(7L);
        for (int i = 0; i < 500; i++) {
            RemotingCommand ours = RandomHeaders.command(r, true);
            ByteBuf frame = FrameCodec.encodeHeaderAndArrayBody(ours, UnpooledByteBufAllocator.DEFAULT);
            ByteBuffer nio = ByteBuffer.allocate(frame.readableBytes() - 4);
            frame.skipBytes(4).readBytes(nio);
            frame.release();
            nio.flip();
            org.apache.rocketmq.remoting.protocol.RemotingCommand theirs =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(nio);
            String context = ours.toString();
            assertEquals(ours.code(), theirs.getCode(), context);
            assertEquals(ours.flag(), theirs.getFlag(), context);
            assertEquals(ours.opaque(), theirs.getOpaque(), context);
            assertEquals(ours.version(), theirs.getVersion(), context);
            assertEquals(ours.language().name(), theirs.getLanguage().name(), context);
            assertEquals(ours.remark(), theirs.getRemark(), context);
            assertEquals(ours.extFields(), theirs.getExtFields(), context);
        }
    }
}
