package io.ferrymq.broker.send;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.Rejection;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.ha.SendReplication;
import io.ferrymq.broker.schedule.DelayLevelTransform;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.broker.timer.TimerAdmission;
import io.ferrymq.broker.timer.TimerMessages;
import io.ferrymq.broker.transaction.HalfMessages;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.common.message.BatchCodec;
import io.ferrymq.common.message.BatchCodec.BatchRecord;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.BatchToStore;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE (docs/protocol.md 2.4). Runs on the send executor (bounded
 * queue: when it is full the transport answers SYSTEM_BUSY and the producer tries another broker), or with
 * {@code sendMessageOnIoThread} on the network I/O thread for the sends {@link SendsOnIoThread} admits. On either
 * thread {@link SendOverload} may refuse a send with SYSTEM_BUSY before any work (busy appender, send queued too long).
 * Validation and message preparation happen on that thread; the store put completes asynchronously and the
 * response is written from its completion, so no thread waits for a put.
 */
public final class SendMessageProcessor implements RequestProcessor {
    /**
     * A validated message ready to store, or the reason it is refused. {@code consumerRetry}: sent to a
     * {@code %RETRY%} topic, i.e. a consumer's own copy of a failed message (see {@link #unreplicatedRetryCopy}).
     */
    public record Prepared(MessageToStore message, String uniqKey, Rejection rejection, boolean consumerRetry) {
        static Prepared reject(int code, String remark) {
            return new Prepared(null, null, new Rejection(code, remark), false);
        }
    }

    private final BrokerConfig config;
    private final BrokerIdentity identity;
    private final SendChecks checks;
    private final TopicCreator creator;
    private final SubscriptionGroupTable groups;
    private final MessageStore store;
    private final UniqKeyGenerator uniqKeys;
    private final BrokerStats stats;
    private final SendOverload overload;
    /** {@code uniqKeys::next}, made once rather than on every send. */
    private final Supplier<String> nextUniqKey;
    /** A stamper per thread: {@link #prepare} runs on several threads at once, and a stamper holds a scan's state. */
    private final ThreadLocal<PropertyStamper> stampers = ThreadLocal.withInitial(PropertyStamper::new);
    /** Replication hook (issue 6): holds SYNC_MASTER answers until the slaves have the bytes. */
    private volatile SendReplication replication = SendReplication.NONE;
    private volatile TimerAdmission timers = TimerAdmission.REFUSE;

    public SendMessageProcessor(BrokerConfig config, BrokerIdentity identity, SendChecks checks, TopicCreator creator,
                                SubscriptionGroupTable groups, MessageStore store, UniqKeyGenerator uniqKeys,
                                BrokerStats stats, SendOverload overload) {
        this.config = config;
        this.identity = identity;
        this.checks = checks;
        this.creator = creator;
        this.groups = groups;
        this.store = store;
        this.uniqKeys = uniqKeys;
        this.stats = stats;
        this.overload = overload;
        this.nextUniqKey = uniqKeys::next;
    }

    /** Sets the rule that admits timer messages (issue 17); without it they are refused. */
    public void timersWith(TimerAdmission admission) {
        this.timers = admission;
    }

    /** Sets the replication hook every stored send's answer passes through (issue 6). */
    public void replicateWith(SendReplication hook) {
        this.replication = hook;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        RemotingCommand busy = overload.refusal(request);
        if (busy != null) {
            return busy;
        }
        SendRequestHeader h = request.readHeader(SendRequestHeader::decode);
        byte[] body = request.body() == null ? new byte[0] : request.body();
        // the request code alone makes a batch, as in RocketMQ; the V2 header flag says so too
        if (h.batch() || request.code() == RequestCode.SEND_BATCH_MESSAGE) {
            return sendBatch(channel, request, h, body);
        }
        Prepared p = prepare(channel, h, body);
        if (p.rejection() != null) {
            stats.onPutFailure();
            return p.rejection().toResponse();
        }
        putAndReply(channel, request, p);
        return null;
    }

