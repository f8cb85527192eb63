package io.ferrymq.remoting.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits behind a server connection's TLS handler and reports the handshake's outcome to {@link ServerTls} (counted;
 * a failure is also logged), then leaves the pipeline. Runs on the connection's I/O thread.
 */
final class HandshakeObserver extends ChannelInboundHandlerAdapter {
    private final ServerTls policy;
    private final String remote;

    HandshakeObserver(ServerTls policy, String remote) {
        this.policy = policy;
        this.remote = remote;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            policy.onHandshake(remote, done.isSuccess() ? null : done.cause());
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }
}
