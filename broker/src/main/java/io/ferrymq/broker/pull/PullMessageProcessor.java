package io.ferrymq.broker.pull;

import io.ferrymq.common.Clock;
import io.ferrymq.broker.Rejection;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.Subscription;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.ha.ReadSuggestion;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE (docs/protocol.md 2.5, 5.7). Runs on the pull executor. Checks in the official
 * order, resolves the subscription (from the request or from heartbeats), reads the store with its filter (tag
 * hash, or the compiled SQL92 expression from {@link SubscriptionFilters}), commits the client's offset when asked (first pass only) and answers with all four offset fields.
 * Found messages are sent as a composite of the store's own buffers (no copy). A caught-up pull with the
 * suspend flag is parked in the {@link PullRequestHoldService} and re-run when a message arrives or its hold
 * time ends.
 */
public final class PullMessageProcessor implements RequestProcessor {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PullMessageProcessor.class);
    /** Never hold a pull so long that the client's 30 s RPC timeout fires first. */
    static final long MAX_HOLD_MILLIS = 25_000;

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final BrokerStats stats;
    private final Clock clock;
    private final SubscriptionFilters filters;
    private volatile PullRequestHoldService holdService;
    private volatile Executor executor;
    /** suggestWhichBrokerId policy (issue 6); null answers 0 (the master). */
    private volatile ReadSuggestion readSuggestion;

    public PullMessageProcessor(BrokerConfig config, TopicConfigTable topics, SubscriptionGroupTable groups,
                                ConsumerRegistry consumers, ConsumerOffsetTable offsets, MessageStore store,
                                BrokerStats stats, Clock clock, SubscriptionFilters filters) {
        this.config = config;
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.stats = stats;
        this.clock = clock;
        this.filters = filters;
    }

    /** Wires the hold service and the executor released pulls run on. */
    public void bind(PullRequestHoldService holdService, Executor executor) {
        this.holdService = holdService;
        this.executor = executor;
    }

    /** Sets the suggestWhichBrokerId policy (replication, issue 6). */
    public void suggestWith(ReadSuggestion suggestion) {
        this.readSuggestion = suggestion;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return pull(channel, request, true);
    }

    /** Re-runs a released pull on the pull executor and answers it. */
    public void release(ParkedPull p) {
        try {
            executor.execute(() -> {
                RemotingCommand resp;
                try {
                    resp = pull(p.channel(), p.request(), false);
                } catch (HeaderFieldException e) {
                    resp = RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
                } catch (RuntimeException e) {
                    resp = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "pull failed: " + e);
                }
                if (resp != null) {
                    p.channel().reply(p.request(), resp);
                }
            });
        } catch (RejectedExecutionException e) {
            p.channel().reply(p.request(), RemotingCommand.response(ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD] pull executor saturated, try again later"));
        }
    }

    RemotingCommand pull(RemotingChannel channel, RemotingCommand request, boolean firstPass)
            throws HeaderFieldException {
        PullRequestHeader h = request.readHeader(PullRequestHeader::decode);
        Rejection r = checkReadable(h);
        if (r != null) {
            return r.toResponse();
        }
        SubscriptionGroupConfig group = groups.getOrCreate(h.consumerGroup());
        if (group == null) {
            return RemotingCommand.response(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group ["
                    + h.consumerGroup() + "] does not exist on broker " + config.brokerName()
                    + "; create it with mqadmin updateSubGroup");
        }
        if (!group.consumeEnable()) {
            return noPermission("subscription group [" + h.consumerGroup() + "] has consumption disabled", 2);
        }
        TopicConfig tc = topics.get(h.topic());
        if (tc == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic()
                    + "] not exist on broker " + config.brokerName() + ", apply first please!");
        }
        if (!Perm.isReadable(tc.perm())) {
            return noPermission("the topic[" + h.topic() + "] pulling message is forbidden", 3);
        }
        if (h.queueId() < 0 || h.queueId() >= tc.readQueueNums()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "queueId[" + h.queueId()
                    + "] is illegal, topic:[" + h.topic() + "] topicConfig.readQueueNums:[" + tc.readQueueNums()
                    + "] consumer:[" + channel.remoteAddress() + "]");
        }
        Subscription sub;
        if (h.hasSubscription()) {
            sub = Subscription.of(h.topic(), h.subscription(), h.expressionType(), h.subVersion());
        } else {
            ConsumerGroup cg = consumers.group(h.consumerGroup());
            if (cg == null) {
                return RemotingCommand.response(ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's group info not "
                        + "exist on broker " + config.brokerName() + " (no heartbeat from group "
                        + h.consumerGroup() + " yet)");
            }
            sub = cg.subscription(h.topic());
            if (sub == null) {
                return RemotingCommand.response(ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's subscription "
                        + "not exist: group " + h.consumerGroup() + " has not subscribed topic " + h.topic());
            }
            if (sub.subVersion() < h.subVersion()) {
                return RemotingCommand.response(ResponseCode.SUBSCRIPTION_NOT_LATEST,
                        "the consumer's subscription not latest");
            }
        }
        Subscription filterSub = sub;
        SubscriptionFilters.Outcome outcome = filters.filterFor(sub);
        if (outcome instanceof SubscriptionFilters.Refused refused) {
            return refused.rejection().toResponse();
        }
        MessageFilter filter = ((SubscriptionFilters.Accepted) outcome).filter();
        int maxBytes = h.maxMsgBytes() <= 0 ? Integer.MAX_VALUE : h.maxMsgBytes();
        GetResult g = store.get(h.topic(), h.queueId(), h.queueOffset(), Math.max(1, h.maxMsgNums()), maxBytes,
                filter);
        PullOutcome o = PullOutcome.of(g.status(), h.queueOffset(), g.nextBeginOffset(), g.minOffset(),
                g.maxOffset());
        if (log.isDebugEnabled()) {
            log.debug("pull {} {}@{} from {} (flags {}, first {}): {} -> code {} next {} msgs {}", h.consumerGroup(),
                    h.topic(), h.queueId(), h.queueOffset(), h.sysFlag(), firstPass, g.status(), o.code(),
                    o.nextBeginOffset(), g.messageCount());
        }
        if (firstPass && h.hasCommitOffset() && config.brokerRole().isMaster()) {
            offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        }
        if (o.suspendable() && firstPass && h.hasSuspend() && holdService != null) {
            g.release();
            long hold = config.longPollingEnable() ? h.suspendTimeoutMillis() : config.shortPollingTimeMills();
            hold = Math.max(0, Math.min(hold, MAX_HOLD_MILLIS));
            holdService.park(new ParkedPull(channel, request, h.topic(), h.queueId(), h.queueOffset(), filterSub,
                    clock.monotonicMillis() + hold));
            return null;
        }
        stats.onGroupGet(h.topic(), h.consumerGroup(), g.messageCount(), g.totalBytes());
        offsets.recordPull(h.consumerGroup(), h.topic(), h.queueId(), o.nextBeginOffset());
        RemotingCommand resp = RemotingCommand.response(o.code(), g.status().name());
        ReadSuggestion suggestion = readSuggestion;
        resp.putExt("suggestWhichBrokerId", suggestion == null ? "0" : Long.toString(suggestion.suggest(group, g)));
        resp.putExt("nextBeginOffset", Long.toString(o.nextBeginOffset()));
        resp.putExt("minOffset", Long.toString(g.minOffset()));
        resp.putExt("maxOffset", Long.toString(g.maxOffset()));
        if (o.code() == ResponseCode.SUCCESS) {
            resp.bodyBuffer(Unpooled.wrappedBuffer(g.messages().toArray(new ByteBuffer[0])));
        }
        g.release();
        return resp;
    }

    private Rejection checkReadable(PullRequestHeader h) {
        if (!Perm.isReadable(config.brokerPermission())) {
            return new Rejection(ResponseCode.NO_PERMISSION, "the broker[" + config.brokerName()
                    + "] pulling message is forbidden");
        }
        return null;
    }

    private static RemotingCommand noPermission(String remark, int forbiddenType) {
        return RemotingCommand.response(ResponseCode.NO_PERMISSION, remark)
                .putExt("forbiddenType", Integer.toString(forbiddenType));
    }
}