    /** Stores {@code p} and answers {@code request} when the put completes. */
    public void putAndReply(RemotingChannel channel, RemotingCommand request, Prepared p) {
        int queueId = p.message().queueId();
        String realTopicQueue = p.message().properties().isEmpty() ? null
                : MessageProperties.get(p.message().properties(), MessageConst.PROPERTY_REAL_QUEUE_ID);
        int answeredQueue = realTopicQueue != null && TopicNames.isRedirectTopic(p.message().topic())
                ? parseIntOr(realTopicQueue, queueId) : queueId;
        String statsTopic = statsTopic(p.message());
        long started = System.nanoTime();
        store.put(p.message()).whenComplete((r, e) -> {
            countPut(statsTopic, started, r, e);
            replication.afterPut(r, SendResponses.of(r, e, answeredQueue, p.uniqKey(), config))
                    .thenAccept(resp -> channel.reply(request, p.consumerRetry() ? unreplicatedRetryCopy(resp) : resp));
        });
    }

    /**
     * A send to a {@code %RETRY%} topic comes from a consumer that could not send a failed message back
     * (CONSUMER_SEND_MSG_BACK refused): the official client's fallback producer treats FLUSH_SLAVE_TIMEOUT and
     * SLAVE_NOT_AVAILABLE as sent and moves the consumer's offset on, although no slave holds the copy. Answering
     * SYSTEM_ERROR instead makes it try another broker group and, failing that, consume the message again, so the
     * message is never acknowledged without a replicated copy (issue 15). Other answers pass unchanged.
     */
    static RemotingCommand unreplicatedRetryCopy(RemotingCommand resp) {
        if (resp.code() == ResponseCode.FLUSH_SLAVE_TIMEOUT || resp.code() == ResponseCode.SLAVE_NOT_AVAILABLE) {
            String was = resp.code() == ResponseCode.FLUSH_SLAVE_TIMEOUT ? "FLUSH_SLAVE_TIMEOUT" : "SLAVE_NOT_AVAILABLE";
            resp.code(ResponseCode.SYSTEM_ERROR);
            resp.remark("a consumer's retry copy is not acknowledged without its slave copy (" + was + "): "
                    + resp.remark());
        }
        return resp;
    }

    /** Stores {@code p}; the future completes with the response to send (used by the reply path). */
    public CompletableFuture<PutResult> put(Prepared p) {
        String statsTopic = statsTopic(p.message());
        long started = System.nanoTime();
        return store.put(p.message()).whenComplete((r, e) -> countPut(statsTopic, started, r, e));
    }

    /** The topic a put is counted under: the sender's topic, also for delayed messages parked in the schedule. */
    private static String statsTopic(MessageToStore m) {
        if (TopicNames.SCHEDULE_TOPIC.equals(m.topic()) && !m.properties().isEmpty()) {
            String real = MessageProperties.get(m.properties(), MessageConst.PROPERTY_REAL_TOPIC);
            return real != null ? real : m.topic();
        }
        return m.topic();
    }

    private void countPut(String topic, long startedNanos, PutResult r, Throwable e) {
        stats.onStorePut(System.nanoTime() - startedNanos);
        if (e == null && r != null && r.status().stored()) {
            stats.onTopicPut(topic, r.msgCount(), r.wroteBytes());
        } else {
            stats.onPutFailure();
        }
    }

    /**
     * Validates a single-message send and builds the message to store: UNIQ_KEY if missing, CLUSTER, MSG_REGION
     * and TRACE_ON, retry → DLQ when reconsumed too often, delay levels redirected to the schedule topic.
     * Called on I/O threads and the send executor's threads at once.
     */
    public Prepared prepare(RemotingChannel channel, SendRequestHeader h, byte[] body) {
        return prepare(channel, h, body, true);
    }

