package io.ferrymq.broker.wire;

import io.ferrymq.broker.client.Subscription;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.topic.DataVersion;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import io.ferrymq.remoting.protocol.body.TopicFilterType;

import java.util.HashMap;
import java.util.HashSet;

/**
 * Converts between the broker's own immutable models and the protocol's JSON body beans. The broker persists
 * its models in its own files; only these conversions know the wire beans.
 */
public final class WireBodies {
    private WireBodies() {
    }

    public static Subscription subscription(SubscriptionData d) {
        return Subscription.of(d.getTopic(), d.getSubString(), d.getExpressionType(), d.getSubVersion());
    }

    public static SubscriptionData subscriptionData(Subscription s) {
        SubscriptionData d = new SubscriptionData();
        d.setTopic(s.topic());
        d.setSubString(s.subString());
        d.setExpressionType(s.expressionType());
        d.setTagsSet(new HashSet<>(s.tags()));
        d.setCodeSet(new HashSet<>(s.codes()));
        d.setSubVersion(s.subVersion());
        return d;
    }

    public static io.ferrymq.remoting.protocol.body.TopicConfig topicConfig(TopicConfig t) {
        io.ferrymq.remoting.protocol.body.TopicConfig w = new io.ferrymq.remoting.protocol.body.TopicConfig();
        w.setTopicName(t.topicName());
        w.setReadQueueNums(t.readQueueNums());
        w.setWriteQueueNums(t.writeQueueNums());
        w.setPerm(t.perm());
        w.setTopicFilterType(TopicConfig.MULTI_TAG.equals(t.topicFilterType()) ? TopicFilterType.MULTI_TAG
                : TopicFilterType.SINGLE_TAG);
        w.setTopicSysFlag(t.topicSysFlag());
        w.setOrder(t.order());
        w.setAttributes(new HashMap<>(t.attributes()));
        return w;
    }

    public static io.ferrymq.remoting.protocol.body.DataVersion dataVersion(DataVersion v) {
        return new io.ferrymq.remoting.protocol.body.DataVersion(v.stateVersion(), v.timestamp(), v.counter());
    }

    public static io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig groupConfig(SubscriptionGroupConfig c) {
        io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig w =
                new io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig();
        w.setGroupName(c.groupName());
        w.setConsumeEnable(c.consumeEnable());
        w.setConsumeFromMinEnable(c.consumeFromMinEnable());
        w.setConsumeBroadcastEnable(c.consumeBroadcastEnable());
        w.setConsumeMessageOrderly(c.consumeMessageOrderly());
        w.setRetryQueueNums(c.retryQueueNums());
        w.setRetryMaxTimes(c.retryMaxTimes());
        w.setBrokerId(c.brokerId());
        w.setWhichBrokerWhenConsumeSlowly(c.whichBrokerWhenConsumeSlowly());
        w.setNotifyConsumerIdsChangedEnable(c.notifyConsumerIdsChangedEnable());
        w.setGroupSysFlag(c.groupSysFlag());
        w.setConsumeTimeoutMinute(c.consumeTimeoutMinute());
        w.setAttributes(new HashMap<>(c.attributes()));
        return w;
    }

    public static SubscriptionGroupConfig groupConfig(io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig w) {
        return new SubscriptionGroupConfig(w.getGroupName(), w.isConsumeEnable(), w.isConsumeFromMinEnable(),
                w.isConsumeBroadcastEnable(), w.isConsumeMessageOrderly(), w.getRetryQueueNums(), w.getRetryMaxTimes(),
                w.getBrokerId(), w.getWhichBrokerWhenConsumeSlowly(), w.isNotifyConsumerIdsChangedEnable(),
                w.getGroupSysFlag(), w.getConsumeTimeoutMinute(), w.getAttributes());
    }
}
