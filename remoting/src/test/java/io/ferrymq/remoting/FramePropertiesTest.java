package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the frame codec, checked on generated commands: encode then decode is the identity for every frame
 * (JSON and ROCKETMQ binary headers, requests and responses, any extFields, remark and body); any split of a valid
 * byte stream into reads decodes to the same commands; a length field over the limit is rejected as soon as it
 * arrives, before the frame's bytes are allocated.
 */
class FramePropertiesTest {
    private static final int MAX_FRAME = 1 << 20;

    /** Any text a Java string can carry as UTF-8 (no unpaired surrogates, which UTF-8 cannot encode). */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(maxLength);
    }

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<SerializeType> types = Arbitraries.of(SerializeType.values());
        Arbitrary<Map<String, String>> ext = Arbitraries.maps(text(30), text(60)).ofMaxSize(12).injectNull(0.1);
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048).injectNull(0.2);
        Arbitrary<Integer> shorts = Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
        Arbitrary<RemotingCommand> head = Combinators.combine(types, shorts, shorts, Arbitraries.integers(),
                Arbitraries.integers(), Arbitraries.of(LanguageCode.values()), text(200).injectNull(0.3))
                .as((type, code, version, opaque, flag, lang, remark) -> new RemotingCommand().serializeType(type)
                        .code(code).version(version).opaque(opaque).flag(flag).language(lang).remark(remark));
        return Combinators.combine(head, ext, bodies).as((cmd, e, b) -> cmd.extFields(e).body(b));
    }

    private static byte[] encode(RemotingCommand cmd) {
        ByteBuf frame = FrameCodec.encodeHeaderAndArrayBody(cmd, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            return bytes;
        } finally {
            frame.release();
        }
    }

    private static CanonicalCommand expected(RemotingCommand cmd) {
        return CanonicalCommand.of(cmd).carriedAs(cmd.serializeType());
    }

    @Property(tries = 300)
    void encodeThenDecodeIsIdentity(@ForAll("commands") RemotingCommand cmd) {
        byte[] frame = encode(cmd);
        ByteBuf withoutLength = Unpooled.wrappedBuffer(frame, 4, frame.length - 4);
        assertEquals(frame.length - 4, java.nio.ByteBuffer.wrap(frame).getInt(), "length field");
        RemotingCommand decoded = FrameCodec.decode(withoutLength);
        assertEquals(expected(cmd), CanonicalCommand.of(decoded).carriedAs(cmd.serializeType()));
    }

    @Property(tries = 150)
    void anySplitOfAValidStreamDecodesTheSame(@ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("commands") RemotingCommand> cmds,
                                              @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 1 << 16) Integer> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<CanonicalCommand> sent = new ArrayList<>();
        for (RemotingCommand c : cmds) {
            stream.writeBytes(encode(c));
            sent.add(expected(c));
        }
        byte[] bytes = stream.toByteArray();
        TreeSet<Integer> points = new TreeSet<>();
        for (int c : cuts) {
            points.add(c % (bytes.length + 1));
        }
        points.add(bytes.length);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        List<CanonicalCommand> got = new ArrayList<>();
        int from = 0;
        for (int to : points) {
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, to)));
            for (Object o; (o = ch.readInbound()) != null; ) {
                RemotingCommand r = (RemotingCommand) o;
                got.add(CanonicalCommand.of(r).carriedAs(r.serializeType()));
            }
            from = to;
        }
        ch.finishAndReleaseAll();
        assertEquals(sent, got);
    }

    @Property(tries = 100)
    void anOversizedFrameIsRejectedBeforeItsBytesAreAllocated(
            @ForAll @IntRange(min = MAX_FRAME + 1, max = Integer.MAX_VALUE) int length) {
        rejectOversized(MAX_FRAME + 1); // warm-up: class loading is not the frame's allocation
        long before = allocatedByThisThread();
        rejectOversized(length);
        long used = allocatedByThisThread() - before;
        assertTrue(used < MAX_FRAME / 4, "rejecting a frame of " + length + " bytes allocated " + used + " bytes");
    }

    /** Sends only the length field, split in two reads; the decoder must refuse it without waiting for more. */
    private static void rejectOversized(int length) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        byte[] field = java.nio.ByteBuffer.allocate(4).putInt(length).array();
        ch.writeInbound(Unpooled.wrappedBuffer(field, 0, 2));
        TooLongFrameException e = assertThrows(TooLongFrameException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(field, 2, 2)));
        assertTrue(e.getMessage().contains(Long.toString((long) length + 4)) || e.getMessage().contains("exceeds"),
                e.getMessage());
        ch.finishAndReleaseAll();
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
