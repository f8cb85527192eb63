package io.ferrymq.broker.admin;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.client.Subscription;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.Connection;
import io.ferrymq.remoting.protocol.body.ConsumeFromWhere;
import io.ferrymq.remoting.protocol.body.ConsumeType;
import io.ferrymq.remoting.protocol.body.ConsumerConnection;
import io.ferrymq.remoting.protocol.body.MessageModel;
import io.ferrymq.remoting.protocol.body.MessageQueue;
import io.ferrymq.remoting.protocol.body.ProducerConnection;
import io.ferrymq.remoting.protocol.body.ResetOffsetBody;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import io.ferrymq.remoting.protocol.header.GetConsumerConnectionListRequestHeader;
import io.ferrymq.remoting.protocol.header.GetConsumerRunningInfoRequestHeader;
import io.ferrymq.remoting.protocol.header.GetProducerConnectionListRequestHeader;
import io.ferrymq.remoting.protocol.header.ResetOffsetRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.TimeBoundary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET_CONSUMER_CONNECTION_LIST, GET_PRODUCER_CONNECTION_LIST, GET_CONSUMER_RUNNING_INFO and
 * CONSUME_MESSAGE_DIRECTLY (both forwarded to the client)
 * and INVOKE_BROKER_TO_RESET_OFFSET (docs/protocol.md 2.9): resetting sets the group's offsets on this broker and tells
 * every online consumer of the group with RESET_CONSUMER_CLIENT_OFFSET.
 */
