package io.ferrymq.client.internal;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.common.message.MessageConst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands pulled messages to the user's listener (concurrently or orderly) and decides what happens to failed
 * ones: back to the broker for a later retry (CONSUMER_SEND_MSG_BACK, falling back to a plain send to the
 * group's retry topic) or to the dead-letter topic.
 */
abstract class ConsumeDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ConsumeDispatcher.class);
    /** Fault: a pulled message's body could not be decoded; it went to the consume-failure path. */
    static final String FAULT_UNDECODABLE_BODY = "consume.undecodable_body";

    protected final PushEngine engine;
    private final Sender retrySender;

    ConsumeDispatcher(PushEngine engine, Sender retrySender) {
        this.engine = engine;
        this.retrySender = retrySender;
    }

    /**
     * Called from the pull path after {@code msgs} were added to {@code pq}.
     *
     * @param wasEmpty whether {@code pq} had nothing cached before
     */
    abstract void dispatch(ProcessQueue pq, List<ReceivedMessage> msgs, boolean wasEmpty);

    /** The messages of {@code batch} whose body could not be decoded (never shown to the listener). */
    static List<ReceivedMessage> undecodable(List<ReceivedMessage> batch) {
        List<ReceivedMessage> out = new ArrayList<>();
        for (ReceivedMessage m : batch) {
            if (m.bodyError() != null) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The consume-failure outcome of messages whose body cannot be decoded: retrying cannot help, so each goes
     * straight to the group's dead-letter topic (clustering; broadcasting has no retry, the failure is only
     * counted); each is counted as fault {@value #FAULT_UNDECODABLE_BODY} and logged.
     *
     * @return the messages the broker did not take (to try again later)
     */
    List<ReceivedMessage> failUndecodable(List<ReceivedMessage> undecodable) {
        List<ReceivedMessage> notTaken = new ArrayList<>();
        String group = engine.config().group();
        for (ReceivedMessage m : undecodable) {
            engine.instance().faults().record(FAULT_UNDECODABLE_BODY, "message " + m.msgId() + " of " + m.topic()
                + " at " + m.brokerName() + "/" + m.queueId() + "/" + m.queueOffset() + ": " + m.bodyError());
            if (!engine.clustering()) {
                log.warn("{}: message {} has an undecodable body ({}); broadcast consumption does not retry it",
                    group, m.msgId(), m.bodyError());
            } else if (sendBack(m, -1)) {
                log.warn("{}: message {} has an undecodable body ({}); sent to the dead-letter topic", group,
                    m.msgId(), m.bodyError());
            } else {
                notTaken.add(m);
            }
        }
        return notTaken;
    }

    /**
     * Sends {@code m} back for redelivery after {@code delayLevel} (0 = broker decides, -1 = dead-letter now).
     *
     * @return whether the broker took it
     */
    boolean sendBack(ReceivedMessage m, int delayLevel) {
        ClientInstance inst = engine.instance();
        String group = engine.config().group();
        int max = engine.config().maxReconsumeTimes();
        try {
            String addr = inst.masterAddress(m.brokerName());
            if (addr == null && m.storeHost() != null) {
                addr = m.storeHost().getAddress().getHostAddress() + ":" + m.storeHost().getPort();
            }
            if (addr == null) {
                throw new io.ferrymq.client.ClientException("no address for broker " + m.brokerName(), true);
            }
            inst.rpc().sendMessageBack(addr, group, m, delayLevel, max, inst.rpcTimeoutMillis());
            return true;
        } catch (RuntimeException e) {
            log.debug("{}: send back of {} failed ({}); sending to the retry topic instead", group, m.msgId(),
                e.getMessage());
        }
        try {
            io.ferrymq.client.Message retry = new io.ferrymq.client.Message("%RETRY%" + group, m.body());
            m.properties().forEach(retry::putSystem);
            retry.flag(m.flag());
            if (m.property(MessageConst.PROPERTY_RETRY_TOPIC) == null) {
                retry.putSystem(MessageConst.PROPERTY_RETRY_TOPIC, m.topic());
            }
            retry.putSystem(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID,
                m.property(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID) != null
                    ? m.property(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID) : m.msgId());
            int times = m.reconsumeTimes() + 1;
            retry.putSystem(MessageConst.PROPERTY_RECONSUME_TIME, Integer.toString(delayLevel < 0 ? max + 1 : times));
            retry.putSystem(MessageConst.PROPERTY_MAX_RECONSUME_TIMES, Integer.toString(max));
            retry.delayLevel(delayLevel < 0 ? 0 : 3 + m.reconsumeTimes());
            SendResult r = retrySender.send(retrySender.prepare(retry), inst.rpcTimeoutMillis());
            log.debug("{}: {} re-sent to {} as {}", group, m.msgId(), r.queue(), r.msgId());
            return true;
        } catch (RuntimeException e) {
            log.warn("{}: could not send {} back for retry, will consume it again locally: {}", group, m.msgId(),
                e.getMessage());
            return false;
        }
    }
}