    /** {@link #prepare} as it was before its fast path, always by the map path: what tests hold the fast path to. */
    Prepared prepareByMap(RemotingChannel channel, SendRequestHeader h, byte[] body) {
        return prepare(channel, h, body, false);
    }

    private Prepared prepare(RemotingChannel channel, SendRequestHeader h, byte[] body, boolean fastPath) {
        SendChecks.Outcome o = checks.check(h, body.length);
        if (!o.ok()) {
            return new Prepared(null, null, o.rejection(), false);
        }
        Prepared plain = fastPath ? plainSend(channel, h, body, o.topic()) : null;
        return plain != null ? plain : mapped(channel, h, body, o.topic());
    }

    /**
     * The fast path of {@link #prepare}, for a send that is stored where it was sent (no transaction, timer, delay
     * level or retry topic): its properties stamped by {@link PropertyStamper#appended}, with no map. Null where
     * the send needs the map path, which then gives the same answer it gave before the fast path existed.
     */
    private Prepared plainSend(RemotingChannel channel, SendRequestHeader h, byte[] body, TopicConfig tc) {
        if (TopicNames.isRetryTopic(h.topic())
                || MessageSysFlag.transactionValue(h.sysFlag()) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            return null;
        }
        PropertyStamper s = stampers.get().scan(h.properties());
        if (s.transactionPrepared() || s.timer() || s.delayLevel() > 0) {
            return null;
        }
        String properties = s.appended(BrokerStamp.of(config), nextUniqKey);
        if (properties == null) {
            return null;
        }
        int queueId = InboundMessages.chooseQueue(h.queueId(), tc.writeQueueNums());
        return new Prepared(toStore(channel, h, body, tc, h.topic(), queueId, h.sysFlag(), properties), s.uniqKey(),
                null, false);
    }

