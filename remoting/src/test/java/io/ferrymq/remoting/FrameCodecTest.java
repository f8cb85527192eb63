package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** A command encoded by our codec decodes to an equal command, for both serialize types. */
class FrameCodecTest {

    private static RemotingCommand sample(SerializeType type, byte[] body) {
        Map<String, String> ext = new HashMap<>();
        ext.put("topic", "TopicA");
        ext.put("queueId", "3");
        ext.put("queueOffset", String.valueOf(Long.MAX_VALUE));
        ext.put("isForce", "true");
        ext.put("unicode", "é漢字 \"quoted\" \\ back\u0001\u0002");
        return RemotingCommand.request(310)
                .language(LanguageCode.GO)
                .version(401)
                .flag(RemotingCommand.FLAG_ONEWAY)
                .remark("a remark with ünïcode")
                .extFields(ext)
                .body(body)
                .serializeType(type);
    }

    private static RemotingCommand roundTrip(RemotingCommand cmd) {
        ByteBuf frame = FrameCodec.encodeHeaderAndArrayBody(cmd, ByteBufAllocator.DEFAULT);
        try {
            int length = frame.readInt();
            assertEquals(frame.readableBytes(), length, "length field counts everything after itself");
            return FrameCodec.decode(frame);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void everyHeaderFieldSurvivesARoundTrip(SerializeType type) {
        RemotingCommand sent = sample(type, "hello".getBytes(StandardCharsets.UTF_8));
        RemotingCommand got = roundTrip(sent);
        assertEquals(sent.code(), got.code());
        assertEquals(LanguageCode.GO, got.language());
        assertEquals(401, got.version());
        assertEquals(sent.opaque(), got.opaque());
        assertEquals(RemotingCommand.FLAG_ONEWAY, got.flag());
        assertTrue(got.isOneway());
        assertFalse(got.isResponse());
        assertEquals(sent.remark(), got.remark());
        assertEquals(sent.extFields(), got.extFields());
        assertArrayEquals(sent.body(), got.body());
        assertEquals(type, got.serializeType());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void emptyBodyAndNoExtFieldsAndNoRemark(SerializeType type) {
        RemotingCommand sent = RemotingCommand.request(34).serializeType(type);
        RemotingCommand got = roundTrip(sent);
        assertEquals(34, got.code());
        assertNull(got.body());
        assertNull(got.remark());
        assertTrue(got.extFields() == null || got.extFields().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void largeBodyOfFourMegabytes(SerializeType type) {
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(body);
        RemotingCommand got = roundTrip(sample(type, body));
        assertArrayEquals(body, got.body());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void responseAnswersInTheRequestsSerializeType(SerializeType type) {
        RemotingCommand request = sample(type, null);
        RemotingCommand response = RemotingCommand.responseTo(request, 17, "no topic");
        assertEquals(type, response.serializeType());
        assertEquals(request.opaque(), response.opaque());
        assertTrue(response.isResponse());
        RemotingCommand got = roundTrip(response);
        assertTrue(got.isResponse());
        assertEquals(17, got.code());
        assertEquals("no topic", got.remark());
    }

    @Test
    void zeroCopyBodyBufferIsSentAfterTheHeaderUnchanged() {
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ByteBuf body = Unpooled.wrappedBuffer("zero-copy".getBytes(StandardCharsets.US_ASCII));
        RemotingCommand cmd = RemotingCommand.response(0, null).bodyBuffer(body);
        assertTrue(out.writeOutbound(cmd));
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = out.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH));
        assertTrue(in.writeInbound(all));
        RemotingCommand got = in.readInbound();
        assertEquals("zero-copy", new String(got.body(), StandardCharsets.US_ASCII));
        assertEquals(0, body.refCnt(), "the transport released the body buffer after writing it");
    }

    @Test
    void decoderReassemblesFramesSplitAcrossReadsAndSplitsCoalescedOnes() {
        RemotingCommand a = sample(SerializeType.JSON, new byte[]{1, 2, 3});
        RemotingCommand b = sample(SerializeType.ROCKETMQ, new byte[]{4, 5});
        ByteBuf both = Unpooled.buffer();
        for (RemotingCommand c : new RemotingCommand[]{a, b}) {
            ByteBuf f = FrameCodec.encodeHeaderAndArrayBody(c, ByteBufAllocator.DEFAULT);
            both.writeBytes(f);
            f.release();
        }
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH));
        while (both.isReadable()) {
            ch.writeInbound(both.readRetainedSlice(Math.min(7, both.readableBytes())));
        }
        both.release();
        RemotingCommand ga = ch.readInbound();
        RemotingCommand gb = ch.readInbound();
        assertArrayEquals(new byte[]{1, 2, 3}, ga.body());
        assertArrayEquals(new byte[]{4, 5}, gb.body());
        assertEquals(SerializeType.ROCKETMQ, gb.serializeType());
        assertNull(ch.readInbound());
    }

    @Test
    void jsonHeaderAcceptsNumericLanguageAndNonStringExtValuesAndUnknownKeys() {
        String json = "{\"code\":105,\"extFields\":{\"topic\":\"T\",\"n\":5,\"b\":true,\"z\":null},"
                + "\"flag\":0,\"language\":0,\"opaque\":7,\"unknown\":{\"x\":[1,2]},\"version\":479}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(FrameLayout.headerWord(SerializeType.JSON, header.length));
        frame.writeBytes(header);
        RemotingCommand got = FrameCodec.decode(frame);
        assertEquals(105, got.code());
        assertEquals(LanguageCode.JAVA, got.language());
        assertEquals(7, got.opaque());
        assertEquals("T", got.extFields().get("topic"));
        assertEquals("5", got.extFields().get("n"));
        assertEquals("true", got.extFields().get("b"));
        assertFalse(got.extFields().containsKey("z"));
    }
}
