package io.ferrymq.client.producer;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.message.MessageConst;

/**
 * Helper for the replying side of request/reply: builds the reply to a request consumed from a topic. Send the
 * result with any started {@link Producer}; the broker pushes it to the requesting client.
 *
 * <pre>{@code
 * consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
 *     for (ReceivedMessage req : msgs) {
 *         producer.send(Replies.create(req, handle(req.body())));
 *     }
 *     return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
 * });
 * }</pre>
 */
public final class Replies {
    private Replies() {
    }

    /** Suffix of the reply topic: {@code <cluster>_REPLY_TOPIC} (created by every broker). */
    public static final String REPLY_TOPIC_SUFFIX = "_REPLY_TOPIC";

    /**
     * The reply to {@code request}: topic {@code <CLUSTER>_REPLY_TOPIC}, the request's CORRELATION_ID,
     * REPLY_TO_CLIENT and TTL, and MSG_TYPE=reply.
     *
     * @throws ClientException when {@code request} is not a request (no correlation id or reply-to client) or
     *     lacks the CLUSTER property a broker adds on store
     */
    public static Message create(ReceivedMessage request, byte[] body) {
        String cluster = request.property(MessageConst.PROPERTY_CLUSTER);
        String correlation = request.property(MessageConst.PROPERTY_CORRELATION_ID);
        String replyTo = request.property(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
        if (correlation == null || replyTo == null) {
            throw new ClientException("message " + request.msgId() + " is not a request: it has no "
                + MessageConst.PROPERTY_CORRELATION_ID + " / " + MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT
                + " property", false);
        }
        if (cluster == null) {
            throw new ClientException("request " + request.msgId() + " has no " + MessageConst.PROPERTY_CLUSTER
                + " property; the broker that stored it must add it", false);
        }
        Message reply = new Message(cluster + REPLY_TOPIC_SUFFIX, body);
        reply.putSystem(MessageConst.PROPERTY_MESSAGE_TYPE, MessageConst.REPLY_MESSAGE_FLAG);
        reply.putSystem(MessageConst.PROPERTY_CORRELATION_ID, correlation);
        reply.putSystem(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, replyTo);
        String ttl = request.property(MessageConst.PROPERTY_MESSAGE_TTL);
        if (ttl != null) {
            reply.putSystem(MessageConst.PROPERTY_MESSAGE_TTL, ttl);
        }
        return reply;
    }

    /** Whether {@code m} is a request that expects a reply. */
    public static boolean isRequest(Message m) {
        return m.property(MessageConst.PROPERTY_CORRELATION_ID) != null
            && m.property(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT) != null;
    }
}
