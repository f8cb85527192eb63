package io.ferrymq.broker.offset;

import io.ferrymq.common.message.MessageLayout;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import java.nio.ByteBuffer;
import java.util.function.LongPredicate;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerListSettling;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.GetConsumerListByGroupResponseBody;
import io.ferrymq.remoting.protocol.header.GetConsumerListByGroupRequestHeader;
import io.ferrymq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import io.ferrymq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.ferrymq.store.MessageStore;

import java.util.List;

/**
 * GET_CONSUMER_LIST_BY_GROUP, QUERY_CONSUMER_OFFSET and UPDATE_CONSUMER_OFFSET (docs/protocol.md 2.6, 2.7, 5.6).
 */
public final class ConsumerManageProcessor implements RequestProcessor {
    private final ConsumerRegistry consumers;
    private final ConsumerListSettling settling;
    private final ConsumerOffsetTable offsets;
    private final SubscriptionGroupTable groups;
    private final TopicConfigTable topics;
    private final MessageStore store;
    private final LongPredicate inMemory;

    /**
     * @param inMemory whether a commit-log offset still counts as "in memory" (QUERY_CONSUMER_OFFSET answers 0 for
     *                 a group without a committed offset only while the queue's first message does, as RocketMQ)
     * @param settling whose member lists are not answered yet after a start or a pause (null: all are)
     */
    public ConsumerManageProcessor(ConsumerRegistry consumers, ConsumerListSettling settling,
                                   ConsumerOffsetTable offsets, SubscriptionGroupTable groups,
                                   TopicConfigTable topics, MessageStore store, LongPredicate inMemory) {
        this.consumers = consumers;
        this.settling = settling;
        this.offsets = offsets;
        this.groups = groups;
        this.topics = topics;
        this.store = store;
        this.inMemory = inMemory;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.QUERY_CONSUMER_OFFSET -> queryOffset(request);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> updateOffset(request);
            default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "code " + request.code() + " not handled here");
        };
    }

    private RemotingCommand consumerList(RemotingCommand request) throws Exception {
        GetConsumerListByGroupRequestHeader h = request.readHeader(GetConsumerListByGroupRequestHeader::decode);
        if (settling != null && settling.holdsBack(h.consumerGroup())) {
            // the client keeps its allocation and is told to rebalance when the list is complete
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the member list of group "
                    + h.consumerGroup() + " is not complete yet: this broker started or resumed recently and its "
                    + "members are reconnecting; answered in " + settling.millisLeft() + " ms");
        }
        ConsumerGroup g = consumers.group(h.consumerGroup());
        List<String> ids = g == null ? List.of() : g.clientIds();
        if (ids.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no consumer for this group, "
                    + h.consumerGroup());
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null)
                .body(Json.toBytes(new GetConsumerListByGroupResponseBody(ids)));
    }

    private RemotingCommand queryOffset(RemotingCommand request) throws Exception {
        QueryConsumerOffsetRequestHeader h = request.readHeader(QueryConsumerOffsetRequestHeader::decode);
        RemotingCommand bad = QueueArguments.badQueueId(h.topic(), h.queueId());
        if (bad != null) {
            return bad;
        }
        long offset = offsets.query(h.consumerGroup(), h.topic(), h.queueId());
        if (offset < 0) {
            boolean zeroAllowed = h.setZeroIfNotFound() == null || h.setZeroIfNotFound();
            // Official rule (docs/protocol.md 2.6, 5.6): a new group starts at 0 only while the queue's first message is
            // still hot; otherwise QUERY_NOT_FOUND lets the client apply its consumeFromWhere (e.g. the max offset).
            if (zeroAllowed && store.minOffset(h.topic(), h.queueId()) == 0
                    && store.maxOffset(h.topic(), h.queueId()) > 0 && firstMessageInMemory(h.topic(), h.queueId())) {
                offset = 0;
            } else {
                return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "no committed offset of group "
                        + h.consumerGroup() + " on " + h.topic() + ":" + h.queueId());
            }
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("offset", Long.toString(offset));
    }

    private boolean firstMessageInMemory(String topic, int queueId) {
        GetResult first = store.get(topic, queueId, 0, 1, Integer.MAX_VALUE, MessageFilter.ALL);
        if (first.status() != GetStatus.FOUND || first.messages().isEmpty()) {
            return false;
        }
        ByteBuffer m = first.messages().get(0);
        return inMemory.test(m.getLong(m.position() + MessageLayout.PHYSICAL_OFFSET_OFFSET));
    }

    private RemotingCommand updateOffset(RemotingCommand request) throws Exception {
        UpdateConsumerOffsetRequestHeader h = request.readHeader(UpdateConsumerOffsetRequestHeader::decode);
        RemotingCommand bad = QueueArguments.badQueueId(h.topic(), h.queueId());
        if (bad == null) {
            bad = QueueArguments.badOffset("commitOffset", h.commitOffset());
        }
        if (bad != null) {
            return bad;
        }
        if (groups.getOrCreate(h.consumerGroup()) == null) {
            return RemotingCommand.response(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group "
                    + h.consumerGroup() + " does not exist; create it first");
        }
        if (!topics.contains(h.topic())) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic() + " does not exist");
        }
        offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }
}
