package io.ferrymq.client.internal;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.producer.MessageQueueSelector;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.common.message.MessageConst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The producer's send path: validates and prepares a message (UNIQ_KEY, compression), picks the queue
 * ({@link PublishQueueSelector}, or a user {@link MessageQueueSelector}), sends to the broker group's master and
 * retries retriable failures on another broker within the send timeout. Keeps the writable queues per topic,
 * falling back to the auto-create template topic's brokers when the topic has no route yet. Thread-safe.
 */
public final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final ClientInstance instance;
    private final ProducerConfig config;
    private final BrokerFaults faults;
    private final PublishQueueSelector selector;
    private final Map<String, List<MessageQueue>> publishQueues = new ConcurrentHashMap<>();

    public Sender(ClientInstance instance, ProducerConfig config) {
        this.instance = instance;
        this.config = config;
        this.faults = new BrokerFaults(instance.clock(), config.faultIsolationMillis());
        this.selector = new PublishQueueSelector(config.latencyFaultAvoidance() ? faults : null);
        instance.addRouteListener((topic, route) -> {
            if (publishQueues.containsKey(topic)) {
                List<MessageQueue> qs = route.publishQueues();
                if (!qs.isEmpty()) {
                    publishQueues.put(topic, qs);
                }
            }
        });
    }

    public BrokerFaults faults() {
        return faults;
    }

    /** A message ready to go on the wire. */
    public record Prepared(String topic, byte[] body, int sysFlag, String properties, int flag, boolean batch,
                           boolean reply, String uniqKey) {
    }

    /** Validates {@code m}, assigns its UNIQ_KEY if absent, compresses large bodies. */
    public Prepared prepare(Message m) {
        validate(m);
        String uniq = m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniq == null) {
            uniq = UniqueIds.next();
            m.putSystem(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
        }
        byte[] body = m.body();
        int sysFlag = 0;
        if (body.length > config.compressBodyOverBytes()) {
            byte[] z = MessageCodec.zlib(body, config.compressionLevel());
            if (z.length < body.length) {
                body = z;
                sysFlag = MessageCodec.ZLIB_COMPRESSED;
            }
        }
        checkSize(body.length, m.topic());
        return new Prepared(m.topic(), body, sysFlag, MessageCodec.propertiesString(m), m.flag(), false,
            MessageCodec.isReply(m), uniq);
    }

    /** Validates a batch (same topic, no delay, no retry topic) and encodes it; never compressed. */
    public Prepared prepareBatch(List<? extends Message> batch) {
        if (batch == null || batch.isEmpty()) {
            throw new ClientException("batch is empty", false);
        }
        String topic = batch.get(0).topic();
        List<String> ids = new ArrayList<>();
        for (Message m : batch) {
            validate(m);
            if (!topic.equals(m.topic())) {
                throw new ClientException("all messages of a batch must have the same topic: " + topic + " vs "
                    + m.topic(), false);
            }
            if (m.delayLevel() > 0) {
                throw new ClientException("delayed messages cannot be sent in a batch", false);
            }
            if (topic.startsWith("%RETRY%")) {
                throw new ClientException("retry-topic messages cannot be sent in a batch", false);
            }
            String uniq = m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
            if (uniq == null) {
                uniq = UniqueIds.next();
                m.putSystem(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
            }
            ids.add(uniq);
        }
        byte[] body = MessageCodec.batchBody(batch);
        checkSize(body.length, topic);
        String props = MessageCodec.propertiesString(new Message().waitStoreMsgOk(batch.get(0).waitStoreMsgOk()));
        return new Prepared(topic, body, 0, props, 0, true, false, String.join(",", ids));
    }

    private void validate(Message m) {
        if (m == null) {
            throw new ClientException("message is null", false);
        }
        MessageCodec.checkTopic(m.topic());
        if (m.body() == null || m.body().length == 0) {
            throw new ClientException("message body of topic " + m.topic() + " is empty", false);
        }
    }

    private void checkSize(int len, String topic) {
        if (len > config.maxMessageBytes()) {
            throw new ClientException("message body of topic " + topic + " is " + len + " bytes, over maxMessageBytes "
                + config.maxMessageBytes(), false);
        }
    }

    /**
     * Writable queues of {@code topic}, fetching the route if needed; with no route, the queues the broker will
     * auto-create from the template topic.
     *
     * @throws ClientException when neither exists or no name server answers
     */
    public List<MessageQueue> queuesOf(String topic) {
        List<MessageQueue> qs = publishQueues.get(topic);
        if (qs != null && !qs.isEmpty()) {
            return qs;
        }
        instance.watchTopic(topic);
        TopicRoute route = instance.routeOrFetch(topic);
        if (route != null && !route.publishQueues().isEmpty()) {
            qs = route.publishQueues();
        } else {
            TopicRoute template = instance.routeOrFetch(config.createTopicKey());
            qs = new ArrayList<>();
            if (template != null) {
                for (TopicRoute.QueueInfo q : template.queues()) {
                    TopicRoute.BrokerInfo b = template.broker(q.brokerName());
                    if ((q.perm() & TopicRoute.PERM_WRITE) == 0 || b == null || b.masterAddress() == null) {
                        continue;
                    }
                    int n = Math.min(config.defaultTopicQueueNums(), q.readQueueNums());
                    for (int i = 0; i < n; i++) {
                        qs.add(new MessageQueue(topic, q.brokerName(), i));
                    }
                }
            }
            if (qs.isEmpty()) {
                throw new ClientException("no route for topic " + topic + " on name servers "
                    + instance.nameServers().addresses() + " and no auto-create template " + config.createTopicKey()
                    + "; create the topic first (admin createTopic)", true);
            }
            java.util.Collections.sort(qs);
            return qs;
        }
        publishQueues.put(topic, qs);
        return qs;
    }

    private String masterOf(MessageQueue q) {
        String addr = instance.masterAddress(q.brokerName());
        if (addr == null) {
            throw new ClientException("broker " + q.brokerName() + " of topic " + q.topic()
                + " has no master in the route", true);
        }
        return addr;
    }

    private BrokerRpc.SendSpec spec(Prepared p, MessageQueue q) {
        return new BrokerRpc.SendSpec(config.group(), p.topic(), q.brokerName(), q.queueId(), p.sysFlag(),
            instance.clock().currentTimeMillis(), p.flag(), p.properties(), p.body(), p.batch(), p.reply(),
            config.createTopicKey(), config.defaultTopicQueueNums());
    }

    /** Synchronous send with retries on another broker. */
    public SendResult send(Prepared p, long timeoutMillis) {
        long deadline = instance.clock().monotonicMillis() + timeoutMillis;
        int attempts = 1 + config.retryTimesWhenSendFailed();
        String lastBroker = null;
        ClientException last = null;
        for (int i = 0; i < attempts; i++) {
            long left = deadline - instance.clock().monotonicMillis();
            if (left <= 0) {
                break;
            }
            MessageQueue q = selector.select(queuesOf(p.topic()), lastBroker);
            try {
                return sendTo(p, q, left);
            } catch (BrokerException e) {
                if (!e.retriable()) {
                    throw e;
                }
                last = e;
            } catch (ClientException e) {
                last = e;
            }
            lastBroker = q.brokerName();
            log.debug("send to {} failed (attempt {}/{}): {}", q, i + 1, attempts, last.getMessage());
        }
        if (last == null) {
            throw new ClientException("send to topic " + p.topic() + " timed out after " + timeoutMillis + " ms", true);
        }
        throw new ClientException("send to topic " + p.topic() + " failed after retries: " + last.getMessage(),
            last, last.retriable());
    }

    /** One synchronous attempt to queue {@code q}; records latency/failure for fault avoidance. */
    public SendResult sendTo(Prepared p, MessageQueue q, long timeoutMillis) {
        String addr = masterOf(q);
        BrokerRpc.SendSpec s = spec(p, q);
        long t0 = instance.clock().monotonicMillis();
        try {
            RemotingCommand resp = instance.rpc().call(addr, BrokerRpc.sendRequest(s), timeoutMillis,
                "send", q.brokerName(), q.topic());
            SendResult r = BrokerRpc.sendResult(resp, s, p.uniqKey(), addr);
            faults.record(q.brokerName(), instance.clock().monotonicMillis() - t0, false);
            return r;
        } catch (ClientException e) {
            faults.record(q.brokerName(), instance.clock().monotonicMillis() - t0, true);
            throw e;
        }
    }

    /** Asynchronous send with retries on another broker. */
    public CompletableFuture<SendResult> sendAsync(Prepared p, long timeoutMillis) {
        long deadline = instance.clock().monotonicMillis() + timeoutMillis;
        CompletableFuture<SendResult> out = new CompletableFuture<>();
        attemptAsync(p, deadline, 1 + config.retryTimesWhenSendFailed(), null, null, out);
        return out;
    }

    private void attemptAsync(Prepared p, long deadline, int attemptsLeft, String lastBroker, ClientException last,
                              CompletableFuture<SendResult> out) {
        long left = deadline - instance.clock().monotonicMillis();
        if (attemptsLeft <= 0 || left <= 0) {
            out.completeExceptionally(last != null
                ? new ClientException("send to topic " + p.topic() + " failed after retries: " + last.getMessage(),
                    last, last.retriable())
                : new ClientException("send to topic " + p.topic() + " timed out", true));
            return;
        }
        MessageQueue q;
        String addr;
        try {
            q = selector.select(queuesOf(p.topic()), lastBroker);
            addr = masterOf(q);
        } catch (ClientException e) {
            out.completeExceptionally(e);
            return;
        }
        long t0 = instance.clock().monotonicMillis();
        instance.rpc().sendAsync(addr, spec(p, q), p.uniqKey(), left).whenComplete((r, err) -> {
            long latency = instance.clock().monotonicMillis() - t0;
            if (err == null) {
                faults.record(q.brokerName(), latency, false);
                out.complete(r);
                return;
            }
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            faults.record(q.brokerName(), latency, true);
            if (c instanceof ClientException ce && ce.retriable()) {
                attemptAsync(p, deadline, attemptsLeft - 1, q.brokerName(), ce, out);
            } else {
                out.completeExceptionally(c);
            }
        });
    }

    /** Send through a user selector; no retry on another queue (that would break ordering). */
    public SendResult sendSelect(Prepared p, MessageQueueSelector sel, Object arg, Message m, long timeoutMillis) {
        return sendTo(p, select(p, sel, arg, m), timeoutMillis);
    }

    /** Async variant of {@link #sendSelect}. */
    public CompletableFuture<SendResult> sendSelectAsync(Prepared p, MessageQueueSelector sel, Object arg, Message m,
                                                         long timeoutMillis) {
        MessageQueue q;
        String addr;
        try {
            q = select(p, sel, arg, m);
            addr = masterOf(q);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return instance.rpc().sendAsync(addr, spec(p, q), p.uniqKey(), timeoutMillis);
    }

    private MessageQueue select(Prepared p, MessageQueueSelector sel, Object arg, Message m) {
        List<MessageQueue> qs = queuesOf(p.topic());
        MessageQueue q = sel.select(qs, m, arg);
        if (q == null) {
            throw new ClientException("queue selector returned no queue for topic " + p.topic(), false);
        }
        return q;
    }

    /** Oneway send: one attempt, no result. */
    public void sendOneway(Prepared p) {
        MessageQueue q = selector.select(queuesOf(p.topic()), null);
        ClientException e = instance.rpc().oneway(masterOf(q), BrokerRpc.sendRequest(spec(p, q)),
            config.sendTimeoutMillis(), "oneway send to " + q);
        if (e != null) {
            faults.record(q.brokerName(), 0, true);
            throw e;
        }
    }
}
