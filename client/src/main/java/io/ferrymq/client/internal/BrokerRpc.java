package io.ferrymq.client.internal;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.GetConsumerListByGroupResponseBody;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.body.LockBatchRequestBody;
import io.ferrymq.remoting.protocol.body.LockBatchResponseBody;
import io.ferrymq.remoting.protocol.body.UnlockBatchRequestBody;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.PullMessageResponseHeader;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.SendMessageResponseHeader;
import io.ferrymq.common.message.MessageProperties;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The broker requests a client makes (docs/protocol.md 2), each built from its documented extFields and body
 * and decoded into client types; failures become {@link BrokerException} (broker answered with a code) or
 * {@link ClientException} (broker unreachable), naming broker, address, topic and code. Stateless apart from
 * the transport; thread-safe.
 */
public final class BrokerRpc {
    private final RemotingClient remoting;

    public BrokerRpc(RemotingClient remoting) {
        this.remoting = remoting;
    }

    public RemotingClient remoting() {
        return remoting;
    }

    // ---------------------------------------------------------------- generic

    /** Sync call; transport failures become a retriable ClientException naming broker and address. */
    public RemotingCommand call(String addr, RemotingCommand req, long timeoutMillis, String op, String brokerName,
                                String topic) {
        try {
            return remoting.invokeSync(addr, req, timeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException(op + " failed: broker " + (brokerName == null ? "" : brokerName + " ")
                + "[" + addr + "]" + (topic == null ? "" : " topic " + topic) + " unreachable: " + e.getMessage(),
                e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(op + " interrupted", e, true);
        }
    }

    /** Sync call that requires SUCCESS. */
    public RemotingCommand callOk(String addr, RemotingCommand req, long timeoutMillis, String op, String brokerName,
                                  String topic) {
        RemotingCommand resp = call(addr, req, timeoutMillis, op, brokerName, topic);
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new BrokerException(op, brokerName, addr, topic, resp.code(), resp.remark());
        }
        return resp;
    }

    /** Oneway call; failures are returned as an exception instead of thrown (callers usually just log). */
    public ClientException oneway(String addr, RemotingCommand req, long timeoutMillis, String op) {
        try {
            remoting.invokeOneway(addr, req.markOneway(), timeoutMillis);
            return null;
        } catch (RemotingException e) {
            return new ClientException(op + " to [" + addr + "] failed: " + e.getMessage(), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ClientException(op + " interrupted", e, true);
        }
    }

    static long requireLong(RemotingCommand resp, String name, String op, String addr) {
        try {
            return resp.ext().requireLong(name);
        } catch (HeaderFieldException e) {
            throw new ClientException(op + ": response from [" + addr + "] lacks field " + name + ": "
                + e.getMessage(), e, false);
        }
    }

    // ---------------------------------------------------------------- send

    /** What to send and where: built by the producer, encoded by {@link #sendRequest}. */
    public record SendSpec(String producerGroup, String topic, String brokerName, int queueId, int sysFlag,
                           long bornTimestamp, int flag, String properties, byte[] body, boolean batch,
                           boolean reply, String createTopicKey, int defaultTopicQueueNums) {
    }

    /** SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE / SEND_REPLY_MESSAGE_V2 with the single-letter header (2.4). */
    public static RemotingCommand sendRequest(SendSpec s) {
        int code = s.batch() ? RequestCode.SEND_BATCH_MESSAGE
            : s.reply() ? RequestCode.SEND_REPLY_MESSAGE_V2 : RequestCode.SEND_MESSAGE_V2;
        SendMessageRequestHeader h = new SendMessageRequestHeader()
            .producerGroup(s.producerGroup())
            .topic(s.topic())
            .defaultTopic(s.createTopicKey())
            .defaultTopicQueueNums(s.defaultTopicQueueNums())
            .queueId(s.queueId())
            .sysFlag(s.sysFlag())
            .bornTimestamp(s.bornTimestamp())
            .flag(s.flag())
            .properties(s.properties())
            .reconsumeTimes(0)
            .unitMode(false)
            .batch(s.batch())
            .bname(s.brokerName());
        if (s.topic().startsWith("%RETRY%")) {
            // the official producer copies these two properties into the header for retry topics
            String r = MessageProperties.get(s.properties(), MessageConst.PROPERTY_RECONSUME_TIME);
            if (r != null) {
                h.reconsumeTimes(Integer.parseInt(r));
            }
            String max = MessageProperties.get(s.properties(), MessageConst.PROPERTY_MAX_RECONSUME_TIMES);
            if (max != null) {
                h.maxReconsumeTimes(Integer.parseInt(max));
            }
        }
        return RemotingCommand.request(code, h.asV2()).body(s.body());
    }

    /**
     * Decodes a send response.
     *
     * @param uniqKey the producer's message id(s)
     */
    public static SendResult sendResult(RemotingCommand resp, SendSpec s, String uniqKey, String addr) {
        SendStatus status = switch (resp.code()) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new BrokerException("send", s.brokerName(), addr, s.topic(), resp.code(), resp.remark());
        };
        try {
            SendMessageResponseHeader h = resp.readHeader(SendMessageResponseHeader::decode);
            String region = h.msgRegion() == null ? "DefaultRegion" : h.msgRegion();
            return new SendResult(status, uniqKey, h.msgId(), new MessageQueue(s.topic(), s.brokerName(),
                h.queueId()), h.queueOffset(), region);
        } catch (HeaderFieldException e) {
            throw new ClientException("send to " + s.brokerName() + " [" + addr + "] topic " + s.topic()
                + ": malformed response header: " + e.getMessage(), e, false);
        }
    }

    /** Async send; the future fails with {@link ClientException}/{@link BrokerException}. */
    public CompletableFuture<SendResult> sendAsync(String addr, SendSpec s, String uniqKey, long timeoutMillis) {
        return remoting.invokeAsync(addr, sendRequest(s), timeoutMillis).handle((resp, err) -> {
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                throw new ClientException("send to " + s.brokerName() + " [" + addr + "] topic " + s.topic()
                    + " failed: " + c.getMessage(), c, true);
            }
            return sendResult(resp, s, uniqKey, addr);
        });
    }

