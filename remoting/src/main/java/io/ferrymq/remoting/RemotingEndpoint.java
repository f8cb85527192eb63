package io.ferrymq.remoting;

import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What server and client share: the processor registry, the table of requests awaiting responses, the
 * timeout scan, back-pressure permits and channel events.
 *
 * <p>Threading: Netty I/O threads decode frames and hand requests to each processor's executor (or, for
 * requests its binding's test admits, process them on the spot), and responses to the pending table; the timeout scanner thread fails expired requests; a single event thread
 * delivers {@link ChannelEventListener} callbacks; async continuations run on the callback executor.
 */
public abstract class RemotingEndpoint {
    private static final Logger log = LoggerFactory.getLogger(RemotingEndpoint.class);
    private static final AttributeKey<RemotingChannel> CHANNEL_KEY = AttributeKey.valueOf("ferrymq.channel");

    /**
     * {@code onIoThread}: null, or which requests skip the hand-off and run on the I/O thread that decoded them.
     */
    private record Binding(RequestProcessor processor, Executor executor, Predicate<RemotingCommand> onIoThread) {
        Binding(RequestProcessor processor, Executor executor) {
            this(processor, executor, null);
        }
    }

    protected final String name;
    private final Map<Integer, Binding> processors = new ConcurrentHashMap<>();
    private volatile Binding defaultBinding;
    private final Map<Integer, PendingResponse> pending = new ConcurrentHashMap<>();
    private final Semaphore asyncPermits;
    private final Semaphore onewayPermits;
    private final ScheduledExecutorService timeoutScanner;
    private final ExecutorService eventExecutor;
    private final ExecutorService callbackExecutor;
    private volatile ChannelEventListener listener;
    private volatile RequestGuard guard;
    private volatile RequestHook hook;
    private volatile ResponseObserver responseObserver = ResponseObserver.NONE;
    private final ChannelHandler commandHandler = new CommandHandler();
    private final ChannelHandler connectionHandler = new ConnectionHandler();

    protected RemotingEndpoint(String name, int asyncPermits, int onewayPermits, int callbackThreads,
                               long timeoutScanIntervalMillis) {
        this.name = name;
        this.asyncPermits = new Semaphore(asyncPermits);
        this.onewayPermits = new Semaphore(onewayPermits);
        this.timeoutScanner = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory(name + "-timeouts"));
        this.eventExecutor = Executors.newSingleThreadExecutor(NamedThreads.factory(name + "-channel-events"));
        this.callbackExecutor = Executors.newFixedThreadPool(callbackThreads, NamedThreads.factory(name + "-callback"));
        timeoutScanner.scheduleWithFixedDelay(this::failExpired, timeoutScanIntervalMillis, timeoutScanIntervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Registers {@code processor} for {@code code}; its requests run on {@code executor}. */
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.put(code, new Binding(processor, executor));
    }

    /** Registers {@code processor} for each of {@code codes}; their requests run on {@code executor}. */
    public void registerProcessor(RequestProcessor processor, Executor executor, int... codes) {
        for (int code : codes) {
            registerProcessor(code, processor, executor);
        }
    }

    /**
     * As {@link #registerProcessor(RequestProcessor, Executor, int...)}, but a request for which {@code onIoThread}
     * answers true is processed right on the Netty I/O thread that decoded it: no hand-off to {@code executor}, no
     * wake-up of another thread, and its answer leaves in the same flush as the others of the read burst (see
     * {@link RemotingServerConfig#flushConsolidation}). Guard, error answers and the rest are as on the executor.
     * {@code onIoThread} runs on the I/O thread for every request of these codes, so it must be cheap, and it must
     * answer false for every request whose processing can block (file I/O, waiting on a lock or a future). A
     * predicate that throws counts as false. While requests of such a binding from one connection wait on the
     * executor, the connection's next ones wait there too, so a connection's requests start in arrival order
     * whenever the executor has one thread. {@code onIoThread} null: always the executor.
     */
    public void registerProcessor(RequestProcessor processor, Executor executor,
                                  Predicate<RemotingCommand> onIoThread, int... codes) {
        for (int code : codes) {
            processors.put(code, new Binding(processor, executor, onIoThread));
        }
    }

