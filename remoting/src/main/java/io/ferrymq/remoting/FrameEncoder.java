package io.ferrymq.remoting;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * Writes a {@link RemotingCommand} as one frame. A zero-copy {@link RemotingCommand#bodyBuffer()} is passed on
 * after the header without copying (its ownership moves to the channel). Stateless and shared.
 */
@ChannelHandler.Sharable
final class FrameEncoder extends MessageToMessageEncoder<RemotingCommand> {
    static final FrameEncoder INSTANCE = new FrameEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand cmd, List<Object> out) {
        out.add(FrameCodec.encodeHeaderAndArrayBody(cmd, ctx.alloc()));
        if (cmd.bodyBuffer() != null) {
            out.add(cmd.bodyBuffer());
            cmd.bodyBuffer(null);
        }
    }
}
