package io.ferrymq.broker.transaction;

import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.PreparedMessage;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.store.MessageToStore;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte-level shapes of a transaction (fact sheet 5.11), as pure functions:
 * <ul>
 *   <li>a prepared send is stored as a <em>half message</em> on queue 0 of {@code RMQ_SYS_TRANS_HALF_TOPIC},
 *       with its real topic and queue in REAL_TOPIC / REAL_QID and its transaction bits cleared so the store
 *       indexes it in the half queue (consumers never subscribe to that topic);</li>
 *   <li>a commit stores a copy on the real topic and queue (transaction bits COMMIT, PREPARED TRANSACTION
 *       OFFSET = the half message's commit-log offset, TRAN_PREPARED_QUEUE_OFFSET = its half-queue offset);</li>
 *   <li>every decision (commit, rollback, discard) appends an <em>op record</em> to queue 0 of
 *       {@code RMQ_SYS_TRANS_OP_HALF_TOPIC}: tag {@code d}, body = the half-queue offset in decimal;</li>
 *   <li>a half message checked too often is copied to {@code TRANS_CHECK_MAX_TIME_TOPIC} (findable there by key
 *       and unique key) before its op record.</li>
 * </ul>
 */
public final class HalfMessages {
    /** Tag of op records, as RocketMQ writes them. */
    public static final String OP_TAG = "d";

    private HalfMessages() {
    }

    /** True when the send's properties ask for a transactional (half) message. */
    public static boolean isPrepared(Map<String, String> props) {
        return isPrepared(props.get(MessageConst.PROPERTY_TRANSACTION_PREPARED));
    }

    /** True when a TRAN_MSG property value (null: absent) asks for a transactional (half) message. */
    public static boolean isPrepared(String tranMsg) {
        return "true".equalsIgnoreCase(tranMsg);
    }

    /** Records the real destination in {@code props}; the half message goes to queue 0 of the half topic. */
    public static void redirectToHalf(Map<String, String> props, String realTopic, int realQueueId) {
        props.put(MessageConst.PROPERTY_REAL_TOPIC, realTopic);
        props.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(realQueueId));
    }

    /** The half message's sysFlag: as sent, with the transaction bits cleared so it is indexed. */
    public static int halfSysFlag(int sentSysFlag) {
        return MessageSysFlag.resetTransactionValue(sentSysFlag, MessageSysFlag.TRANSACTION_NOT_TYPE);
    }

    /** The real topic of a half message, or null when it has none. */
    public static String realTopic(DecodedMessage half) {
        return half.properties().get(MessageConst.PROPERTY_REAL_TOPIC);
    }

    /** The real queue of a half message (0 when missing or not a number). */
    public static int realQueueId(DecodedMessage half) {
        try {
            return Integer.parseInt(half.properties().getOrDefault(MessageConst.PROPERTY_REAL_QUEUE_ID, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Milliseconds after its store time before a half message may be checked: its CHECK_IMMUNITY_TIME_IN_SECONDS
     * when that is a positive number, else {@code defaultMillis} (transactionTimeOut).
     */
    public static long immunityMillis(DecodedMessage half, long defaultMillis) {
        String s = half.properties().get(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (s != null) {
            try {
                long secs = Long.parseLong(s.trim());
                if (secs > 0) {
                    return secs * 1000;
                }
            } catch (NumberFormatException ignored) {
                // not a number: the broker default applies, as in RocketMQ
            }
        }
        return defaultMillis;
    }

    /** The committed copy of {@code half}: real topic and queue, transaction bits COMMIT. */
    public static MessageToStore committed(DecodedMessage half, InetSocketAddress storeHost) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        props.remove(MessageConst.PROPERTY_REAL_TOPIC);
        props.remove(MessageConst.PROPERTY_REAL_QUEUE_ID);
        props.put(MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET, Long.toString(half.queueOffset()));
        int sysFlag = MessageSysFlag.resetTransactionValue(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        return new MessageToStore(realTopic(half), realQueueId(half), half.flag(), ByteBuffer.wrap(half.body()),
                MessageProperties.encode(props), sysFlag, half.bornTimestamp(), half.bornHost(), storeHost,
                half.reconsumeTimes(), half.commitLogOffset());
    }

    /** True when {@code stored} is the committed copy of the half message at half-queue offset {@code halfOffset}. */
    public static boolean isCommittedCopyOf(DecodedMessage stored, long halfOffset) {
        return Long.toString(halfOffset).equals(
                stored.properties().get(MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET))
                && MessageSysFlag.transactionValue(stored.sysFlag()) == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    }

    /** The op record that marks the half message at {@code halfOffset} as decided. */
    public static MessageToStore opRecord(long halfOffset, InetSocketAddress storeHost, long now) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_TAGS, OP_TAG);
        return new MessageToStore(TopicNames.TRANS_OP_HALF_TOPIC, 0, 0,
                ByteBuffer.wrap(Long.toString(halfOffset).getBytes(StandardCharsets.US_ASCII)),
                MessageProperties.encode(props), 0, now, storeHost, storeHost, 0, 0L);
    }

    /** The half-queue offset an op record marks, or -1 when the body is not one. */
    public static long opHalfOffset(DecodedMessage op) {
        try {
            return Long.parseLong(new String(op.body(), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The copy kept in TRANS_CHECK_MAX_TIME_TOPIC of a half message discarded after {@code checks} checks. */
    public static MessageToStore discarded(DecodedMessage half, int checks, InetSocketAddress storeHost) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        props.put(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, Integer.toString(checks));
        return new MessageToStore(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0, half.flag(),
                ByteBuffer.wrap(half.body()), MessageProperties.encode(props), half.sysFlag(), half.bornTimestamp(),
                half.bornHost(), storeHost, half.reconsumeTimes(), half.commitLogOffset());
    }

    /**
     * The body of CHECK_TRANSACTION_STATE: the half message in stored-message layout, but with its real topic and
     * queue (what the producer's {@code checkLocalTransaction} sees) and TRANSACTION_CHECK_TIMES = {@code checks}.
     */
    public static byte[] checkBody(DecodedMessage half, int checks) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        props.put(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, Integer.toString(checks));
        PreparedMessage pm = PreparedMessage.builder().topic(realTopic(half)).queueId(realQueueId(half))
                .flag(half.flag()).body(half.body()).properties(MessageProperties.encode(props))
                .sysFlag(half.sysFlag()).bornTimestamp(half.bornTimestamp()).bornHost(half.bornHost())
                .storeHost(half.storeHost()).reconsumeTimes(half.reconsumeTimes())
                .preparedTransactionOffset(half.preparedTransactionOffset()).build();
        return MessageEncoder.encode(pm, half.queueOffset(), half.commitLogOffset(), half.storeTimestamp());
    }

    /** The CHECK_TRANSACTION_STATE request asking a producer of the half message's group for its decision. */
    static RemotingCommand checkRequest(DecodedMessage half, int checkTimes, String brokerName) {
        String uniq = half.uniqKey();
        RemotingCommand req = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .putExt("topic", realTopic(half))
                .putExt("tranStateTableOffset", Long.toString(half.queueOffset()))
                .putExt("commitLogOffset", Long.toString(half.commitLogOffset()))
                .putExt("offsetMsgId", half.msgId())
                .putExt("bname", brokerName);
        if (uniq != null) {
            req.putExt("msgId", uniq).putExt("transactionId", uniq);
        }
        req.body(checkBody(half, checkTimes));
        return req;
    }
}
