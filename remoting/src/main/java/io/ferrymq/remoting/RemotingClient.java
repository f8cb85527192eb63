package io.ferrymq.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls servers by address ({@code host:port}) over one pooled connection per address, created on first use
 * and replaced when it closes. Servers may call back (e.g. a broker notifying a consumer): register processors
 * for those codes.
 *
 * <p>Threading: {@code ioThreads} I/O threads; callers block only in {@link #invokeSync} or while waiting for
 * a back-pressure permit; async continuations run on the callback threads. Thread-safe.
 */
public final class RemotingClient extends RemotingEndpoint {
    private static final Logger log = LoggerFactory.getLogger(RemotingClient.class);
    /** The address a connection dials, for the TLS handler (host name check). */
    private static final io.netty.util.AttributeKey<HostPort> PEER = io.netty.util.AttributeKey.valueOf("ferrymq.peer");

    private final RemotingClientConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> channels = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public RemotingClient(RemotingClientConfig config) {
        super(config.validate().name(), config.asyncPermits(), config.onewayPermits(), config.callbackThreads(),
                config.timeoutScanIntervalMillis());
        this.config = config;
        Transport transport = new Transport(config.useEpoll());
        SslContext ssl = config.tls() == null ? null : config.tls().clientContext();
        this.group = transport.group(config.ioThreads(), config.name() + "-io");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            HostPort peer = ch.attr(PEER).get();
                            p.addLast("tls", config.tls().newHandler(ssl, ch.alloc(), peer.host(), peer.port()));
                        }
                        if (config.channelMaxIdleSeconds() > 0) {
                            p.addLast("idle", new IdleStateHandler(0, 0, config.channelMaxIdleSeconds()));
                        }
                        p.addLast("encoder", FrameEncoder.INSTANCE);
                        p.addLast("decoder", new FrameDecoder(config.maxFrameLength()));
                        p.addLast("connection", connectionHandler());
                        p.addLast("commands", commandHandler());
                    }
                });
    }

    /** Sends {@code request} to {@code address} and waits up to {@code timeoutMillis} for the response. */
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        long start = System.nanoTime();
        Channel ch = channel(address, timeoutMillis);
        try {
            return invokeSync(ch, request, remaining(address, start, timeoutMillis));
        } catch (RemotingSendRequestException e) {
            if (ch.isActive()) {
                throw e;
            }
            // The pooled connection was closed by the peer just before we wrote: reconnect once
            // (channel() replaces an inactive pooled connection).
            Channel fresh = channel(address, remaining(address, start, timeoutMillis));
            return invokeSync(fresh, request, remaining(address, start, timeoutMillis));
        }
    }

    private static long remaining(String address, long startNanos, long timeoutMillis) throws RemotingTimeoutException {
        long left = timeoutMillis - (System.nanoTime() - startNanos) / 1_000_000L;
        if (left <= 0) {
            throw new RemotingTimeoutException("request to " + address + " used the whole " + timeoutMillis
                    + " ms timeout before it could be sent");
        }
        return left;
    }

    /**
     * Sends {@code request} to {@code address}; the future completes with the response or fails with a
     * {@link RemotingException} (connect, send, timeout, too many requests). Never throws.
     */
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request,
                                                          long timeoutMillis) {
        Channel ch;
        try {
            ch = channel(address, timeoutMillis);
        } catch (RemotingException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        Channel first = ch;
        return invokeAsync(ch, request, timeoutMillis).exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (!(cause instanceof RemotingSendRequestException) || first.isActive()) {
                return CompletableFuture.failedFuture(cause);
            }
            // The pooled connection was closed by the peer just before we wrote: reconnect once.
            return invokeAsyncOnce(address, request, timeoutMillis);
        });
    }

    private CompletableFuture<RemotingCommand> invokeAsyncOnce(String address, RemotingCommand request,
                                                               long timeoutMillis) {
        try {
            return invokeAsync(channel(address, timeoutMillis), request, timeoutMillis);
        } catch (RemotingException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends {@code request} on the live connection to {@code address} and completes the future on that
     * connection's I/O thread when the response arrives, so a continuation can write the next request at once,
     * without a thread hop (a failure completes it on the thread that saw it). For a client with one dedicated
     * job whose continuations are short (the slave's replication loop); others use {@link #invokeAsync}, whose
     * continuations never run on an I/O thread. Never connects and never waits: without a live connection the
     * future fails at once with a {@link RemotingConnectException}.
     */
    public CompletableFuture<RemotingCommand> invokeOnIoThread(String address, RemotingCommand request,
                                                               long timeoutMillis) {
        ChannelFuture f = channels.get(address);
        if (stopped || f == null || !f.isDone() || !f.isSuccess() || !f.channel().isActive()) {
            return CompletableFuture.failedFuture(new RemotingConnectException("no live connection to " + address
                    + (stopped ? " (" + name + " is shut down)" : "")));
        }
        return invokeOnIoThread(f.channel(), request, timeoutMillis);
    }

    /** Sends a oneway request: no response is expected or awaited. */
    public void invokeOneway(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        invokeOneway(channel(address, timeoutMillis), request, timeoutMillis);
    }

    /** Whether a live connection to {@code address} exists now. */
    public boolean isConnected(String address) {
        ChannelFuture f = channels.get(address);
        return f != null && f.isDone() && f.isSuccess() && f.channel().isActive();
    }

    /** Closes the connection to {@code address}, if any; the next call reconnects. */
    public void closeChannel(String address) {
        ChannelFuture f = channels.remove(address);
        if (f != null) {
            f.channel().close();
        }
    }

    private Channel channel(String address, long timeoutMillis) throws RemotingException, InterruptedException {
        if (stopped) {
            throw new RemotingConnectException(name + " is shut down; cannot reach " + address);
        }
        ChannelFuture f = channels.get(address);
        if (f != null && f.isDone() && !(f.isSuccess() && f.channel().isActive())) {
            channels.remove(address, f);
            f = null;
        }
        if (f == null) {
            try {
                HostPort.parse(address);
            } catch (IllegalArgumentException e) {
                throw new RemotingConnectException(e.getMessage());
            }
            f = channels.computeIfAbsent(address, this::connect);
        }
        long wait = Math.min(timeoutMillis, config.connectTimeoutMillis());
        if (!f.await(Math.max(1, wait))) {
            throw new RemotingConnectException("connecting to " + address + " took longer than " + wait + " ms");
        }
        if (!f.isSuccess() || !f.channel().isActive()) {
            channels.remove(address, f);
            Throwable cause = f.cause();
            throw new RemotingConnectException("cannot connect to " + address + ": "
                    + (cause == null ? "connection closed" : cause.getMessage()), cause);
        }
        return f.channel();
    }

    private ChannelFuture connect(String address) {
        HostPort hp = HostPort.parse(address);
        ChannelFuture f = bootstrap.clone().attr(PEER, hp).connect(hp.host(), hp.port());
        f.channel().closeFuture().addListener(x -> channels.remove(address, f));
        return f;
    }

    /** Closes all connections and stops all threads. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (ChannelFuture f : channels.values()) {
            f.channel().close();
        }
        channels.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownEndpoint();
        log.debug("{} stopped", name);
    }
}
