package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection that sent a bad frame is closed, and nothing it sent after that frame is served: found writing the
 * frame decoder's fuzz target (FrameDecoderFuzzTest), where the frames buffered behind a bad one were still decoded
 * and dispatched to processors while the closing connection went inactive.
 */
class FrameDecoderRejectionTest {

    private static byte[] validRequest() {
        ByteBuf b = FrameCodec.encodeHeaderAndArrayBody(RemotingCommand.request(310).putExt("b", "Topic"),
                UnpooledByteBufAllocator.DEFAULT);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    private static void assertNothingDecodedAfterTheRejection(byte[] bad) {
        byte[] good = validRequest();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(64 * 1024));
        ByteBuf stream = Unpooled.wrappedBuffer(bad, good);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(stream));
        assertTrue(e instanceof io.netty.handler.codec.TooLongFrameException
                || e instanceof io.netty.handler.codec.CorruptedFrameException
                || e.getCause() instanceof FrameFormatException, e.toString());
        ch.writeInbound(Unpooled.wrappedBuffer(good)); // more bytes after the rejection: ignored too
        ch.finish(); // the connection closes: what is still buffered must not be decoded either
        assertNull(ch.readInbound(), "a request after the bad frame was decoded");
    }

    @Test
    void framesBehindAMalformedHeaderAreNotServed() {
        byte[] header = "{\"code\":".getBytes();
        assertNothingDecodedAfterTheRejection(ByteBuffer.allocate(8 + header.length).putInt(4 + header.length)
                .putInt(header.length).put(header).array());
    }

    @Test
    void framesBehindAnUnknownSerializeTypeAreNotServed() {
        assertNothingDecodedAfterTheRejection(ByteBuffer.allocate(10).putInt(6).putInt((9 << 24) | 2)
                .put((byte) '{').put((byte) '}').array());
    }

    @Test
    void framesBehindANegativeLengthAreNotServed() {
        assertNothingDecodedAfterTheRejection(ByteBuffer.allocate(8).putInt(-1).putInt(0).array());
    }
}
