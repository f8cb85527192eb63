package io.ferrymq.broker.schedule;

import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageSysFlag;

import java.util.Map;

/**
 * Redirects a message carrying a delay level to the schedule topic (docs/protocol.md 5.8): topic
 * {@code SCHEDULE_TOPIC_XXXX}, queue {@code level - 1}, with REAL_TOPIC / REAL_QID recording where it goes when
 * due. Levels above the maximum are clamped. Pure function.
 */
public final class DelayLevelTransform {
    /** Where a message is stored. */
    public record Target(String topic, int queueId) {
    }

    private DelayLevelTransform() {
    }

    /** The delay level in the properties, 0 when absent or not a positive number. */
    public static int delayLevel(Map<String, String> props) {
        return delayLevel(props.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL));
    }

    /** The delay level a DELAY property value asks for (null: absent), 0 when not a positive number. */
    public static int delayLevel(String d) {
        if (d == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(d.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * If the message is delayed (level &gt; 0, not a prepared or rolled-back transaction), rewrites
     * {@code props} (REAL_TOPIC, REAL_QID, clamped DELAY) and returns the schedule target; else returns the
     * original target.
     */
    public static Target apply(String topic, int queueId, int sysFlag, Map<String, String> props, int maxLevel) {
        int level = delayLevel(props);
        int tx = MessageSysFlag.transactionValue(sysFlag);
        if (level <= 0 || (tx != MessageSysFlag.TRANSACTION_NOT_TYPE && tx != MessageSysFlag.TRANSACTION_COMMIT_TYPE)) {
            return new Target(topic, queueId);
        }
        if (level > maxLevel) {
            level = maxLevel;
            props.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(level));
        }
        props.put(MessageConst.PROPERTY_REAL_TOPIC, topic);
        props.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(queueId));
        return new Target(TopicNames.SCHEDULE_TOPIC, level - 1);
    }
}
