package io.ferrymq.client.producer;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.MessageCodec;
import io.ferrymq.client.internal.ReplyFutures;
import io.ferrymq.client.internal.Sender;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.client.internal.TraceWriter;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HostPort;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends messages to topics: synchronously, asynchronously ({@link CompletableFuture}) or oneway; one message or a
 * batch; to a queue chosen round robin over all writable queues of all broker groups (skipping brokers that
 * recently failed or were slow), or by a {@link MessageQueueSelector} for ordered sends. Also the requesting side
 * of request/reply ({@link #request}).
 *
 * <pre>{@code
 * Producer producer = new Producer(new ProducerConfig().group("PG").nameServers("127.0.0.1:9876"));
 * producer.start();
 * SendResult r = producer.send(new Message("TopicA", "TagA", "key-1", "hello".getBytes(UTF_8)));
 * producer.shutdown();
 * }</pre>
 *
 * <p>Thread-safe: share one producer between threads. {@link #start()} returns at once even when no server is
 * reachable; sends fail with a retriable {@link ClientException} until a route is known.
 */
public final class Producer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Producer.class);

    private final ProducerConfig config;
    private ClientInstance instance;
    private Sender sender;
    private ReplyFutures replies;
    private TraceWriter trace;
    private volatile boolean started;
    private volatile boolean stopped;

    public Producer(ProducerConfig config) {
        this.config = config;
    }

    public ProducerConfig config() {
        return config;
    }

    /**
     * Validates the configuration and starts the background tasks.
     *
     * @throws IllegalArgumentException naming a bad setting
     * @throws IllegalStateException    when called after {@link #shutdown()}
     */
    public synchronized Producer start() {
        if (stopped) {
            throw new IllegalStateException("producer " + config.group() + " was shut down; create a new one");
        }
        if (started) {
            return this;
        }
        config.validate();
        instance = new ClientInstance(config, "ferry-producer-" + config.group());
        instance.addProducerGroup(config.group());
        sender = new Sender(instance, config);
        replies = new ReplyFutures(config.clock());
        instance.registerProcessor(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, (ch, req) -> onReply(req));
        instance.every("expire requests", 100, replies::expire);
        if (config.enableTrace()) {
            trace = new TraceWriter(instance, sender, config.traceTopic());
        }
        instance.start();
        started = true;
        log.info("producer {} started as {}", config.group(), instance.clientId());
        return this;
    }

    /** This client's id as brokers see it ({@code <ip>@<instanceName>}). */
    public String clientId() {
        checkStarted();
        return instance.clientId();
    }

    /** Sends {@code m} and waits for the broker; retries on another broker as configured. */
    public SendResult send(Message m) {
        return send(m, config.sendTimeoutMillis());
    }

    /** {@link #send(Message)} with an explicit timeout covering all attempts. */
    public SendResult send(Message m, long timeoutMillis) {
        checkStarted();
        return traced(m, () -> sender.send(sender.prepare(m), timeoutMillis));
    }

    /** Sends asynchronously; the future fails with {@link ClientException} / {@link io.ferrymq.client.BrokerException}. */
    public CompletableFuture<SendResult> sendAsync(Message m) {
        checkStarted();
        long start = config.clock().currentTimeMillis();
        try {
            return tracedAsync(m, sender.sendAsync(sender.prepare(m), config.sendTimeoutMillis()), start);
        } catch (RuntimeException e) {
            return tracedAsync(m, CompletableFuture.failedFuture(e), start);
        }
    }

    /** Sends without waiting for any answer (no result, no retry). */
    public void sendOneway(Message m) {
        checkStarted();
        sender.sendOneway(sender.prepare(m));
    }

    /**
     * Sends messages of one topic as one batch (one request, consecutive offsets in one queue). Batches are
     * never compressed and may not contain delayed messages.
     */
    public SendResult send(List<? extends Message> batch) {
        checkStarted();
        return sender.send(sender.prepareBatch(batch), config.sendTimeoutMillis());
    }

    /** Async batch send. */
    public CompletableFuture<SendResult> sendAsync(List<? extends Message> batch) {
        checkStarted();
        try {
            return sender.sendAsync(sender.prepareBatch(batch), config.sendTimeoutMillis());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Ordered send: {@code selector} picks the queue from the topic's writable queues (e.g.
     * {@link MessageQueueSelectors#byHash()} with an order id as {@code arg}). Not retried on another queue.
     */
    public SendResult send(Message m, MessageQueueSelector selector, Object arg) {
        checkStarted();
        return traced(m, () -> sender.sendSelect(sender.prepare(m), selector, arg, m, config.sendTimeoutMillis()));
    }

    /** Async ordered send. */
    public CompletableFuture<SendResult> sendAsync(Message m, MessageQueueSelector selector, Object arg) {
        checkStarted();
        long start = config.clock().currentTimeMillis();
        try {
            return tracedAsync(m, sender.sendSelectAsync(sender.prepare(m), selector, arg, m,
                config.sendTimeoutMillis()), start);
        } catch (RuntimeException e) {
            return tracedAsync(m, CompletableFuture.failedFuture(e), start);
        }
    }

    /** Sends to exactly {@code queue}. */
    public SendResult send(Message m, MessageQueue queue) {
        checkStarted();
        return traced(m, () -> sender.sendSelect(sender.prepare(m), MessageQueueSelectors.fixed(queue), null, m,
            config.sendTimeoutMillis()));
    }

    /** Runs a single-message send, writing its trace record when tracing is on. */
    private SendResult traced(Message m, java.util.function.Supplier<SendResult> send) {
        if (trace == null) {
            return send.get();
        }
        long start = config.clock().currentTimeMillis();
        try {
            SendResult r = send.get();
            traceSent(m, r, start);
            return r;
        } catch (RuntimeException e) {
            traceSent(m, null, start);
            throw e;
        }
    }

    private CompletableFuture<SendResult> tracedAsync(Message m, CompletableFuture<SendResult> f, long start) {
        if (trace == null) {
            return f;
        }
        return f.whenComplete((r, e) -> traceSent(m, e == null ? r : null, start));
    }

    private void traceSent(Message m, SendResult r, long start) {
        String storeHost = r == null || r.queue() == null ? null : instance.masterAddress(r.queue().brokerName());
        trace.sent(config.group(), m, r, start, config.clock().currentTimeMillis() - start, storeHost);
    }

    /** Writable queues of {@code topic} now (fetching the route if needed). */
    public List<MessageQueue> writableQueues(String topic) {
        checkStarted();
        return sender.queuesOf(topic);
    }

    /**
     * Request/reply: sends {@code request} and waits for the reply a replier sends with
     * {@link Replies#create}.
     *
     * @throws RequestTimeoutException when no reply arrives within {@code timeoutMillis}
     */
    public ReceivedMessage request(Message request, long timeoutMillis) {
        CompletableFuture<ReceivedMessage> f = requestAsync(request, timeoutMillis);
        try {
            return f.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientException ce) {
                throw ce;
            }
            throw new ClientException("request on topic " + request.topic() + " failed: " + e.getCause(),
                e.getCause(), false);
        } catch (TimeoutException e) {
            throw new RequestTimeoutException("no reply to request on topic " + request.topic() + " within "
                + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("request interrupted", e, true);
        }
    }

    /** Async request/reply; the future fails with {@link RequestTimeoutException} after {@code timeoutMillis}. */
    public CompletableFuture<ReceivedMessage> requestAsync(Message request, long timeoutMillis) {
        checkStarted();
        String correlationId = UUID.randomUUID().toString();
        request.putSystem(MessageConst.PROPERTY_CORRELATION_ID, correlationId);
        request.putSystem(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, instance.clientId());
        request.putSystem(MessageConst.PROPERTY_MESSAGE_TTL, Long.toString(timeoutMillis));
        CompletableFuture<ReceivedMessage> f = replies.register(correlationId, timeoutMillis, request.topic());
        try {
            Sender.Prepared p = sender.prepare(request);
            ensureRegisteredWithBrokers(request.topic());
            sender.sendAsync(p, timeoutMillis).whenComplete((r, e) -> {
                if (e != null) {
                    replies.fail(correlationId, e instanceof java.util.concurrent.CompletionException
                        && e.getCause() != null ? e.getCause() : e);
                }
            });
        } catch (RuntimeException e) {
            replies.fail(correlationId, e);
        }
        return f;
    }

    /**
     * A broker can push the reply only to a client it knows: before the first request to a topic make sure the
     * brokers of its route got a heartbeat over the connection the reply will come back on.
     */
    private void ensureRegisteredWithBrokers(String topic) {
        sender.queuesOf(topic);
        TopicRoute r = instance.route(topic);
        boolean all = r != null;
        if (r != null) {
            for (TopicRoute.BrokerInfo b : r.brokers()) {
                String m = b.masterAddress();
                all &= m == null || instance.heartbeated(m);
            }
        }
        if (!all) {
            instance.heartbeatNow("heartbeat before request");
        }
    }

    private RemotingCommand onReply(RemotingCommand req) {
        ExtFields ext = req.ext();
        try {
            String props = ext.get("properties");
            Map<String, String> map = MessageProperties.decode(props);
            int sysFlag = ext.optInt("sysFlag", 0);
            byte[] body = req.body() == null ? new byte[0] : req.body();
            if (MessageSysFlag.isCompressed(sysFlag)) {
                body = MessageCodec.unzlib(body);
                sysFlag &= ~MessageSysFlag.COMPRESSED_FLAG;
            }
            ReceivedMessage reply = new ReceivedMessage(ext.get("topic"), ext.optInt("flag", 0), body, map, null,
                ext.optInt("queueId", 0), -1, -1, sysFlag, ext.optLong("bornTimestamp", 0),
                address(ext.get("bornHost")), ext.optLong("storeTimestamp", 0), address(ext.get("storeHost")),
                ext.optInt("reconsumeTimes", 0), body.length, null);
            String correlationId = map.get(MessageConst.PROPERTY_CORRELATION_ID);
            if (!replies.complete(correlationId, reply)) {
                log.debug("reply {} matches no pending request (late or not ours)", correlationId);
            }
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
        } catch (Exception e) {
            return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, "bad reply message: " + e);
        }
    }

    private static InetSocketAddress address(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return null;
        }
        try {
            HostPort hp = HostPort.parse(hostPort.startsWith("/") ? hostPort.substring(1) : hostPort);
            return InetSocketAddress.createUnresolved(hp.host(), hp.port());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void checkStarted() {
        if (!started || stopped) {
            throw new IllegalStateException("producer " + config.group() + " is "
                + (stopped ? "shut down" : "not started; call start() first"));
        }
    }

    /** Unregisters from the brokers and stops every thread. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (instance != null) {
            if (trace != null) {
                trace.close();
            }
            replies.failAll("producer " + config.group() + " shut down");
            instance.unregister(config.group(), null);
            instance.shutdown();
            log.info("producer {} ({}) stopped", config.group(), instance.clientId());
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
