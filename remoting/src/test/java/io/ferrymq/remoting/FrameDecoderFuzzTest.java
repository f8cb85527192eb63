package io.ferrymq.remoting;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Fuzz target for the frame decoder as the server runs it: bytes from a socket into Netty's pipeline (an
 * {@link EmbeddedChannel} holding the real {@link FrameDecoder}). The input is fed twice, whole and one byte at a
 * time; both must give the same commands and the same verdict. Oracle: the only failures are the declared
 * rejections (a {@link FrameFormatException}, or Netty's {@code TooLongFrameException} /
 * {@code CorruptedFrameException} for the length field), each of which closes the connection in the server;
 * nothing else escapes, nothing runs out of memory or stack.
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/remoting/FrameDecoderFuzzTestInputs/frameStream/}.
 */
class FrameDecoderFuzzTest {
    /** Small, so that the fuzzer also reaches the oversized-frame rejection. */
    static final int MAX_FRAME = 64 * 1024;

    /** What one connection made of a byte stream: the commands decoded and the rejection, if any. */
    record Outcome(List<CanonicalCommand> commands, String rejection) {
    }

    @FuzzTest(maxDuration = "5m")
    void frameStream(byte[] input) {
        Outcome whole = feed(input, input.length);
        Outcome byteByByte = feed(input, 1);
        assertEquals(whole, byteByByte, "splitting the stream changed what it decodes to");
    }

    /** Feeds {@code input} in chunks of {@code chunk} bytes until the decoder rejects it or the input ends. */
    static Outcome feed(byte[] input, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        List<CanonicalCommand> out = new ArrayList<>();
        String rejection = null;
        try {
            for (int i = 0; i < input.length && rejection == null; i += Math.max(1, chunk)) {
                byte[] part = Arrays.copyOfRange(input, i, Math.min(input.length, i + Math.max(1, chunk)));
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(part));
                } catch (DecoderException e) {
                    rejection = declaredRejection(e);
                }
                drain(ch, out);
            }
            // the connection ends: nothing still buffered may be decoded after a rejection (or at all: every
            // complete frame was decoded when it arrived)
            ch.finish();
            Object late = ch.readInbound();
            assertNull(late, "a command was decoded when the connection closed");
        } finally {
            ch.finishAndReleaseAll();
        }
        return new Outcome(out, rejection);
    }

    private static void drain(EmbeddedChannel ch, List<CanonicalCommand> out) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(CanonicalCommand.of((RemotingCommand) o));
        }
    }

    /** The kind of a declared rejection; anything else is rethrown and fails the target. */
    static String declaredRejection(DecoderException e) {
        if (e instanceof io.netty.handler.codec.TooLongFrameException) {
            return "too long";
        }
        if (e instanceof io.netty.handler.codec.CorruptedFrameException) {
            return "corrupted length";
        }
        if (e.getCause() instanceof FrameFormatException) {
            return "frame format";
        }
        throw e;
    }
}
