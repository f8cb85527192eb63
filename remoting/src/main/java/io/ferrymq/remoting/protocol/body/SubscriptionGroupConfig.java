package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A consumer group's broker-side settings (docs/protocol.md 4.6, 2.9): UPDATE_AND_CREATE_SUBSCRIPTIONGROUP body and
 * GET_SUBSCRIPTIONGROUP_CONFIG answer. Defaults are RocketMQ's: consume enabled, from-min and broadcast enabled,
 * 1 retry queue, 16 retries, read from broker 0, slow-consumption fallback broker 1, notify on membership
 * change, 15 minute consume timeout, CUSTOMIZED retry policy.
 */
public class SubscriptionGroupConfig {
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    private String groupName;
    private boolean consumeEnable = true;
    private boolean consumeFromMinEnable = true;
    private boolean consumeBroadcastEnable = true;
    private boolean consumeMessageOrderly;
    private int retryQueueNums = 1;
    private int retryMaxTimes = DEFAULT_RETRY_MAX_TIMES;
    private GroupRetryPolicy groupRetryPolicy = new GroupRetryPolicy();
    private long brokerId;
    private long whichBrokerWhenConsumeSlowly = 1;
    private boolean notifyConsumerIdsChangedEnable = true;
    private int groupSysFlag;
    private int consumeTimeoutMinute = 15;
    private Map<String, String> attributes = new HashMap<>();

    public SubscriptionGroupConfig() {
    }

    public SubscriptionGroupConfig(String groupName) {
        this.groupName = groupName;
    }

    public String getGroupName() {
        return groupName;
    }

    public void setGroupName(String groupName) {
        this.groupName = groupName;
    }

    public boolean isConsumeEnable() {
        return consumeEnable;
    }

    public void setConsumeEnable(boolean consumeEnable) {
        this.consumeEnable = consumeEnable;
    }

    public boolean isConsumeFromMinEnable() {
        return consumeFromMinEnable;
    }

    public void setConsumeFromMinEnable(boolean consumeFromMinEnable) {
        this.consumeFromMinEnable = consumeFromMinEnable;
    }

    public boolean isConsumeBroadcastEnable() {
        return consumeBroadcastEnable;
    }

    public void setConsumeBroadcastEnable(boolean consumeBroadcastEnable) {
        this.consumeBroadcastEnable = consumeBroadcastEnable;
    }

    public boolean isConsumeMessageOrderly() {
        return consumeMessageOrderly;
    }

    public void setConsumeMessageOrderly(boolean consumeMessageOrderly) {
        this.consumeMessageOrderly = consumeMessageOrderly;
    }

    public int getRetryQueueNums() {
        return retryQueueNums;
    }

    public void setRetryQueueNums(int retryQueueNums) {
        this.retryQueueNums = retryQueueNums;
    }

    public int getRetryMaxTimes() {
        return retryMaxTimes;
    }

    public void setRetryMaxTimes(int retryMaxTimes) {
        this.retryMaxTimes = retryMaxTimes;
    }

    public GroupRetryPolicy getGroupRetryPolicy() {
        return groupRetryPolicy;
    }

    public void setGroupRetryPolicy(GroupRetryPolicy groupRetryPolicy) {
        this.groupRetryPolicy = groupRetryPolicy;
    }

    public long getBrokerId() {
        return brokerId;
    }

    public void setBrokerId(long brokerId) {
        this.brokerId = brokerId;
    }

    public long getWhichBrokerWhenConsumeSlowly() {
        return whichBrokerWhenConsumeSlowly;
    }

    public void setWhichBrokerWhenConsumeSlowly(long whichBrokerWhenConsumeSlowly) {
        this.whichBrokerWhenConsumeSlowly = whichBrokerWhenConsumeSlowly;
    }

    public boolean isNotifyConsumerIdsChangedEnable() {
        return notifyConsumerIdsChangedEnable;
    }

    public void setNotifyConsumerIdsChangedEnable(boolean notifyConsumerIdsChangedEnable) {
        this.notifyConsumerIdsChangedEnable = notifyConsumerIdsChangedEnable;
    }

    public int getGroupSysFlag() {
        return groupSysFlag;
    }

    public void setGroupSysFlag(int groupSysFlag) {
        this.groupSysFlag = groupSysFlag;
    }

    public int getConsumeTimeoutMinute() {
        return consumeTimeoutMinute;
    }

    public void setConsumeTimeoutMinute(int consumeTimeoutMinute) {
        this.consumeTimeoutMinute = consumeTimeoutMinute;
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }

    public void setAttributes(Map<String, String> attributes) {
        this.attributes = attributes;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SubscriptionGroupConfig s)) {
            return false;
        }
        return consumeEnable == s.consumeEnable && consumeFromMinEnable == s.consumeFromMinEnable
                && consumeBroadcastEnable == s.consumeBroadcastEnable
                && consumeMessageOrderly == s.consumeMessageOrderly && retryQueueNums == s.retryQueueNums
                && retryMaxTimes == s.retryMaxTimes && brokerId == s.brokerId
                && whichBrokerWhenConsumeSlowly == s.whichBrokerWhenConsumeSlowly
                && notifyConsumerIdsChangedEnable == s.notifyConsumerIdsChangedEnable
                && groupSysFlag == s.groupSysFlag && consumeTimeoutMinute == s.consumeTimeoutMinute
                && Objects.equals(groupName, s.groupName) && Objects.equals(groupRetryPolicy, s.groupRetryPolicy)
                && Objects.equals(attributes, s.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupName, retryQueueNums, retryMaxTimes, brokerId);
    }

    @Override
    public String toString() {
        return "SubscriptionGroupConfig{groupName=" + groupName + ", consumeEnable=" + consumeEnable
                + ", consumeBroadcastEnable=" + consumeBroadcastEnable + ", retryQueueNums=" + retryQueueNums
                + ", retryMaxTimes=" + retryMaxTimes + ", brokerId=" + brokerId + ", whichBrokerWhenConsumeSlowly="
                + whichBrokerWhenConsumeSlowly + ", consumeMessageOrderly=" + consumeMessageOrderly + '}';
    }
}
