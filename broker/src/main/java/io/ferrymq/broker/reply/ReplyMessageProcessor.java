package io.ferrymq.broker.reply;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.ha.SyncAck;
import io.ferrymq.broker.send.SendResponses;
import io.ferrymq.broker.send.SendMessageProcessor;
import io.ferrymq.broker.send.SendRequestHeader;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.ReplyMessageRequestHeader;
import io.ferrymq.store.MessageToStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * SEND_REPLY_MESSAGE / SEND_REPLY_MESSAGE_V2 (docs/protocol.md 5.10): validates the reply like a send, pushes it to
 * the requesting producer's connection (found by the REPLY_TO_CLIENT clientID) with PUSH_REPLY_MESSAGE_TO_CLIENT,
 * and, when {@code storeReplyMessageEnable}, also stores it in {@code <cluster>_REPLY_TOPIC}. Asynchronous end to
 * end: no thread waits for the push or the put.
 *
 * <p>The stored copy is a write on the replier's behalf: it answers SUCCESS only once it is stored and, under
 * SYNC_MASTER, held by the slaves ({@link ReplicatedPuts}); otherwise the replier gets the store's or the
 * replication's code (its retry may push the reply twice; the requester keeps the first).
 */
public final class ReplyMessageProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(ReplyMessageProcessor.class);
    private static final long PUSH_TIMEOUT_MILLIS = 10_000;

    private final BrokerConfig config;
    private final BrokerIdentity identity;
    private final SendMessageProcessor sender;
    private final ProducerRegistry producers;
    private final ReplicatedPuts puts;

    public ReplyMessageProcessor(BrokerConfig config, BrokerIdentity identity, SendMessageProcessor sender,
                                 ProducerRegistry producers, ReplicatedPuts puts) {
        this.config = config;
        this.identity = identity;
        this.sender = sender;
        this.producers = producers;
        this.puts = puts;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        SendRequestHeader h = request.readHeader(SendRequestHeader::decode);
        byte[] body = request.body() == null ? new byte[0] : request.body();
        SendMessageProcessor.Prepared p = sender.prepare(channel, h, body);
        if (p.rejection() != null) {
            return p.rejection().toResponse();
        }
        MessageToStore m = p.message();
        String replyTo = MessageProperties.get(m.properties(), MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
        ClientChannel target = producers.byClientId(replyTo);
        if (target == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "push reply message fail, channel of <"
                    + replyTo + "> not found (the requester is offline or never heartbeated to broker "
                    + config.brokerName() + ")");
        }
        String props = MessageProperties.append(m.properties(), MessageConst.PROPERTY_PUSH_REPLY_TIME,
                Long.toString(System.currentTimeMillis()));
        ReplyMessageRequestHeader rh = new ReplyMessageRequestHeader()
                .producerGroup(h.producerGroup()).topic(m.topic()).defaultTopic(h.defaultTopic())
                .defaultTopicQueueNums(h.defaultTopicQueueNums()).queueId(m.queueId()).sysFlag(m.sysFlag())
                .bornTimestamp(m.bornTimestamp()).flag(m.flag()).properties(props)
                .reconsumeTimes(m.reconsumeTimes()).unitMode(h.unitMode())
                .bornHost(channel.remoteAddress()).storeHost(identity.brokerAddr())
                .storeTimestamp(System.currentTimeMillis());
        RemotingCommand push = RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, rh).body(body);
        target.channel().invokeAsync(push, PUSH_TIMEOUT_MILLIS).whenComplete((resp, err) -> {
            if (err != null || resp.code() != ResponseCode.SUCCESS) {
                String why = err != null ? err.toString() : resp.code() + " " + resp.remark();
                log.warn("pushing reply to {} failed: {}", replyTo, why);
                channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                        "push reply message to " + replyTo + " failed: " + why));
                return;
            }
            CompletableFuture<RemotingCommand> answer;
            if (config.storeReplyMessageEnable()) {
                answer = sender.put(p).handle((r, e) -> r).thenCompose(puts::replicate).thenApply(o -> {
                    if (o.acknowledged()) {
                        return success(o.result().msgId(), m.queueId(), o.result().queueOffset());
                    }
                    int code = o.stored() ? SyncAck.responseCode(o.ack())
                            : o.result() == null ? ResponseCode.SYSTEM_ERROR : SendResponses.codeOf(o.result());
                    log.warn("reply to {} was pushed but its stored copy is not acknowledged: {}", replyTo,
                            o.describe());
                    return RemotingCommand.response(code, "reply pushed to " + replyTo + ", but storing it in "
                            + m.topic() + " on broker " + config.brokerName() + " is not acknowledged: "
                            + o.describe());
                });
            } else {
                answer = CompletableFuture.completedFuture(success("0", m.queueId(), 0));
            }
            answer.thenAccept(a -> channel.reply(request, a));
        });
        return null;
    }

    private RemotingCommand success(String msgId, int queueId, long queueOffset) {
        return RemotingCommand.response(ResponseCode.SUCCESS, null)
                .putExt("msgId", msgId)
                .putExt("queueId", Integer.toString(queueId))
                .putExt("queueOffset", Long.toString(queueOffset))
                .putExt("MSG_REGION", config.regionId())
                .putExt("TRACE_ON", Boolean.toString(config.traceOn()));
    }
}