public final class ConsumerAdminProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(ConsumerAdminProcessor.class);

    private final String brokerName;
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final ConsumerOffsetTable offsets;
    private final TopicConfigTable topics;
    private final MessageStore store;

    public ConsumerAdminProcessor(String brokerName, ConsumerRegistry consumers, ProducerRegistry producers,
                                  ConsumerOffsetTable offsets, TopicConfigTable topics, MessageStore store) {
        this.brokerName = brokerName;
        this.consumers = consumers;
        this.producers = producers;
        this.offsets = offsets;
        this.topics = topics;
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> {
                GetConsumerConnectionListRequestHeader h =
                        request.readHeader(GetConsumerConnectionListRequestHeader::decode);
                ConsumerGroup g = consumers.group(h.consumerGroup());
                if (g == null || g.isEmpty()) {
                    return RemotingCommand.response(ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group["
                            + h.consumerGroup() + "] not online");
                }
                ConsumerConnection cc = new ConsumerConnection();
                HashSet<Connection> set = new HashSet<>();
                for (ClientChannel c : g.members()) {
                    set.add(connection(c));
                }
                cc.setConnectionSet(set);
                Map<String, SubscriptionData> subs = new HashMap<>();
                for (Subscription s : g.subscriptions().values()) {
                    subs.put(s.topic(), WireBodies.subscriptionData(s));
                }
                cc.setSubscriptionTable(subs);
                cc.setConsumeType(ConsumeType.valueOf(g.consumeType()));
                cc.setMessageModel(MessageModel.valueOf(g.messageModel()));
                cc.setConsumeFromWhere(ConsumeFromWhere.valueOf(g.consumeFromWhere()));
                return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(cc));
            }
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> {
                GetProducerConnectionListRequestHeader h =
                        request.readHeader(GetProducerConnectionListRequestHeader::decode);
                HashSet<Connection> set = new HashSet<>();
                for (ClientChannel c : producers.members(h.producerGroup())) {
                    set.add(connection(c));
                }
                if (set.isEmpty()) {
                    return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the producer group["
                            + h.producerGroup() + "] not exist");
                }
                ProducerConnection pc = new ProducerConnection();
                pc.setConnectionSet(set);
                return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(pc));
            }
            case RequestCode.GET_ALL_PRODUCER_INFO -> {
                io.ferrymq.remoting.protocol.body.ProducerTableInfo table =
                        new io.ferrymq.remoting.protocol.body.ProducerTableInfo();
                for (String group : producers.groupNames()) {
                    for (ClientChannel c : producers.members(group)) {
                        io.ferrymq.remoting.protocol.body.ProducerTableInfo.ProducerInfo p =
                                new io.ferrymq.remoting.protocol.body.ProducerTableInfo.ProducerInfo();
                        p.setClientId(c.clientId());
                        p.setRemoteIP(c.channel().remoteAddress());
                        p.setLanguage(c.language() == null ? null : c.language().name());
                        p.setVersion(c.version());
                        p.setLastUpdateTimestamp(c.lastUpdateMillis());
                        table.group(group).add(p);
                    }
                }
                return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(table));
            }
            case RequestCode.GET_CONSUMER_RUNNING_INFO -> {
                return forwardRunningInfo(channel, request);
            }
            case RequestCode.CONSUME_MESSAGE_DIRECTLY -> {
                return forwardConsumeDirectly(channel, request);
            }
            case RequestCode.INVOKE_BROKER_TO_RESET_OFFSET -> {
                return resetOffset(request.readHeader(ResetOffsetRequestHeader::decode));
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "code " + request.code() + " not handled here");
            }
        }
    }

    private static Connection connection(ClientChannel c) {
        Connection conn = new Connection();
        conn.setClientId(c.clientId());
        conn.setClientAddr(c.channel().remoteAddress());
        conn.setLanguage(c.language());
        conn.setVersion(c.version());
        return conn;
    }

    private RemotingCommand forwardRunningInfo(RemotingChannel channel, RemotingCommand request) throws Exception {
        GetConsumerRunningInfoRequestHeader h = request.readHeader(GetConsumerRunningInfoRequestHeader::decode);
        ClientChannel c = online(h.consumerGroup(), h.clientId());
        if (c == null) {
            return notOnline(h.clientId());
        }
        return relay(channel, request, c, RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO, h));
    }

    /**
     * CONSUME_MESSAGE_DIRECTLY (mqadmin queryMsgById -g -d): {@code msgId} is an offset message id of this broker;
     * the client gets the request with the stored message as body (plus {@code brokerName}), consumes it with its
     * listener and answers a ConsumeMessageDirectlyResult, relayed as is.
     */
    private RemotingCommand forwardConsumeDirectly(RemotingChannel channel, RemotingCommand request)
            throws Exception {
        String group = request.ext().requireString("consumerGroup");
        String clientId = request.ext().requireString("clientId");
        String msgId = request.ext().requireString("msgId");
        ClientChannel c = online(group, clientId);
        if (c == null) {
            return notOnline(clientId);
        }
        long offset;
        try {
            offset = MessageIds.decodeOffsetMsgId(msgId).commitLogOffset();
        } catch (IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "msgId: " + e.getMessage());
        }
        ByteBuffer m = store.messageAt(offset);
        if (m == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "can not find message by the offset, "
                    + offset);
        }
        byte[] body = new byte[m.remaining()];
        m.duplicate().get(body);
        RemotingCommand forward = RemotingCommand.request(RequestCode.CONSUME_MESSAGE_DIRECTLY);
        request.extFields().forEach(forward::putExt);
        forward.putExt("brokerName", brokerName);
        return relay(channel, request, c, forward.body(body));
    }

    private ClientChannel online(String group, String clientId) {
        ConsumerGroup g = consumers.group(group);
        ClientChannel c = g == null ? null : g.byClientId(clientId);
        return c == null || !c.channel().isActive() ? null : c;
    }

    private static RemotingCommand notOnline(String clientId) {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The Consumer <" + clientId + "> not online");
    }

    /** Sends {@code forward} to the client and answers {@code request} with the client's answer (later). */
    private static RemotingCommand relay(RemotingChannel channel, RemotingCommand request, ClientChannel c,
                                         RemotingCommand forward) {
        c.channel().invokeAsync(forward, 5000).whenComplete((resp, err) -> {
            if (err != null) {
                channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                        "invoke consumer " + c.clientId() + " failed: " + err));
            } else {
                channel.reply(request, RemotingCommand.response(resp.code(), resp.remark()).body(resp.body()));
            }
        });
        return null;
    }

    private RemotingCommand resetOffset(ResetOffsetRequestHeader h) {
        TopicConfig tc = topics.get(h.topic());
        if (tc == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "[reset-offset] topic " + h.topic()
                    + " does not exist on broker " + brokerName);
        }
        Map<MessageQueue, Long> table = new LinkedHashMap<>();
        Map<Integer, Long> newOffsets = new HashMap<>(offsets.offsetsOf(h.group(), h.topic()));
        for (int i = 0; i < tc.readQueueNums(); i++) {
            long target = h.timestamp() < 0 ? store.maxOffset(h.topic(), i)
                    : store.offsetByTime(h.topic(), i, h.timestamp(), TimeBoundary.LOWER);
            long current = offsets.query(h.group(), h.topic(), i);
            long chosen = h.isForce() || current < 0 || target < current ? target : current;
            table.put(new MessageQueue(h.topic(), brokerName, i), chosen);
            newOffsets.put(i, chosen);
        }
        offsets.reset(h.group(), h.topic(), newOffsets);
        ResetOffsetBody body = new ResetOffsetBody();
        body.setOffsetTable(table);
        byte[] bytes = Json.toBytes(body);
        ConsumerGroup g = consumers.group(h.group());
        if (g != null) {
            for (ClientChannel c : g.members()) {
                RemotingCommand notify = RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
                        new ResetOffsetRequestHeader().topic(h.topic()).group(h.group()).timestamp(h.timestamp())
                                .isForce(h.isForce())).body(bytes);
                try {
                    c.channel().invokeOneway(notify, 5000);
                } catch (Exception e) {
                    log.warn("cannot tell {} to reset offsets of {}/{}: {}", c, h.group(), h.topic(), e.toString());
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        log.info("offsets of group {} on topic {} reset to {} (timestamp {}, force {})", h.group(), h.topic(),
                newOffsets, h.timestamp(), h.isForce());
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(bytes);
    }
}
