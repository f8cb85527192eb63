package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Splits the byte stream into frames and decodes each into a {@link RemotingCommand}. One instance per
 * connection. Any violation (oversized or negative length, bad header) raises an exception that closes the
 * connection; see {@link RemotingEndpoint}.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    FrameDecoder(int maxFrameLength) {
        // maxFrameLength bounds the length field's value; Netty's bound includes the 4-byte field itself.
        super(maxFrameLength + FrameLayout.LENGTH_FIELD_SIZE, 0, FrameLayout.LENGTH_FIELD_SIZE, 0,
                FrameLayout.LENGTH_FIELD_SIZE, true);
    }

    /** The length field is a signed int on the wire; read it so, so a negative length is reported as one. */
    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        return buf.getInt(offset);
    }

    /** Set once a frame was rejected: the connection is closing, and nothing it sent afterwards is decoded. */
    private boolean rejected;

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        try {
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            try {
                return FrameCodec.decode(frame);
            } finally {
                frame.release();
            }
        } catch (RuntimeException e) {
            // Frames buffered behind a bad one would otherwise still be decoded (and served) while the
            // connection closes, when Netty decodes what is left on channelInactive.
            rejected = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            log.warn("connection from {} closed in the middle of a frame ({} bytes of an incomplete frame dropped)",
                    RemotingChannel.format(ctx.channel().remoteAddress()), in.readableBytes());
            in.skipBytes(in.readableBytes());
        }
    }
}
