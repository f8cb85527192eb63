package io.ferrymq.remoting;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.ferrymq.remoting.tls.ServerTls;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections and serves requests with the registered processors; can also call its clients
 * (through {@link RemotingChannel}).
 *
 * <p>Threading: one acceptor thread, {@code ioThreads} I/O threads that decode and dispatch, and the
 * processors' own executors.
 */
public final class RemotingServer extends RemotingEndpoint {
    private static final Logger log = LoggerFactory.getLogger(RemotingServer.class);

    private final RemotingServerConfig config;
    private final Transport transport;
    private final ServerTls tls;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ConnectionLimit connectionLimit;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private volatile boolean stopped;

    public RemotingServer(RemotingServerConfig config) {
        super(config.validate().name(), config.asyncPermits(), config.onewayPermits(), config.callbackThreads(),
                config.timeoutScanIntervalMillis());
        this.config = config;
        this.transport = new Transport(config.useEpoll());
        this.tls = config.tls();
        this.connectionLimit = new ConnectionLimit(config.name(), config.maxConnections());
    }

    /** Binds the port and starts serving. */
    public synchronized RemotingServer start() {
        if (serverChannel != null) {
            return this;
        }
        boss = transport.group(1, name + "-accept");
        workers = transport.group(config.ioThreads(), name + "-io");
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!connectionLimit.admit(ch)) {
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            tls.install(p); // first: decides TLS or plaintext from the first bytes
                        }
                        if (config.flushConsolidation()) {
                            // after TLS (the sniffer inserts the SslHandler before this one), so a burst of
                            // answers is also encrypted in one go; not sharable: it tracks this channel's reads
                            p.addLast("flush-consolidation", new FlushConsolidationHandler(
                                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
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
        try {
            serverChannel = b.bind(new InetSocketAddress(config.bindAddress(), config.listenPort())).sync().channel();
        } catch (Exception e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + config.bindAddress() + ":" + config.listenPort()
                    + " (" + e.getMessage() + "); is the port in use?", e);
        }
        log.info("{} listening on {} ({}{})", name, RemotingChannel.format(serverChannel.localAddress()),
                transport.isEpoll() ? "epoll" : "nio", tls != null ? ", TLS " + tls.mode() : "");
        return this;
    }

    /** The bound port (useful with listenPort 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Calls a connected client and waits for its answer. */
    public RemotingCommand invokeSync(RemotingChannel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        return channel.invokeSync(request, timeoutMillis);
    }

    public CompletableFuture<RemotingCommand> invokeAsync(RemotingChannel channel, RemotingCommand request,
                                                          long timeoutMillis) {
        return channel.invokeAsync(request, timeoutMillis);
    }

    public void invokeOneway(RemotingChannel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        channel.invokeOneway(request, timeoutMillis);
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return channels.size();
    }

    /** Connections closed at once because {@code maxConnections} were open, since start. */
    public long refusedConnections() {
        return connectionLimit.refused();
    }

    /** Closes the listening socket and every connection, then stops all threads. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        channels.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        shutdownEndpoint();
        log.info("{} stopped", name);
    }
}