    // ---------------------------------------------------------------- pull

    /** Parameters of one pull (2.5). */
    public record PullSpec(String group, MessageQueue queue, long offset, int maxMsgNums, int sysFlag,
                           long commitOffset, long suspendMillis, String subscription, String expressionType,
                           long subVersion, int maxMsgBytes, boolean lite) {
    }

    /** PULL_MESSAGE / LITE_PULL_MESSAGE, async; completes with the decoded result (messages not yet filtered). */
    public CompletableFuture<PullResult> pullAsync(String addr, PullSpec p, long timeoutMillis) {
        PullMessageRequestHeader h = new PullMessageRequestHeader()
            .consumerGroup(p.group())
            .topic(p.queue().topic())
            .queueId(p.queue().queueId())
            .queueOffset(p.offset())
            .maxMsgNums(p.maxMsgNums())
            .sysFlag(p.sysFlag())
            .commitOffset(p.commitOffset())
            .suspendTimeoutMillis(p.suspendMillis())
            .subscription(p.subscription())
            .subVersion(p.subVersion())
            .expressionType(p.expressionType())
            .maxMsgBytes(p.maxMsgBytes())
            .bname(p.queue().brokerName());
        RemotingCommand req = RemotingCommand.request(p.lite() ? RequestCode.LITE_PULL_MESSAGE
            : RequestCode.PULL_MESSAGE, h);
        return remoting.invokeAsync(addr, req, timeoutMillis).handle((resp, err) -> {
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                throw new ClientException("pull " + p.queue() + " from [" + addr + "] failed: " + c.getMessage(), c,
                    true);
            }
            return pullResult(resp, p.queue(), addr);
        });
    }

    static PullResult pullResult(RemotingCommand resp, MessageQueue q, String addr) {
        PullResult.Status status = switch (resp.code()) {
            case ResponseCode.SUCCESS -> PullResult.Status.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> PullResult.Status.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullResult.Status.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> PullResult.Status.OFFSET_ILLEGAL;
            default -> throw new BrokerException("pull", q.brokerName(), addr, q.topic(), resp.code(),
                resp.remark());
        };
        PullMessageResponseHeader h;
        try {
            h = resp.readHeader(PullMessageResponseHeader::decode);
        } catch (HeaderFieldException e) {
            throw new ClientException("pull " + q + ": response from [" + addr + "] is malformed: "
                + e.getMessage(), e, false);
        }
        long next = h.nextBeginOffset();
        long min = h.minOffset();
        long max = h.maxOffset();
        long suggest = h.suggestWhichBrokerId();
        List<ReceivedMessage> msgs = status == PullResult.Status.FOUND
            ? MessageCodec.decodeStored(resp.body(), q.brokerName()) : List.of();
        return new PullResult(status, next, min, max, suggest, msgs);
    }

    // ---------------------------------------------------------------- offsets

    /** QUERY_CONSUMER_OFFSET: committed offset, or -1 when the broker has none (QUERY_NOT_FOUND). */
    public long queryConsumerOffset(String addr, String group, MessageQueue q, long timeoutMillis) {
        return queryConsumerOffset(addr, group, q, true, timeoutMillis);
    }

    /**
     * QUERY_CONSUMER_OFFSET. With {@code zeroIfNotFound} false the broker answers "not found" for a group that
     * never committed, instead of 0 for a young queue whose first message is still in memory (docs/protocol.md 5.6).
     */
    public long queryConsumerOffset(String addr, String group, MessageQueue q, boolean zeroIfNotFound,
                                    long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET);
        if (!zeroIfNotFound) {
            req.putExt("setZeroIfNotFound", "false");
        }
        req.putExt("consumerGroup", group);
        req.putExt("topic", q.topic());
        req.putExt("queueId", Integer.toString(q.queueId()));
        req.putExt("bname", q.brokerName());
        RemotingCommand resp = call(addr, req, timeoutMillis, "query consumer offset", q.brokerName(), q.topic());
        if (resp.code() == ResponseCode.QUERY_NOT_FOUND) {
            return -1;
        }
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new BrokerException("query consumer offset of " + group + " on " + q, q.brokerName(), addr,
                q.topic(), resp.code(), resp.remark());
        }
        return requireLong(resp, "offset", "query consumer offset", addr);
    }

    private static RemotingCommand updateOffsetRequest(String group, MessageQueue q, long offset) {
        RemotingCommand req = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET);
        req.putExt("consumerGroup", group);
        req.putExt("topic", q.topic());
        req.putExt("queueId", Integer.toString(q.queueId()));
        req.putExt("commitOffset", Long.toString(offset));
        req.putExt("bname", q.brokerName());
        return req;
    }

    /** UPDATE_CONSUMER_OFFSET, synchronously (used on shutdown and commitSync). */
    public void updateConsumerOffset(String addr, String group, MessageQueue q, long offset, long timeoutMillis) {
        callOk(addr, updateOffsetRequest(group, q, offset), timeoutMillis, "commit offset " + offset + " of "
            + group + " on " + q, q.brokerName(), q.topic());
    }

    /** UPDATE_CONSUMER_OFFSET oneway (periodic persist); returns the failure or null. */
    public ClientException updateConsumerOffsetOneway(String addr, String group, MessageQueue q, long offset,
                                                      long timeoutMillis) {
        return oneway(addr, updateOffsetRequest(group, q, offset), timeoutMillis, "commit offset of " + q);
    }

    private long offsetCall(int code, String addr, MessageQueue q, long timeoutMillis, String op,
                            java.util.function.Consumer<RemotingCommand> extra) {
        RemotingCommand req = RemotingCommand.request(code);
        req.putExt("topic", q.topic());
        req.putExt("queueId", Integer.toString(q.queueId()));
        req.putExt("bname", q.brokerName());
        extra.accept(req);
        RemotingCommand resp = callOk(addr, req, timeoutMillis, op + " of " + q, q.brokerName(), q.topic());
        return requireLong(resp, code == RequestCode.GET_EARLIEST_MSG_STORETIME ? "timestamp" : "offset", op, addr);
    }

    /** GET_MAX_OFFSET: the next offset to be written. */
    public long maxOffset(String addr, MessageQueue q, long timeoutMillis) {
        return offsetCall(RequestCode.GET_MAX_OFFSET, addr, q, timeoutMillis, "get max offset",
            r -> r.putExt("committed", "true"));
    }

    /** GET_MIN_OFFSET: the first available offset. */
    public long minOffset(String addr, MessageQueue q, long timeoutMillis) {
        return offsetCall(RequestCode.GET_MIN_OFFSET, addr, q, timeoutMillis, "get min offset", r -> { });
    }

    /** SEARCH_OFFSET_BY_TIMESTAMP (LOWER boundary): first offset stored at or after {@code timestamp}. */
    public long searchOffset(String addr, MessageQueue q, long timestamp, long timeoutMillis) {
        return offsetCall(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, addr, q, timeoutMillis, "search offset by time",
            r -> {
                r.putExt("timestamp", Long.toString(timestamp));
                r.putExt("boundaryType", "LOWER");
            });
    }

    // ---------------------------------------------------------------- client registry

    /** HEART_BEAT; returns the broker's version ordinal. */
    public int heartbeat(String addr, HeartbeatData data, long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.HEART_BEAT);
        req.body(Json.toBytes(data));
        RemotingCommand resp = callOk(addr, req, timeoutMillis, "heartbeat", null, null);
        return resp.version();
    }

    /** UNREGISTER_CLIENT for a producer and/or consumer group. */
    public void unregisterClient(String addr, String clientId, String producerGroup, String consumerGroup,
                                 long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT);
        req.putExt("clientID", clientId);
        req.putExt("producerGroup", producerGroup);
        req.putExt("consumerGroup", consumerGroup);
        callOk(addr, req, timeoutMillis, "unregister client", null, null);
    }

    /** GET_CONSUMER_LIST_BY_GROUP: client ids of the group known to that broker. */
    public List<String> consumerIds(String addr, String group, long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP);
        req.putExt("consumerGroup", group);
        RemotingCommand resp = callOk(addr, req, timeoutMillis, "get consumers of group " + group, null, null);
        GetConsumerListByGroupResponseBody body = Json.parse(resp.body(), GetConsumerListByGroupResponseBody.class);
        return body == null || body.getConsumerIdList() == null ? List.of() : body.getConsumerIdList();
    }

    /** LOCK_BATCH_MQ: returns the queues now locked by this client. */
    public Set<MessageQueue> lockBatch(String addr, String group, String clientId, Set<MessageQueue> queues,
                                       long timeoutMillis) {
        LockBatchRequestBody body = new LockBatchRequestBody();
        body.setConsumerGroup(group);
        body.setClientId(clientId);
        body.setMqSet(toWire(queues));
        RemotingCommand req = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ);
        req.body(Json.toBytes(body));
        RemotingCommand resp = callOk(addr, req, timeoutMillis, "lock queues of " + group, null, null);
        LockBatchResponseBody r = Json.parse(resp.body(), LockBatchResponseBody.class);
        Set<MessageQueue> out = new HashSet<>();
        if (r != null && r.getLockOKMQSet() != null) {
            for (io.ferrymq.remoting.protocol.body.MessageQueue q : r.getLockOKMQSet()) {
                out.add(fromWire(q));
            }
        }
        return out;
    }

    /** UNLOCK_BATCH_MQ (oneway when {@code oneway}). */
    public void unlockBatch(String addr, String group, String clientId, Set<MessageQueue> queues, boolean oneway,
                            long timeoutMillis) {
        UnlockBatchRequestBody body = new UnlockBatchRequestBody();
        body.setConsumerGroup(group);
        body.setClientId(clientId);
        body.setMqSet(toWire(queues));
        RemotingCommand req = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ);
        req.body(Json.toBytes(body));
        if (oneway) {
            oneway(addr, req, timeoutMillis, "unlock queues");
        } else {
            callOk(addr, req, timeoutMillis, "unlock queues of " + group, null, null);
        }
    }

    /** CONSUMER_SEND_MSG_BACK (5.8) to the broker that holds {@code m}. */
    public void sendMessageBack(String addr, String group, ReceivedMessage m, int delayLevel, int maxReconsumeTimes,
                                long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK);
        req.putExt("offset", Long.toString(m.commitLogOffset()));
        req.putExt("group", group);
        req.putExt("delayLevel", Integer.toString(delayLevel));
        req.putExt("originMsgId", m.msgId());
        req.putExt("originTopic", m.topic());
        req.putExt("unitMode", "false");
        req.putExt("maxReconsumeTimes", Integer.toString(maxReconsumeTimes));
        req.putExt("bname", m.brokerName());
        callOk(addr, req, timeoutMillis, "send message " + m.msgId() + " back for retry", m.brokerName(),
            m.topic());
    }

    // ---------------------------------------------------------------- query

    /** VIEW_MESSAGE_BY_ID at the broker encoded in an offset message id. */
    public ReceivedMessage viewMessage(String addr, long commitLogOffset, long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID);
        req.putExt("offset", Long.toString(commitLogOffset));
        RemotingCommand resp = callOk(addr, req, timeoutMillis, "view message at offset " + commitLogOffset, null,
            null);
        List<ReceivedMessage> ms = MessageCodec.decodeStored(resp.body(), null);
        if (ms.isEmpty()) {
            throw new ClientException("view message at offset " + commitLogOffset + " on [" + addr
                + "]: empty or undecodable body", false);
        }
        return ms.get(0);
    }

    /** QUERY_MESSAGE by key (or unique key); empty list when nothing matched. */
    public List<ReceivedMessage> queryMessage(String addr, String brokerName, String topic, String key,
                                              boolean uniqueKey, int maxNum, long begin, long end,
                                              long timeoutMillis) {
        RemotingCommand req = RemotingCommand.request(RequestCode.QUERY_MESSAGE);
        req.putExt("topic", topic);
        req.putExt("key", key);
        req.putExt("maxNum", Integer.toString(maxNum));
        req.putExt("beginTimestamp", Long.toString(begin));
        req.putExt("endTimestamp", Long.toString(end));
        req.putExt("_UNIQUE_KEY_QUERY", Boolean.toString(uniqueKey));
        RemotingCommand resp = call(addr, req, timeoutMillis, "query message by key " + key, brokerName, topic);
        if (resp.code() == ResponseCode.QUERY_NOT_FOUND) {
            return List.of();
        }
        if (resp.code() != ResponseCode.SUCCESS) {
            throw new BrokerException("query message by key " + key, brokerName, addr, topic, resp.code(),
                resp.remark());
        }
        return new ArrayList<>(MessageCodec.decodeStored(resp.body(), brokerName));
    }

    // ---------------------------------------------------------------- conversions

    public static Set<io.ferrymq.remoting.protocol.body.MessageQueue> toWire(Set<MessageQueue> qs) {
        Set<io.ferrymq.remoting.protocol.body.MessageQueue> out = new HashSet<>();
        for (MessageQueue q : qs) {
            out.add(toWire(q));
        }
        return out;
    }

    public static io.ferrymq.remoting.protocol.body.MessageQueue toWire(MessageQueue q) {
        return new io.ferrymq.remoting.protocol.body.MessageQueue(q.topic(), q.brokerName(), q.queueId());
    }

    public static MessageQueue fromWire(io.ferrymq.remoting.protocol.body.MessageQueue q) {
        return new MessageQueue(q.getTopic(), q.getBrokerName(), q.getQueueId());
    }

    /** Shorthand used when {@code m} carries a property. */
    static String prop(Message m, String name) {
        return m.property(name);
    }
}