    /** As {@link #registerProcessor(RequestProcessor, Executor, int...)} for codes a processor lists itself. */
    public void registerProcessor(RequestProcessor processor, Executor executor, java.util.Collection<Integer> codes) {
        for (int code : codes) {
            registerProcessor(code, processor, executor);
        }
    }

    /** Request codes that have a processor of their own (not the default one): what an audit enumerates. */
    public java.util.Set<Integer> registeredCodes() {
        return java.util.Set.copyOf(processors.keySet());
    }

    /** Handles every code without its own processor. Without one, such codes get REQUEST_CODE_NOT_SUPPORTED. */
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        defaultBinding = new Binding(processor, executor);
    }

    public void setChannelEventListener(ChannelEventListener listener) {
        this.listener = listener;
    }

    /** Every inbound request passes {@code guard} before its processor; null removes it. */
    public void setRequestGuard(RequestGuard guard) {
        this.guard = guard;
    }

    /** Every outbound request (sync, async, oneway) passes {@code hook} just before it is written. */
    public void setRequestHook(RequestHook hook) {
        this.hook = hook;
    }

    private void applyHook(Channel channel, RemotingCommand request) {
        RequestHook h = hook;
        if (h != null) {
            h.beforeSend(RemotingChannel.format(channel.remoteAddress()), request);
        }
    }

    /** Number of requests sent and not yet answered, failed or timed out. */
    public int pendingRequests() {
        return pending.size();
    }

    protected ChannelHandler commandHandler() {
        return commandHandler;
    }

    protected ChannelHandler connectionHandler() {
        return connectionHandler;
    }

    protected static RemotingChannel remotingChannel(Channel channel) {
        return channel.attr(CHANNEL_KEY).get();
    }

    RemotingChannel attach(Channel channel) {
        RemotingChannel rc = new RemotingChannel(channel, this);
        RemotingChannel prev = channel.attr(CHANNEL_KEY).setIfAbsent(rc);
        return prev == null ? rc : prev;
    }

    // ---------------------------------------------------------------- outbound requests

    RemotingCommand invokeSync(Channel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        PendingResponse p = send(channel, request, timeoutMillis, null, false);
        try {
            return p.future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.remove(p.opaque, p);
            RemotingTimeoutException te = timeout(p);
            p.fail(te);
            throw te;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RemotingException re) {
                throw re;
            }
            throw new RemotingException("request to " + p.address + " failed: " + c, c);
        }
    }

    CompletableFuture<RemotingCommand> invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis) {
        try {
            if (!asyncPermits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new RemotingTooMuchRequestException(
                        "too many async requests in flight to " + RemotingChannel.format(channel.remoteAddress())
                                + " (limit " + (asyncPermits.availablePermits() + pending.size())
                                + "); no permit within " + timeoutMillis + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return send(channel, request, timeoutMillis, asyncPermits, true).future;
    }

    /**
     * Sends {@code request}; the future completes on the thread that settles it: the connection's I/O thread for a
     * response, the timeout scanner or the closing thread for a failure. No permit: the caller keeps one request
     * in flight at a time.
     */
    CompletableFuture<RemotingCommand> invokeOnIoThread(Channel channel, RemotingCommand request, long timeoutMillis) {
        return send(channel, request, timeoutMillis, null, false).future;
    }

    void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        request.markOneway();
        applyHook(channel, request);
        if (!onewayPermits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new RemotingTooMuchRequestException("too many oneway requests in flight to "
                    + RemotingChannel.format(channel.remoteAddress()) + "; no permit within " + timeoutMillis + " ms");
        }
        try {
            write(channel, request, f -> {
                onewayPermits.release();
                if (!f.isSuccess()) {
                    log.warn("oneway request code {} to {} failed to send: {}", request.code(),
                            RemotingChannel.format(channel.remoteAddress()), String.valueOf(f.cause()));
                }
            });
        } catch (RuntimeException e) {
            onewayPermits.release();
            throw new RemotingSendRequestException("oneway request to "
                    + RemotingChannel.format(channel.remoteAddress()) + " failed", e);
        }
    }

    private PendingResponse send(Channel channel, RemotingCommand request, long timeoutMillis, Semaphore permit,
                                 boolean async) {
        String address = RemotingChannel.format(channel.remoteAddress());
        applyHook(channel, request);
        PendingResponse p = new PendingResponse(request.opaque(), channel, address, timeoutMillis, permit,
                async ? callbackExecutor : null);
        PendingResponse clash = pending.putIfAbsent(request.opaque(), p);
        if (clash != null) {
            p.fail(new RemotingSendRequestException("opaque " + request.opaque() + " is already in flight", null));
            return p;
        }
        try {
            write(channel, request, f -> {
                if (!f.isSuccess()) {
                    pending.remove(p.opaque, p);
                    p.fail(new RemotingSendRequestException("failed to send request code " + request.code()
                            + " to " + address + ": " + f.cause(), f.cause()));
                }
            });
        } catch (RuntimeException e) {
            pending.remove(p.opaque, p);
            p.fail(new RemotingSendRequestException("failed to send request to " + address, e));
        }
        return p;
    }

    /** Requests of many caller threads on one connection leave together (the connection's {@link Outbox}). */
    private void write(Channel channel, RemotingCommand request, ChannelFutureListener onWritten) {
        RemotingChannel rc = remotingChannel(channel);
        // a caller woken by the connect future may write before channelActive attached the connection
        (rc != null ? rc : attach(channel)).write(request, onWritten);
    }

    private static RemotingTimeoutException timeout(PendingResponse p) {
        return new RemotingTimeoutException("no response from " + p.address + " within " + p.timeoutMillis
                + " ms (opaque " + p.opaque + ")");
    }

    private void failExpired() {
        long now = System.nanoTime();
        for (PendingResponse p : pending.values()) {
            if (now - p.deadlineNanos > 0 && pending.remove(p.opaque, p)) {
                p.fail(timeout(p));
            }
        }
    }

    private void failPendingOf(Channel channel) {
        for (PendingResponse p : pending.values()) {
            if (p.channel == channel && pending.remove(p.opaque, p)) {
                p.fail(new RemotingConnectException("connection to " + p.address
                        + " closed before the response arrived (opaque " + p.opaque + ")"));
            }
        }
    }

    // ---------------------------------------------------------------- inbound

    /** Sets who sees every answer this endpoint sends (metrics); {@link ResponseObserver#NONE} by default. */
    public void setResponseObserver(ResponseObserver observer) {
        this.responseObserver = observer == null ? ResponseObserver.NONE : observer;
    }

    void observeResponse(RemotingCommand request, RemotingCommand response) {
        long arrived = request.arrivalNanos();
        responseObserver.onResponse(request.code(), response.code(), arrived == 0 ? 0 : System.nanoTime() - arrived);
    }

    private void onRequest(RemotingChannel rc, RemotingCommand request) {
        request.arrivedAt(System.nanoTime()); // before any hand-off: processors measure time queued from it
        Binding b = processors.get(request.code());
        if (b == null) {
            b = defaultBinding;
        }
        if (b == null) {
            rc.reply(request, RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported"));
            return;
        }
        Binding binding = b;
        if (binding.onIoThread() == null) {
            try {
                binding.executor().execute(() -> runProcessor(binding.processor(), rc, request));
            } catch (RejectedExecutionException e) {
                overloaded(rc, request);
            }
            return;
        }
        if (rc.handedOff.get() == 0 && runsOnIoThread(binding, request)) {
            runProcessor(binding.processor(), rc, request);
            return;
        }
        rc.handedOff.incrementAndGet();
        try {
            binding.executor().execute(() -> {
                try {
                    runProcessor(binding.processor(), rc, request);
                } finally {
                    rc.handedOff.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            rc.handedOff.decrementAndGet();
            overloaded(rc, request);
        }
    }

    private boolean runsOnIoThread(Binding binding, RemotingCommand request) {
        try {
            return binding.onIoThread().test(request);
        } catch (RuntimeException e) {
            log.debug("{}: I/O-thread test of request code {} failed; the executor processes it: {}", name,
                    request.code(), e.toString());
            return false; // the processor on the executor meets the same fault and answers it
        }
    }

    private static void overloaded(RemotingChannel rc, RemotingCommand request) {
        rc.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_BUSY,
                "[OVERLOAD] too many requests queued for code " + request.code() + ", try another broker"));
    }

    private void runProcessor(RequestProcessor processor, RemotingChannel rc, RemotingCommand request) {
        RemotingCommand response;
        try {
            RequestGuard g = guard;
            RemotingCommand refusal = g == null ? null : g.admit(rc, request);
            response = refusal != null ? refusal : processor.process(rc, request);
        } catch (HeaderFieldException e) {
            response = RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        } catch (Exception e) {
            log.warn("{}: processing request code {} from {} failed", name, request.code(), rc.remoteAddress(), e);
            response = RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "processing request code " + request.code() + " failed: " + e);
        } catch (Error e) {
            // Answer so the caller is not left waiting, then let fatal errors (OOM, stack overflow) surface.
            log.error("{}: processing request code {} from {} failed with an error", name, request.code(),
                    rc.remoteAddress(), e);
            rc.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "processing request code " + request.code() + " failed: " + e));
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            return;
        }
        if (response != null) {
            rc.reply(request, response);
        }
    }

    private void onResponse(RemotingCommand response) {
        PendingResponse p = pending.remove(response.opaque());
        if (p == null) {
            log.debug("{}: response with opaque {} matches no pending request (late after a timeout?)", name,
                    response.opaque());
            return;
        }
        p.complete(response);
    }

    private void publish(RemotingChannel rc, java.util.function.Consumer<ChannelEventListener> event) {
        ChannelEventListener l = listener;
        if (l == null || rc == null) {
            return;
        }
        try {
            eventExecutor.execute(() -> {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    log.warn("{}: channel event listener failed for {}", name, rc, e);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // shutting down
        }
    }

    /** Dispatches decoded commands: requests to processors, responses to the pending table. */
    @ChannelHandler.Sharable
    private final class CommandHandler extends SimpleChannelInboundHandler<RemotingCommand> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand cmd) {
            if (cmd.isResponse()) {
                onResponse(cmd);
            } else {
                onRequest(attach(ctx.channel()), cmd);
            }
        }
    }

    /** Connection life-cycle: events, idle close, and closing a connection that sent a bad frame. */
    @ChannelHandler.Sharable
    private final class ConnectionHandler extends ChannelDuplexHandler {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            RemotingChannel rc = attach(ctx.channel());
            publish(rc, l -> l.onConnect(rc));
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            RemotingChannel rc = attach(ctx.channel());
            failPendingOf(ctx.channel());
            publish(rc, l -> l.onClose(rc));
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                RemotingChannel rc = attach(ctx.channel());
                log.info("{}: closing connection {} idle for too long", name, rc.remoteAddress());
                publish(rc, l -> l.onIdle(rc));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            RemotingChannel rc = attach(ctx.channel());
            Throwable reason = cause.getCause() instanceof FrameFormatException ? cause.getCause() : cause;
            log.warn("{}: closing connection {}: {}", name, rc.remoteAddress(), reason.getMessage() == null
                    ? reason.toString() : reason.getMessage());
            publish(rc, l -> l.onException(rc, reason));
            ctx.close();
        }
    }

    /** Stops the endpoint's own threads and fails what is still pending. Subclasses close Netty first. */
    protected void shutdownEndpoint() {
        timeoutScanner.shutdownNow();
        for (PendingResponse p : pending.values()) {
            if (pending.remove(p.opaque, p)) {
                p.fail(new RemotingConnectException(name + " is shutting down"));
            }
        }
        eventExecutor.shutdown();
        callbackExecutor.shutdown();
        try {
            eventExecutor.awaitTermination(3, TimeUnit.SECONDS);
            callbackExecutor.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventExecutor.shutdownNow();
        callbackExecutor.shutdownNow();
    }
}
