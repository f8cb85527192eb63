package io.ferrymq.remoting;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection, as seen by processors and listeners. Identity is stable for the connection's lifetime, so it
 * can key registries (clients of a consumer group, brokers of a name server). Thread-safe.
 */
public final class RemotingChannel {
    private static final Logger log = LoggerFactory.getLogger(RemotingChannel.class);

    private final Channel channel;
    private final RemotingEndpoint endpoint;
    private final String remoteAddress;
    private final InetSocketAddress remoteSocketAddress;
    /**
     * Requests of this connection handed to an executor by a binding that could have run them on the I/O thread,
     * not yet processed: while non-zero the connection's next such requests are handed off too, to keep order.
     */
    final AtomicInteger handedOff = new AtomicInteger();
    private final Outbox outbox;

    RemotingChannel(Channel channel, RemotingEndpoint endpoint) {
        this.channel = channel;
        this.outbox = new Outbox(channel);
        this.endpoint = endpoint;
        this.remoteAddress = format(channel.remoteAddress());
        this.remoteSocketAddress = channel.remoteAddress() instanceof InetSocketAddress isa ? isa
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * Wraps a bare Netty channel that no transport serves (tests of request processors: replies written to a
     * Netty {@code EmbeddedChannel} can be read back as {@link RemotingCommand}s). Server-to-client calls are
     * not available on it.
     */
    public static RemotingChannel detached(Channel channel) {
        return new RemotingChannel(channel, null);
    }

    /** The peer as {@code ip:port}. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The peer's socket address (e.g. a message's born host), without re-parsing {@link #remoteAddress()}. */
    public InetSocketAddress remoteSocketAddress() {
        return remoteSocketAddress;
    }

    /** The local end as {@code ip:port}. */
    public String localAddress() {
        return format(channel.localAddress());
    }

    public boolean isActive() {
        return channel.isActive();
    }

    public void close() {
        channel.close();
    }

    /**
     * Answers {@code request} with {@code response} (binding opaque, response flag and serialize type).
     * Does nothing for oneway requests, releasing any body buffer.
     */
    public void reply(RemotingCommand request, RemotingCommand response) {
        if (request.isOneway()) {
            if (response.bodyBuffer() != null) {
                ReferenceCountUtil.release(response.bodyBuffer());
            }
            return;
        }
        if (endpoint != null) { // a detached channel (tests over an EmbeddedChannel) has no endpoint to tell
            endpoint.observeResponse(request, response);
        }
        response.markResponseTo(request);
        if (!channel.isActive()) {
            if (response.bodyBuffer() != null) {
                ReferenceCountUtil.release(response.bodyBuffer());
            }
            log.debug("connection to {} closed before the response to request code {} could be sent",
                    remoteAddress, request.code());
            return;
        }
        int code = request.code();
        write(response, f -> {
            if (!f.isSuccess()) {
                log.warn("failed to send response to {} for request code {}: {}", remoteAddress, code,
                        f.cause() == null ? "unknown" : f.cause().toString());
            }
        });
    }

    /**
     * Writes and flushes {@code frame}: at once on the I/O thread, else through the connection's {@link Outbox}, so
     * frames written by other threads in one burst leave in one flush.
     */
    void write(Object frame, ChannelFutureListener onWritten) {
        if (channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(frame).addListener(onWritten);
        } else {
            outbox.write(frame, onWritten);
        }
    }

    /**
     * Runs {@code task} on this connection's I/O thread, where {@link #reply} writes without a hand-off; throws
     * {@link java.util.concurrent.RejectedExecutionException} once the I/O thread has stopped.
     */
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
    }

    /** Sends a request to the peer and waits for its response (server-to-client calls). */
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        return requireEndpoint().invokeSync(channel, request, timeoutMillis);
    }

    /** Sends a request to the peer; the future completes with its response or a {@link RemotingException}. */
    public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMillis) {
        return requireEndpoint().invokeAsync(channel, request, timeoutMillis);
    }

    /** Sends a oneway request to the peer. */
    public void invokeOneway(RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        requireEndpoint().invokeOneway(channel, request, timeoutMillis);
    }

    Channel nettyChannel() {
        return channel;
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            String host = isa.getAddress() != null ? isa.getAddress().getHostAddress() : isa.getHostString();
            return host + ":" + isa.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return "RemotingChannel[" + remoteAddress + "]";
    }

    private RemotingEndpoint requireEndpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("channel " + remoteAddress + " is detached: no transport to call through");
        }
        return endpoint;
    }
}
