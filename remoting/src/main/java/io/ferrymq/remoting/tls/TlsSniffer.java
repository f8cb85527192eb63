package io.ferrymq.remoting.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * First handler of a server connection: waits for the first {@value #SNIFF_BYTES} bytes, tells a TLS record header
 * from a remoting frame and lets {@link ServerTls} rewire the pipeline; the bytes read so far are passed on to
 * whatever comes next (the TLS handler or the frame decoder) when this handler is removed.
 *
 * <p>A TLS record starts with content type 22 (handshake) and protocol major version 3; a remoting frame starts
 * with its 4-byte big-endian length, which would then be at least 0x16030000 (369 MB), far above any accepted
 * frame, so the two cannot be confused. Runs on the connection's I/O thread.
 */
final class TlsSniffer extends ByteToMessageDecoder {
    static final int SNIFF_BYTES = 3;
    private static final int CONTENT_TYPE_HANDSHAKE = 22;
    private static final int MAJOR_VERSION = 3;

    private final ServerTls policy;

    TlsSniffer(ServerTls policy) {
        this.policy = policy;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < SNIFF_BYTES) {
            return;
        }
        if (!policy.onFirstBytes(ctx, looksLikeTls(in))) {
            in.skipBytes(in.readableBytes()); // refused and closing: nothing of it reaches a decoder
        }
    }

    static boolean looksLikeTls(ByteBuf in) {
        int i = in.readerIndex();
        return in.getUnsignedByte(i) == CONTENT_TYPE_HANDSHAKE && in.getUnsignedByte(i + 1) == MAJOR_VERSION
                && in.getUnsignedByte(i + 2) <= 4;
    }
}
