package io.ferrymq.client.producer;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.MessageCodec;
import io.ferrymq.client.internal.Sender;
import io.ferrymq.common.NamedThreads;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends messages in transactions, with the semantics of RocketMQ's {@code TransactionMQProducer}: the broker
 * stores a <em>half message</em> that no consumer sees; the {@link TransactionListener} then runs the local
 * transaction and its outcome is sent to the broker (END_TRANSACTION): COMMIT makes the message visible on its
 * topic and queue, ROLLBACK drops it. When the outcome is UNKNOWN or lost, the broker later asks a live producer of
 * the same group (CHECK_TRANSACTION_STATE, first after the broker's {@code transactionTimeOut} or the message's
 * {@link #CHECK_IMMUNITY_SECONDS} property, then every {@code transactionCheckInterval}, at most
 * {@code transactionCheckMax} times) and applies {@link TransactionListener#checkLocalTransaction}'s answer.
 *
 * <pre>{@code
 * TransactionalProducer p = new TransactionalProducer(new ProducerConfig().group("PG").nameServers(ns), listener);
 * p.start();
 * TransactionSendResult r = p.sendInTransaction(new Message("Orders", body), orderId);
 * p.shutdown();
 * }</pre>
 *
 * <p>Thread-safe. Checks run one at a time on the {@code ferry-tx-check} thread (at most 2,000 waiting; more are
 * dropped with a warning, and the broker asks again).
 */
public final class TransactionalProducer implements AutoCloseable {
    /** Message property: seconds before the broker may first check this message (overrides transactionTimeOut). */
    public static final String CHECK_IMMUNITY_SECONDS = MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS;
    private static final Logger log = LoggerFactory.getLogger(TransactionalProducer.class);
    private static final int CHECK_QUEUE_CAPACITY = 2000;

    private final ProducerConfig config;
    private final TransactionListener listener;
    private ClientInstance instance;
    private Sender sender;
    private ThreadPoolExecutor checkExecutor;
    private volatile boolean started;
    private volatile boolean stopped;

    public TransactionalProducer(ProducerConfig config, TransactionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("a transactional producer needs a TransactionListener");
        }
        this.config = config;
        this.listener = listener;
    }

    public ProducerConfig config() {
        return config;
    }

    /**
     * Validates the configuration, starts the background tasks and starts answering the brokers' checks.
     *
     * @throws IllegalArgumentException naming a bad setting
     * @throws IllegalStateException    when called after {@link #shutdown()}
     */
    public synchronized TransactionalProducer start() {
        if (stopped) {
            throw new IllegalStateException("producer " + config.group() + " was shut down; create a new one");
        }
        if (started) {
            return this;
        }
        config.validate();
        instance = new ClientInstance(config, "ferry-tx-producer-" + config.group());
        instance.addProducerGroup(config.group());
        sender = new Sender(instance, config);
        checkExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(CHECK_QUEUE_CAPACITY), NamedThreads.factory("ferry-tx-check"));
        instance.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, this::onCheck);
        instance.start();
        started = true;
        log.info("transactional producer {} started as {}", config.group(), instance.clientId());
        return this;
    }

    /**
     * Sends {@code m} as a half message, runs the local transaction and tells the broker its outcome.
     *
     * @param arg passed to {@link TransactionListener#executeLocalTransaction} unchanged
     * @throws ClientException when the half message cannot be sent (the local transaction did not run)
     */
    public TransactionSendResult sendInTransaction(Message m, Object arg) {
        checkStarted();
        if (m.property(MessageConst.PROPERTY_DELAY_TIME_LEVEL) != null) {
            throw new IllegalArgumentException("a transactional message cannot have a delay level");
        }
        m.putSystem(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        m.putSystem(MessageConst.PROPERTY_PRODUCER_GROUP, config.group());
        Sender.Prepared p = sender.prepare(m);
        Sender.Prepared half = new Sender.Prepared(p.topic(), p.body(),
                p.sysFlag() | MessageSysFlag.TRANSACTION_PREPARED_TYPE, p.properties(), p.flag(), false, false,
                p.uniqKey());
        SendResult sent = sender.send(half, config.sendTimeoutMillis());
        TransactionState state;
        if (sent.status() != SendStatus.SEND_OK) {
            state = TransactionState.ROLLBACK;
        } else {
            try {
                state = listener.executeLocalTransaction(m, arg);
                if (state == null) {
                    state = TransactionState.UNKNOWN;
                }
            } catch (RuntimeException e) {
                log.warn("local transaction of message {} threw; its outcome is UNKNOWN and the broker will ask "
                        + "again", sent.msgId(), e);
                state = TransactionState.UNKNOWN;
            }
        }
        endTransaction(sent, state);
        return new TransactionSendResult(sent, state);
    }

    /** Sends END_TRANSACTION for a sent half message; a failure is logged (the broker's check settles it). */
    private void endTransaction(SendResult sent, TransactionState state) {
        String addr = instance.masterAddress(sent.queue().brokerName());
        if (addr == null) {
            log.warn("no master address for broker {}; the outcome {} of {} is left to the broker's check",
                    sent.queue().brokerName(), state, sent.msgId());
            return;
        }
        long commitLogOffset = MessageIds.decodeOffsetMsgId(sent.offsetMsgId()).commitLogOffset();
        RemotingCommand req = endRequest(sent.queue().topic(), sent.queueOffset(), commitLogOffset, state, false,
                sent.msgId());
        try {
            RemotingCommand resp = instance.rpc().call(addr, req, config.sendTimeoutMillis(), "END_TRANSACTION",
                    sent.queue().brokerName(), sent.queue().topic());
            if (resp.code() != ResponseCode.SUCCESS) {
                log.warn("broker {} refused the outcome {} of {}: {} (the broker will ask again)", addr, state,
                        sent.msgId(), resp.remark());
            }
        } catch (ClientException e) {
            log.warn("sending the outcome {} of {} failed: {} (the broker will ask again)", state, sent.msgId(),
                    e.getMessage());
        }
    }

    private RemotingCommand endRequest(String topic, long tranStateTableOffset, long commitLogOffset,
                                       TransactionState state, boolean fromCheck, String msgId) {
        RemotingCommand req = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", config.group())
                .putExt("tranStateTableOffset", Long.toString(tranStateTableOffset))
                .putExt("commitLogOffset", Long.toString(commitLogOffset))
                .putExt("commitOrRollback", Integer.toString(state.wire()))
                .putExt("fromTransactionCheck", Boolean.toString(fromCheck))
                .putExt("topic", topic);
        if (msgId != null) {
            req.putExt("msgId", msgId).putExt("transactionId", msgId);
        }
        return req;
    }

    /** CHECK_TRANSACTION_STATE (oneway): queue the check; the answer goes back as END_TRANSACTION. */
    private RemotingCommand onCheck(RemotingChannel channel, RemotingCommand req) {
        DecodedMessage d = req.body() == null ? null : MessageDecoder.decode(ByteBuffer.wrap(req.body()));
        if (d == null) {
            log.warn("CHECK_TRANSACTION_STATE from {} without a decodable message; ignored", channel.remoteAddress());
            return null;
        }
        String brokerAddr = channel.remoteAddress();
        String brokerName = req.ext().get("bname");
        try {
            checkExecutor.execute(() -> answerCheck(brokerAddr, brokerName, d, req));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("too many transaction checks waiting; dropped the one for {} (the broker will ask again)",
                    d.uniqKey());
        }
        return null;
    }

    private void answerCheck(String brokerAddr, String brokerName, DecodedMessage d, RemotingCommand check) {
        ReceivedMessage m = MessageCodec.toReceived(d, brokerName);
        TransactionState state;
        try {
            state = listener.checkLocalTransaction(m);
            if (state == null) {
                state = TransactionState.UNKNOWN;
            }
        } catch (RuntimeException e) {
            log.warn("checkLocalTransaction of {} threw; answering UNKNOWN", d.uniqKey(), e);
            state = TransactionState.UNKNOWN;
        }
        long tranStateTableOffset;
        long commitLogOffset;
        try {
            tranStateTableOffset = check.ext().requireLong("tranStateTableOffset");
            commitLogOffset = check.ext().requireLong("commitLogOffset");
        } catch (io.ferrymq.remoting.HeaderFieldException e) {
            log.warn("CHECK_TRANSACTION_STATE from {} lacks {}; cannot answer", brokerAddr, e.getMessage());
            return;
        }
        RemotingCommand end = endRequest(d.topic(), tranStateTableOffset, commitLogOffset, state, true,
                d.uniqKey());
        ClientException failure = instance.rpc().oneway(brokerAddr, end, config.sendTimeoutMillis(),
                "END_TRANSACTION");
        if (failure != null) {
            log.warn("answering the check of {} failed: {}", d.uniqKey(), failure.getMessage());
        }
    }

    private void checkStarted() {
        if (!started || stopped) {
            throw new IllegalStateException("producer " + config.group() + " is "
                    + (stopped ? "shut down" : "not started; call start() first"));
        }
    }

    /** Unregisters from the brokers, stops answering checks and stops every thread. Idempotent. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (instance != null) {
            instance.unregister(config.group(), null);
            instance.shutdown();
            checkExecutor.shutdownNow();
            log.info("transactional producer {} ({}) stopped", config.group(), instance.clientId());
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
