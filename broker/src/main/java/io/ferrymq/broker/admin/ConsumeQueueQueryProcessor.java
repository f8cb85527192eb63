package io.ferrymq.broker.admin;

import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.Subscription;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ConsumeQueueData;
import io.ferrymq.remoting.protocol.body.QueryConsumeQueueResponseBody;
import io.ferrymq.remoting.protocol.header.QueryConsumeQueueRequestHeader;
import io.ferrymq.store.ConsumeQueueEntry;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * QUERY_CONSUME_QUEUE (321, {@code mqadmin queryCq}): raw consume-queue entries of one queue (commit-log offset,
 * size, tags code) and its index range. With a consumer group, the answer also carries that group's subscription
 * and, per entry, {@code eval}: whether the group's filter (tag or SQL92) would deliver that message. At most
 * {@link #MAX_COUNT} entries per request. Runs on the admin executor.
 */
public final class ConsumeQueueQueryProcessor implements RequestProcessor {
    static final int MAX_COUNT = 1000;

    private final MessageStore store;
    private final ConsumerRegistry consumers;
    private final SubscriptionFilters filters;

    public ConsumeQueueQueryProcessor(MessageStore store, ConsumerRegistry consumers, SubscriptionFilters filters) {
        this.store = store;
        this.consumers = consumers;
        this.filters = filters;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        QueryConsumeQueueRequestHeader h = request.readHeader(QueryConsumeQueueRequestHeader::decode);
        if (h.count() < 1 || h.count() > MAX_COUNT) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "count must be in 1.." + MAX_COUNT
                    + ", got " + h.count());
        }
        List<ConsumeQueueEntry> entries = store.consumeQueueEntries(h.topic(), h.queueId(), h.index(), h.count());
        if (entries == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, String.format("%d@%s is not exist!",
                    h.queueId(), h.topic()));
        }
        QueryConsumeQueueResponseBody body = new QueryConsumeQueueResponseBody();
        body.setMinQueueIndex(store.minOffset(h.topic(), h.queueId()));
        body.setMaxQueueIndex(store.maxOffset(h.topic(), h.queueId()));
        MessageFilter filter = null;
        if (h.consumerGroup() != null) {
            Subscription sub = consumers.subscription(h.consumerGroup(), h.topic());
            if (sub == null) {
                body.setFilterData(String.format("%s@%s is not online!", h.consumerGroup(), h.topic()));
            } else {
                body.setSubscriptionData(WireBodies.subscriptionData(sub));
                SubscriptionFilters.Outcome outcome = filters.filterFor(sub);
                if (outcome instanceof SubscriptionFilters.Accepted a) {
                    filter = a.filter();
                    body.setFilterData(sub.expressionType() + " filter: " + sub.subString());
                } else {
                    body.setFilterData("refused: " + ((SubscriptionFilters.Refused) outcome).rejection().remark());
                }
            }
        }
        for (ConsumeQueueEntry e : entries) {
            ConsumeQueueData d = new ConsumeQueueData();
            d.setPhysicOffset(e.commitLogOffset());
            d.setPhysicSize(e.size());
            d.setTagsCode(e.tagsCode());
            if (filter != null) {
                d.setEval(delivered(filter, e));
            }
            body.getQueueData().add(d);
        }
        RemotingCommand resp = RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(body));
        if (entries.isEmpty()) {
            resp = RemotingCommand.response(ResponseCode.SUCCESS, String.format("Index %d of %d@%s is not exist!",
                    h.index(), h.queueId(), h.topic())).body(Json.toBytes(body));
        }
        return resp;
    }

    private boolean delivered(MessageFilter filter, ConsumeQueueEntry e) {
        if (!filter.matchesTagsCode(e.tagsCode())) {
            return false;
        }
        ByteBuffer msg = store.messageAt(e.commitLogOffset());
        return msg != null && filter.matchesMessage(msg.duplicate());
    }
}
