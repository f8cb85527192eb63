package io.ferrymq.broker.subscription;

import java.util.Map;

/**
 * Settings of one consumer group (RocketMQ {@code SubscriptionGroupConfig} field names). Immutable.
 *
 * @param retryQueueNums queues of the group's {@code %RETRY%} topic
 * @param retryMaxTimes  reconsume attempts before a message goes to the DLQ, when the client sends none
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
                                      boolean consumeBroadcastEnable, boolean consumeMessageOrderly,
                                      int retryQueueNums, int retryMaxTimes, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable,
                                      int groupSysFlag, int consumeTimeoutMinute, Map<String, String> attributes) {
    public SubscriptionGroupConfig {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The defaults RocketMQ uses for an auto-created group. */
    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, false, 1, 16, 0, 1, true, 0, 15, Map.of());
    }
}
