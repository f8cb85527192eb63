package io.ferrymq.broker.topic;

import java.util.Set;

/**
 * Topic naming rules and the broker's reserved topics (RocketMQ {@code TopicValidator}, {@code MixAll}).
 */
public final class TopicNames {
    public static final String AUTO_CREATE_TOPIC_KEY = "TBW102";
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
    public static final String DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";
    public static final String REPLY_TOPIC_POSTFIX = "_REPLY_TOPIC";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /**
     * Where scheduled messages go that cannot be delivered (no REAL_TOPIC, or a REAL_QID that is not a queue
     * number): kept findable by key and id, one queue, never consumed by anyone automatically.
     */
    public static final String SCHEDULE_DEAD_LETTER_TOPIC = "FERRY_SYS_SCHEDULE_DEAD_LETTER";
    /** Timer messages wait here until due (RocketMQ's {@code TimerMessageStore.TIMER_TOPIC}). */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    /** The official client's default message-trace topic ({@code enableMsgTrace} without a custom topic). */
    public static final String DEFAULT_TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    public static final int MAX_TOPIC_LENGTH = 127;

    /** Topics clients may not send to directly. */
    private static final Set<String> NOT_ALLOWED_SEND = Set.of(SCHEDULE_TOPIC, TRANS_HALF_TOPIC, TRANS_OP_HALF_TOPIC,
            TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, OFFSET_MOVED_EVENT, SCHEDULE_DEAD_LETTER_TOPIC,
            TIMER_TOPIC);

    private TopicNames() {
    }

    /** Null when valid, else why not. */
    public static String invalidReason(String topic) {
        if (topic == null || topic.isBlank()) {
            return "the topic name is empty";
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "the topic name is longer than " + MAX_TOPIC_LENGTH + " characters";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '%' || c == '|';
            if (!ok) {
                return "the topic name '" + topic + "' contains an illegal character; allowed: letters, digits, "
                        + "'%', '|', '_' and '-'";
            }
        }
        return null;
    }

    /**
     * Topics the broker stores a message on until it goes to its REAL_TOPIC / REAL_QID (delay levels, half
     * messages, timer messages): a send answers with the real queue.
     */
    public static boolean isRedirectTopic(String topic) {
        return SCHEDULE_TOPIC.equals(topic) || TRANS_HALF_TOPIC.equals(topic) || TIMER_TOPIC.equals(topic);
    }

    public static boolean isNotAllowedSend(String topic) {
        return NOT_ALLOWED_SEND.contains(topic);
    }

    public static String retryTopic(String group) {
        return RETRY_GROUP_TOPIC_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_GROUP_TOPIC_PREFIX + group;
    }

    public static String replyTopic(String cluster) {
        return cluster + REPLY_TOPIC_POSTFIX;
    }

    public static boolean isRetryTopic(String topic) {
        return topic != null && topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
    }

    public static boolean isDlqTopic(String topic) {
        return topic != null && topic.startsWith(DLQ_GROUP_TOPIC_PREFIX);
    }

    /** The group of a {@code %RETRY%} or {@code %DLQ%} topic, else null. */
    public static String groupOf(String topic) {
        if (isRetryTopic(topic)) {
            return topic.substring(RETRY_GROUP_TOPIC_PREFIX.length());
        }
        if (isDlqTopic(topic)) {
            return topic.substring(DLQ_GROUP_TOPIC_PREFIX.length());
        }
        return null;
    }
}
