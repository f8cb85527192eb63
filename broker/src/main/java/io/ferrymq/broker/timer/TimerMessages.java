package io.ferrymq.broker.timer;

import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.MessageToStore;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timer messages (the official client's {@code setDeliverTimeMs}, {@code setDelayTimeSec}, {@code setDelayTimeMs}):
 * the due time from the TIMER_* properties, the redirect to the timer topic, and the delivered copy. Pure
 * functions.
 *
 * <p>A timer message waits on queue 0 of {@code rmq_sys_wheel_timer} with REAL_TOPIC / REAL_QID and TIMER_OUT_MS
 * (its due time, ms since the epoch). When due, a copy goes to the real topic and queue, with
 * {@value #PROPERTY_TIMER_SOURCE} = the waiting message's commit-log offset, so a delivery repeated after a crash
 * can be recognised.
 */
public final class TimerMessages {
    /** Property of a delivered copy: the commit-log offset of the waiting timer message it was made from. */
    public static final String PROPERTY_TIMER_SOURCE = "TIMER_SOURCE";
    /** The properties any of which makes a send a timer message ({@link #isTimer}). */
    public static final List<String> DELIVERY_PROPERTIES = List.of(MessageConst.PROPERTY_TIMER_DELIVER_MS,
            MessageConst.PROPERTY_TIMER_DELAY_SEC, MessageConst.PROPERTY_TIMER_DELAY_MS);

    /** The due time of a send, or why it is refused; {@code dueMillis} is 0 for a message that is no timer. */
    public record Due(long dueMillis, String refusal) {
        static final Due NONE = new Due(0, null);

        public boolean isTimer() {
            return dueMillis > 0 || refusal != null;
        }
    }

    private TimerMessages() {
    }

    /** True when any TIMER_* delivery property ({@link #DELIVERY_PROPERTIES}) is present. */
    public static boolean isTimer(Map<String, String> props) {
        for (String name : DELIVERY_PROPERTIES) {
            if (props.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The due time the properties ask for (TIMER_DELIVER_MS absolute, else now + TIMER_DELAY_SEC seconds, else
     * now + TIMER_DELAY_MS), refused when not a number, negative, or more than {@code maxDelayMillis} ahead.
     */
    public static Due dueTime(Map<String, String> props, long now, long maxDelayMillis) {
        String key;
        long due;
        try {
            if (props.containsKey(MessageConst.PROPERTY_TIMER_DELIVER_MS)) {
                key = MessageConst.PROPERTY_TIMER_DELIVER_MS;
                due = Long.parseLong(props.get(key).trim());
            } else if (props.containsKey(MessageConst.PROPERTY_TIMER_DELAY_SEC)) {
                key = MessageConst.PROPERTY_TIMER_DELAY_SEC;
                long secs = Long.parseLong(props.get(key).trim());
                if (secs < 0) {
                    return new Due(0, key + " must not be negative: " + secs);
                }
                due = now + Math.multiplyExact(secs, 1000L);
            } else if (props.containsKey(MessageConst.PROPERTY_TIMER_DELAY_MS)) {
                key = MessageConst.PROPERTY_TIMER_DELAY_MS;
                long ms = Long.parseLong(props.get(key).trim());
                if (ms < 0) {
                    return new Due(0, key + " must not be negative: " + ms);
                }
                due = now + ms;
            } else {
                return Due.NONE;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return new Due(0, "a timer property is not a number of milliseconds/seconds: " + props);
        }
        if (due - now > maxDelayMillis) {
            return new Due(0, "the timer message is due in " + (due - now) + " ms, more than timerMaxDelaySec ("
                    + maxDelayMillis / 1000 + " s) allows; deliver it sooner or raise timerMaxDelaySec");
        }
        return new Due(Math.max(due, 1), null);
    }

    /** Records the real destination and due time in {@code props}; the message waits on the timer topic. */
    public static void redirectToTimer(Map<String, String> props, String realTopic, int realQueueId, long due) {
        props.put(MessageConst.PROPERTY_REAL_TOPIC, realTopic);
        props.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(realQueueId));
        props.put(MessageConst.PROPERTY_TIMER_OUT_MS, Long.toString(due));
    }

    /** The due time a waiting timer message carries, or -1 when it has none. */
    public static long dueOf(DecodedMessage waiting) {
        try {
            return Long.parseLong(waiting.properties().getOrDefault(MessageConst.PROPERTY_TIMER_OUT_MS, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The copy delivered to the real topic and queue when the waiting message is due. */
    public static MessageToStore delivered(DecodedMessage waiting, InetSocketAddress storeHost, long now) {
        Map<String, String> props = new LinkedHashMap<>(waiting.properties());
        String topic = props.remove(MessageConst.PROPERTY_REAL_TOPIC);
        int queueId;
        try {
            queueId = Integer.parseInt(props.remove(MessageConst.PROPERTY_REAL_QUEUE_ID));
        } catch (NumberFormatException e) {
            queueId = 0;
        }
        props.put(MessageConst.PROPERTY_TIMER_DEQUEUE_MS, Long.toString(now));
        props.put(PROPERTY_TIMER_SOURCE, Long.toString(waiting.commitLogOffset()));
        return new MessageToStore(topic == null ? TopicNames.TIMER_TOPIC : topic, queueId, waiting.flag(),
                ByteBuffer.wrap(waiting.body()), MessageProperties.encode(props), waiting.sysFlag(),
                waiting.bornTimestamp(), waiting.bornHost(), storeHost, waiting.reconsumeTimes(), 0L);
    }
}
