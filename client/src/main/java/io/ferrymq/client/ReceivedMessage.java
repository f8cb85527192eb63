package io.ferrymq.client;

import io.ferrymq.common.message.MessageConst;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A message as delivered to a consumer (or returned by a query): the sent content plus where and when it was
 * stored. The body is already decompressed; a body flagged compressed that does not inflate is kept as stored and
 * marked with a {@link #bodyError()}: push consumers never hand such a message to the listener but treat it as a
 * consume failure (it goes to the group's dead-letter topic).
 *
 * <p>{@link #msgId()} is the producer-assigned id ({@code UNIQ_KEY}) when present, else the
 * {@link #offsetMsgId()} that encodes the store address and commit-log offset, as in RocketMQ's
 * {@code MessageExt}. For messages redelivered from the group's retry topic {@link #topic()} is the original
 * topic again.
 */
public final class ReceivedMessage extends Message {
    private final String brokerName;
    private final int queueId;
    private final long queueOffset;
    private final long commitLogOffset;
    private final int sysFlag;
    private final long bornTimestamp;
    private final InetSocketAddress bornHost;
    private final long storeTimestamp;
    private final InetSocketAddress storeHost;
    private final int reconsumeTimes;
    private final int storeSize;
    private final String offsetMsgId;
    private final String storedTopic;
    private volatile String bodyError;

    /** Builder-style constructor used by the client's decoders. */
    public ReceivedMessage(String topic, int flag, byte[] body, Map<String, String> properties, String brokerName,
                           int queueId, long queueOffset, long commitLogOffset, int sysFlag, long bornTimestamp,
                           InetSocketAddress bornHost, long storeTimestamp, InetSocketAddress storeHost,
                           int reconsumeTimes, int storeSize, String offsetMsgId) {
        super(topic, body);
        flag(flag);
        replaceProperties(properties);
        this.brokerName = brokerName;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.commitLogOffset = commitLogOffset;
        this.sysFlag = sysFlag;
        this.bornTimestamp = bornTimestamp;
        this.bornHost = bornHost;
        this.storeTimestamp = storeTimestamp;
        this.storeHost = storeHost;
        this.reconsumeTimes = reconsumeTimes;
        this.storeSize = storeSize;
        this.offsetMsgId = offsetMsgId;
        this.storedTopic = topic;
    }

    /** Why the body could not be decoded (it is then the body as stored), or null when it is the sent body. */
    public String bodyError() {
        return bodyError;
    }

    /** Marks the body as undecodable (used by the client's decoders). */
    public ReceivedMessage markBodyError(String why) {
        this.bodyError = why;
        return this;
    }

    /** Producer-assigned unique id if present, else {@link #offsetMsgId()}. */
    public String msgId() {
        String u = property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return u != null ? u : offsetMsgId;
    }

    /** Id derived from the store address and commit-log offset (32 hex chars for IPv4). */
    public String offsetMsgId() {
        return offsetMsgId;
    }

    /**
     * The queue this message was read from (the retry topic's queue for redeliveries); null for a reply pushed
     * to a requester, which was not read from a queue.
     */
    public MessageQueue queue() {
        return brokerName == null ? null : new MessageQueue(storedTopic(), brokerName, queueId);
    }

    /** The topic under which the message is stored (the retry topic for redeliveries). */
    public String storedTopic() {
        return storedTopic;
    }

    /**
     * Replaces the topic by the original one (property RETRY_TOPIC) for a message read from a retry topic;
     * {@link #storedTopic()} keeps answering the retry topic.
     */
    public void restoreOriginalTopic() {
        String retry = property(MessageConst.PROPERTY_RETRY_TOPIC);
        if (retry != null && storedTopic.startsWith("%RETRY%")) {
            topic(retry);
        }
    }

    public String brokerName() {
        return brokerName;
    }

    public int queueId() {
        return queueId;
    }

    /** Logical offset in the queue. */
    public long queueOffset() {
        return queueOffset;
    }

    /** Offset in the broker's commit log (used to send the message back for retry). */
    public long commitLogOffset() {
        return commitLogOffset;
    }

    /** System flag as stored (compression bit cleared once decompressed). */
    public int sysFlag() {
        return sysFlag;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public InetSocketAddress bornHost() {
        return bornHost;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    public InetSocketAddress storeHost() {
        return storeHost;
    }

    /** How many times this message was delivered again after failed consumption. */
    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public int storeSize() {
        return storeSize;
    }

    @Override
    public String toString() {
        return "ReceivedMessage{msgId=" + msgId() + ", queue=" + queue() + ", queueOffset=" + queueOffset
            + ", reconsumeTimes=" + reconsumeTimes + ", " + super.toString() + "}";
    }
}