    /** The map path of {@link #prepare}: decode the properties into a map, act on them, encode them again. */
    private Prepared mapped(RemotingChannel channel, SendRequestHeader h, byte[] body, TopicConfig tc) {
        Map<String, String> props = MessageProperties.decode(h.properties());
        boolean halfMessage = HalfMessages.isPrepared(props) || MessageSysFlag.transactionValue(h.sysFlag())
                == MessageSysFlag.TRANSACTION_PREPARED_TYPE;
        if (halfMessage && props.get(MessageConst.PROPERTY_PRODUCER_GROUP) == null) {
            return Prepared.reject(ResponseCode.MESSAGE_ILLEGAL, "a transactional message needs property PGROUP "
                    + "(its producer group) so the broker can check its state back");
        }
        long timerDue = 0;
        if (TimerMessages.isTimer(props)) { // timer messages (issue 17): wait on the timer topic until due
            TimerMessages.Due due = timers.admit(props);
            if (due.refusal() != null) {
                return Prepared.reject(ResponseCode.MESSAGE_ILLEGAL, "broker " + config.brokerName() + ": "
                        + due.refusal());
            }
            if (halfMessage || DelayLevelTransform.delayLevel(props) > 0) {
                return Prepared.reject(ResponseCode.MESSAGE_ILLEGAL, "a timer message cannot also be "
                        + (halfMessage ? "transactional" : "delayed by a delay level") + "; use one of them");
            }
            timerDue = due.dueMillis();
        }
        String uniqKey = props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniqKey == null || uniqKey.isEmpty()) {
            uniqKey = uniqKeys.next();
            props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey);
        }
        BrokerStamp.of(config).applyTo(props);
        String topic = h.topic();
        int queueId = InboundMessages.chooseQueue(h.queueId(), tc.writeQueueNums());
        if (TopicNames.isRetryTopic(topic)) {
            String group = TopicNames.groupOf(topic);
            SubscriptionGroupConfig g = groups.getOrCreate(group);
            int max = h.maxReconsumeTimes() != null ? h.maxReconsumeTimes()
                    : g == null ? SubscriptionGroupConfig.defaults(group).retryMaxTimes() : g.retryMaxTimes();
            if (h.reconsumeTimes() > max) {
                TopicConfig dlq = creator.dlqTopic(group);
                topic = dlq.topicName();
                queueId = InboundMessages.chooseQueue(-1, dlq.writeQueueNums());
                props.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
            }
        }
        DelayLevelTransform.Target target = DelayLevelTransform.apply(topic, queueId, h.sysFlag(), props,
                config.delayLevelCount());
        int sysFlag = h.sysFlag();
        if (halfMessage) { // transactions (issue 17): invisible on the half topic until END_TRANSACTION commits
            HalfMessages.redirectToHalf(props, target.topic(), target.queueId());
            target = new DelayLevelTransform.Target(TopicNames.TRANS_HALF_TOPIC, 0);
            sysFlag = HalfMessages.halfSysFlag(sysFlag);
        }
        if (timerDue > 0) {
            TimerMessages.redirectToTimer(props, target.topic(), target.queueId(), timerDue);
            target = new DelayLevelTransform.Target(TopicNames.TIMER_TOPIC, 0);
        }
        MessageToStore m = toStore(channel, h, body, tc, target.topic(), target.queueId(), sysFlag,
                MessageProperties.encode(props));
        return new Prepared(m, uniqKey, null, TopicNames.isRetryTopic(h.topic()));
    }

    /** The message to store of a single send, at {@code topic} and {@code queueId}. */
    private MessageToStore toStore(RemotingChannel channel, SendRequestHeader h, byte[] body, TopicConfig tc,
                                   String topic, int queueId, int sysFlag, String properties) {
        if (TopicConfig.MULTI_TAG.equals(tc.topicFilterType())) {
            sysFlag |= MessageSysFlag.MULTI_TAGS_FLAG;
        }
        return new MessageToStore(topic, queueId, h.flag(), ByteBuffer.wrap(body), properties, sysFlag,
                h.bornTimestamp(), channel.remoteSocketAddress(), identity.storeHost(), h.reconsumeTimes(), 0L);
    }

    private RemotingCommand sendBatch(RemotingChannel channel, RemotingCommand request, SendRequestHeader h,
                                      byte[] body) {
        SendChecks.Outcome o = checks.check(h, body.length);
        if (!o.ok()) {
            stats.onPutFailure();
            return o.rejection().toResponse();
        }
        if (TopicNames.isRetryTopic(h.topic())) {
            return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL,
                    "batch messages are not supported for retry topic " + h.topic());
        }
        List<BatchRecord> records;
        try {
            records = BatchCodec.decode(ByteBuffer.wrap(body));
        } catch (IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, "malformed batch body: " + e.getMessage());
        }
        if (records.isEmpty()) {
            return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, "the batch is empty");
        }
        List<BatchRecord> stamped = new ArrayList<>(records.size());
        BatchRecordProperties recordProperties = new BatchRecordProperties(BrokerStamp.of(config), nextUniqKey);
        for (BatchRecord r : records) {
            BatchRecordProperties.Outcome p = recordProperties.of(r.properties());
            if (p.refusal() != null) {
                return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, p.refusal());
            }
            stamped.add(new BatchRecord(r.flag(), r.body(), p.properties()));
        }
        int queueId = InboundMessages.chooseQueue(h.queueId(), o.topic().writeQueueNums());
        String batchUniq = MessageProperties.get(h.properties(), MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        BatchToStore batch = new BatchToStore(h.topic(), queueId, stamped, h.sysFlag(), h.bornTimestamp(),
                channel.remoteSocketAddress(), identity.storeHost(), h.reconsumeTimes());
        long started = System.nanoTime();
        store.putBatch(batch).whenComplete((r, e) -> {
            countPut(h.topic(), started, r, e);
            replication.afterPut(r, SendResponses.of(r, e, queueId, batchUniq, config))
                    .thenAccept(resp -> channel.reply(request, resp));
        });
        return null;
    }

    private static int parseIntOr(String s, int def) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
