package io.ferrymq.remoting;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz targets for the two header decoders (JSON and RocketMQ binary). Oracle: the only failure is the declared
 * {@link FrameFormatException}; whatever is accepted encodes and decodes again to the same command (so a header
 * we read is a header we can answer); no other exception, no OOM, no stack overflow. For JSON also: the
 * hand-written fast path answers as the fastjson2 path does wherever it answers at all.
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/remoting/HeaderCodecFuzzTestInputs/<target>/}.
 */
class HeaderCodecFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void jsonHeader(byte[] input) {
        RemotingCommand cmd;
        try {
            cmd = JsonHeaderCodec.decode(input);
        } catch (FrameFormatException declared) {
            return;
        }
        RemotingCommand again = JsonHeaderCodec.decode(JsonHeaderCodec.encode(cmd));
        assertEquals(CanonicalCommand.of(cmd), CanonicalCommand.of(again));
    }

    @FuzzTest(maxDuration = "5m")
    void jsonFastPathAgrees(byte[] input) {
        RemotingCommand fast = JsonHeaderReader.read(input);
        if (fast == null) {
            return; // left to the fastjson2 path, which jsonHeader fuzzes
        }
        RemotingCommand reference;
        try {
            reference = FastjsonHeaderDecoder.decode(input);
        } catch (FrameFormatException e) {
            throw new AssertionError("the fast path read a header the fastjson2 path refuses: " + e.getMessage(), e);
        }
        assertEquals(CanonicalCommand.of(reference), CanonicalCommand.of(fast));
    }

    @FuzzTest(maxDuration = "5m")
    void binaryHeader(byte[] input) {
        RemotingCommand cmd;
        ByteBuf in = Unpooled.wrappedBuffer(input);
        try {
            cmd = BinaryHeaderCodec.decode(in, input.length);
        } catch (FrameFormatException declared) {
            return;
        }
        assertEquals(input.length, in.readerIndex(), "an accepted header is consumed whole");
        ByteBuf out = ByteBufAllocator.DEFAULT.heapBuffer();
        try {
            BinaryHeaderCodec.encode(cmd, out);
            RemotingCommand again = BinaryHeaderCodec.decode(out, out.readableBytes());
            // an extFields block of only empty entries decodes to {} and is re-sent as "none"
            assertEquals(CanonicalCommand.of(cmd).carriedAs(SerializeType.ROCKETMQ),
                    CanonicalCommand.of(again).carriedAs(SerializeType.ROCKETMQ));
        } finally {
            out.release();
        }
    }
}
