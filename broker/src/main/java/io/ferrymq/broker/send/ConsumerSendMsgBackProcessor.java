package io.ferrymq.broker.send;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.ha.SyncAck;
import io.ferrymq.broker.schedule.DelayLevelTransform;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToStore;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * CONSUMER_SEND_MSG_BACK (docs/protocol.md 2.4, 5.8): a consumer failed a message; store a copy in
 * {@code %RETRY%<group>} with delay level {@code 3 + reconsumeTimes} (or the one requested), or in
 * {@code %DLQ%<group>} once it was reconsumed {@code maxReconsumeTimes} times. Runs on the send executor; the
 * put completes asynchronously.
 *
 * <p>The copy is the consumer's acknowledgement of the original (its offset moves on once we answer SUCCESS), so
 * under SYNC_MASTER the answer waits for the slaves like a send does ({@link ReplicatedPuts}); when they do not
 * confirm it, the consumer gets FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE and keeps the message (the official
 * client then sends it to the retry topic itself, or consumes it again).
 */
public final class ConsumerSendMsgBackProcessor implements RequestProcessor {
    private final BrokerConfig config;
    private final BrokerIdentity identity;
    private final SendChecks checks;
    private final SubscriptionGroupTable groups;
    private final TopicCreator creator;
    private final MessageStore store;
    private final ReplicatedPuts puts;
    private final BrokerStats stats;

    public ConsumerSendMsgBackProcessor(BrokerConfig config, BrokerIdentity identity, SendChecks checks,
                                        SubscriptionGroupTable groups, TopicCreator creator, MessageStore store,
                                        ReplicatedPuts puts, BrokerStats stats) {
        this.config = config;
        this.identity = identity;
        this.checks = checks;
        this.groups = groups;
        this.creator = creator;
        this.store = store;
        this.puts = puts;
        this.stats = stats;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        ConsumerSendMsgBackRequestHeader h = request.readHeader(ConsumerSendMsgBackRequestHeader::decode);
        var notWritable = checks.checkBrokerWritable();
        if (notWritable != null) {
            return notWritable.toResponse();
        }
        SubscriptionGroupConfig group = groups.getOrCreate(h.group());
        if (group == null) {
            return RemotingCommand.response(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group "
                    + h.group() + " does not exist on broker " + config.brokerName());
        }
        if (group.retryQueueNums() <= 0) {
            return RemotingCommand.response(ResponseCode.SUCCESS, null);
        }
        ByteBuffer stored = store.messageAt(h.offset());
        if (stored == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "look message by offset failed, "
                    + h.offset() + " (the message may have expired); the client will resend it itself");
        }
        DecodedMessage orig = MessageDecoder.decode(stored);
        if (orig == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "message at offset " + h.offset()
                    + " cannot be decoded");
        }
        Map<String, String> props = MessageProperties.decode(orig.propertiesString());
        props.putIfAbsent(MessageConst.PROPERTY_RETRY_TOPIC, orig.topic());
        props.putIfAbsent(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID,
                h.originMsgId() != null ? h.originMsgId() : orig.msgId());
        props.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "false");
        props.remove(MessageConst.PROPERTY_REAL_TOPIC);
        props.remove(MessageConst.PROPERTY_REAL_QUEUE_ID);
        int max = h.maxReconsumeTimes() != null && request.version() >= 121 ? h.maxReconsumeTimes()
                : group.retryMaxTimes();
        String topic;
        int queueId;
        boolean deadLetter = orig.reconsumeTimes() >= max || h.delayLevel() < 0;
        if (deadLetter) {
            TopicConfig dlq = creator.dlqTopic(group.groupName());
            if (!Perm.isWriteable(dlq.perm())) {
                return RemotingCommand.response(ResponseCode.NO_PERMISSION, "the topic[" + dlq.topicName()
                        + "] sending message is forbidden");
            }
            topic = dlq.topicName();
            queueId = InboundMessages.chooseQueue(-1, dlq.writeQueueNums());
            props.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        } else {
            TopicConfig retry = creator.retryTopic(group);
            topic = retry.topicName();
            queueId = InboundMessages.chooseQueue(-1, retry.writeQueueNums());
            int level = h.delayLevel() == 0 ? 3 + orig.reconsumeTimes() : h.delayLevel();
            props.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(level));
        }
        DelayLevelTransform.Target target = DelayLevelTransform.apply(topic, queueId, orig.sysFlag(), props,
                config.delayLevelCount());
        MessageToStore m = new MessageToStore(target.topic(), target.queueId(), orig.flag(),
                ByteBuffer.wrap(orig.body()), MessageProperties.encode(props), orig.sysFlag(),
                orig.bornTimestamp(), orig.bornHost(), identity.storeHost(), orig.reconsumeTimes() + 1, 0L);
        String countedTopic = topic;
        String originTopic = props.get(MessageConst.PROPERTY_RETRY_TOPIC);
        puts.put(m).thenAccept(o -> {
            RemotingCommand resp;
            if (o.acknowledged()) {
                stats.onTopicPut(countedTopic, 1, o.result().wroteBytes());
                stats.onSendBack(originTopic, group.groupName());
                if (deadLetter) {
                    stats.onDeadLetter(group.groupName());
                }
                resp = RemotingCommand.response(ResponseCode.SUCCESS, null);
            } else {
                int code;
                if (o.stored()) {
                    stats.onTopicPut(countedTopic, 1, o.result().wroteBytes());
                    code = SyncAck.responseCode(o.ack());
                } else {
                    stats.onPutFailure();
                    code = o.result() == null ? ResponseCode.SYSTEM_ERROR : SendResponses.codeOf(o.result());
                }
                resp = RemotingCommand.response(code, "sending the message back to " + countedTopic + " on broker "
                        + config.brokerName() + " is not acknowledged: " + o.describe()
                        + "; the consumer keeps the message");
            }
            channel.reply(request, resp);
        });
        return null;
    }
}
