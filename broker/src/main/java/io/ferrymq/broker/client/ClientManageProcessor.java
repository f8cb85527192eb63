package io.ferrymq.broker.client;

import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.common.Clock;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.CheckClientRequestBody;
import io.ferrymq.remoting.protocol.body.ConsumerData;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.body.ProducerData;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import io.ferrymq.remoting.protocol.header.UnregisterClientRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * HEART_BEAT, UNREGISTER_CLIENT and CHECK_CLIENT_CONFIG (docs/protocol.md 2.7, 5.4). A heartbeat registers the
 * client's producer groups and consumer groups (with their subscriptions, and the group's {@code %RETRY%} topic)
 * before it is answered, so the pulls that follow find them (docs/protocol.md 6, pitfalls 10 and 12). SQL92 subscriptions are compiled
 * here (once per distinct expression, see {@link SubscriptionFilters}); a refused one is reported in the answer
 * (SUBSCRIPTION_PARSE_FAILED / SYSTEM_ERROR naming the column), and CHECK_CLIENT_CONFIG, which the official
 * client sends before starting an SQL92 consumer, fails its {@code start()} with that message.
 */
public final class ClientManageProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(ClientManageProcessor.class);

    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final SubscriptionGroupTable groups;
    private final TopicCreator creator;
    private final Clock clock;
    private final SubscriptionFilters filters;

    public ClientManageProcessor(ConsumerRegistry consumers, ProducerRegistry producers,
                                 SubscriptionGroupTable groups, TopicCreator creator, Clock clock,
                                 SubscriptionFilters filters) {
        this.filters = filters;
        this.consumers = consumers;
        this.producers = producers;
        this.groups = groups;
        this.creator = creator;
        this.clock = clock;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(channel, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(channel, request);
            case RequestCode.CHECK_CLIENT_CONFIG -> checkClientConfig(request);
            default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "code " + request.code() + " not handled here");
        };
    }

    private RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) {
        HeartbeatData hb;
        try {
            hb = Json.parse(request.body(), HeartbeatData.class);
        } catch (JsonBodyException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "malformed heartbeat body: "
                    + e.getMessage());
        }
        if (hb == null || hb.getClientID() == null || hb.getClientID().isEmpty()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                    "heartbeat body missing or without clientID");
        }
        List<String> refused = new ArrayList<>();
        ClientChannel client = new ClientChannel(channel, hb.getClientID(), request.language(), request.version(),
                clock.currentTimeMillis());
        if (hb.getConsumerDataSet() != null) {
            for (ConsumerData cd : hb.getConsumerDataSet()) {
                if (cd.getGroupName() == null) {
                    continue;
                }
                SubscriptionGroupConfig g = groups.getOrCreate(cd.getGroupName());
                if (g != null) {
                    creator.retryTopic(g);
                } else {
                    log.warn("heartbeat from {} for unknown group {} (autoCreateSubscriptionGroup off)",
                            hb.getClientID(), cd.getGroupName());
                }
                List<Subscription> subs = new ArrayList<>();
                if (cd.getSubscriptionDataSet() != null) {
                    for (SubscriptionData sd : cd.getSubscriptionDataSet()) {
                        if (sd.getTopic() != null) {
                            Subscription sub = WireBodies.subscription(sd);
                            subs.add(sub);
                            if (filters.filterFor(sub) instanceof SubscriptionFilters.Refused r) {
                                refused.add("group " + cd.getGroupName() + ": " + r.rejection().remark());
                            }
                        }
                    }
                }
                consumers.register(cd.getGroupName(), client,
                        cd.getConsumeType() == null ? null : cd.getConsumeType().name(),
                        cd.getMessageModel() == null ? null : cd.getMessageModel().name(),
                        cd.getConsumeFromWhere() == null ? null : cd.getConsumeFromWhere().name(),
                        subs, !hb.isWithoutSub());
            }
        }
        if (hb.getProducerDataSet() != null) {
            for (ProducerData pd : hb.getProducerDataSet()) {
                if (pd.getGroupName() != null) {
                    producers.register(pd.getGroupName(), client);
                }
            }
        }
        RemotingCommand resp;
        if (refused.isEmpty()) {
            resp = RemotingCommand.response(ResponseCode.SUCCESS, null);
        } else {
            // The rest of the heartbeat is registered (producers, other subscriptions); the refused subscription's
            // pulls answer the same error from the compile cache. The client logs this answer.
            log.warn("heartbeat from {} has subscriptions the broker refuses: {}", hb.getClientID(), refused);
            resp = RemotingCommand.response(ResponseCode.SUBSCRIPTION_PARSE_FAILED, String.join("; ", refused));
        }
        resp.putExt("IS_SUPPORT_HEART_BEAT_V2", "false");
        resp.putExt("IS_SUB_CHANGE", "false");
        return resp;
    }

    private RemotingCommand unregister(RemotingChannel channel, RemotingCommand request) throws Exception {
        UnregisterClientRequestHeader h = request.readHeader(UnregisterClientRequestHeader::decode);
        if (h.producerGroup() != null) {
            producers.unregister(h.producerGroup(), channel);
        }
        if (h.consumerGroup() != null) {
            consumers.unregister(h.consumerGroup(), channel);
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private RemotingCommand checkClientConfig(RemotingCommand request) {
        CheckClientRequestBody body;
        try {
            body = Json.parse(request.body(), CheckClientRequestBody.class);
        } catch (JsonBodyException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "malformed body: " + e.getMessage());
        }
        if (body != null && body.getSubscriptionData() != null && body.getSubscriptionData().getTopic() != null) {
            Subscription sub = WireBodies.subscription(body.getSubscriptionData());
            if (filters.filterFor(sub) instanceof SubscriptionFilters.Refused r) {
                log.warn("client {} of group {}: subscription refused: {}", body.getClientId(), body.getGroup(),
                        r.rejection().remark());
                return r.rejection().toResponse();
            }
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }
}
