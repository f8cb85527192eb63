package io.ferrymq.broker.topic;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;

/**
 * The broker's rules for creating topics it was not told about: system topics at start, {@code %RETRY%} topics
 * on heartbeat and send-back, {@code %DLQ%} topics on the first dead letter, and auto-creation from TBW102
 * (docs/protocol.md 2.4, 5.2). Thread-safe (delegates to the table's monitor).
 */
public final class TopicCreator {
    /** Queues of the cluster-name topic (RocketMQ's TopicConfig default). */
    static final int CLUSTER_TOPIC_QUEUES = 16;

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    /**
     * System topic names as GET_SYSTEM_TOPIC_LIST_FROM_BROKER reports them: every topic createSystemTopics defines,
     * plus the names RocketMQ always lists as system topics whether or not they exist here.
     */
    private final java.util.Set<String> systemTopicNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public TopicCreator(BrokerConfig config, TopicConfigTable topics) {
        this.config = config;
        this.topics = topics;
        systemTopicNames.add(TopicNames.AUTO_CREATE_TOPIC_KEY);
        systemTopicNames.add(TopicNames.DEFAULT_TRACE_TOPIC);
    }

    /** Defines the system topics (not persisted: they follow the configuration). */
    public void createSystemTopics() {
        if (config.autoCreateTopicEnable()) {
            putSystem(TopicConfig.of(TopicNames.AUTO_CREATE_TOPIC_KEY, config.defaultTopicQueueNums(),
                    Perm.INHERIT | Perm.READ | Perm.WRITE));
        } else {
            TopicConfig tbw = topics.get(TopicNames.AUTO_CREATE_TOPIC_KEY);
            if (tbw != null) {
                topics.delete(TopicNames.AUTO_CREATE_TOPIC_KEY);
            }
        }
        putSystem(TopicConfig.of(TopicNames.replyTopic(config.brokerClusterName()), 1, Perm.READ_WRITE));
        putSystem(TopicConfig.of(TopicNames.SCHEDULE_TOPIC, config.delayLevelCount(), Perm.READ_WRITE));
        putSystem(TopicConfig.of(TopicNames.SELF_TEST_TOPIC, 1, Perm.READ_WRITE));
        putSystem(TopicConfig.of(TopicNames.OFFSET_MOVED_EVENT, 1, Perm.READ_WRITE));
        putSystem(TopicConfig.of(TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, 1, Perm.READ));
        // transactions and timer messages (issue 17): one queue each, written by the broker only
        for (String t : new String[] {TopicNames.TRANS_HALF_TOPIC, TopicNames.TRANS_OP_HALF_TOPIC,
                TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, TopicNames.TIMER_TOPIC}) {
            putSystem(TopicConfig.of(t, 1, Perm.READ_WRITE));
        }
        // RocketMQ's cluster and broker topics (clusterTopicEnable/brokerTopicEnable default true): mqadmin clusterRT
        // sends to the broker topic to measure each broker group's send RT. Without the INHERIT bit, so they are
        // never templates for auto-creation.
        putSystem(TopicConfig.of(config.brokerClusterName(), CLUSTER_TOPIC_QUEUES, Perm.READ_WRITE));
        putSystem(TopicConfig.of(config.brokerName(), 1, Perm.READ_WRITE));
        if (config.traceTopicEnable()) {
            putSystem(TopicConfig.of(config.msgTraceTopicName(), 1, Perm.READ_WRITE));
        }
    }

    /** Names of the topics {@link #createSystemTopics} defined, as GET_SYSTEM_TOPIC_LIST_FROM_BROKER reports. */
    public java.util.Set<String> systemTopicNames() {
        return java.util.Collections.unmodifiableSet(systemTopicNames);
    }

    /** Defines a system topic and remembers its name for {@link #systemTopicNames()}. */
    private void putSystem(TopicConfig topic) {
        systemTopicNames.add(topic.topicName());
        topics.putSystem(topic);
    }

    /** The group's retry topic, created with the group's retryQueueNums when missing. */
    public TopicConfig retryTopic(SubscriptionGroupConfig group) {
        String name = TopicNames.retryTopic(group.groupName());
        TopicConfig tc = topics.get(name);
        if (tc != null) {
            return tc;
        }
        return topics.putIfAbsent(TopicConfig.of(name, Math.max(1, group.retryQueueNums()), Perm.READ_WRITE));
    }

    /** The group's dead-letter topic (1 queue, read/write), created when missing. */
    public TopicConfig dlqTopic(String group) {
        String name = TopicNames.dlqTopic(group);
        TopicConfig tc = topics.get(name);
        if (tc != null) {
            return tc;
        }
        return topics.putIfAbsent(TopicConfig.of(name, 1, Perm.READ_WRITE));
    }

    /**
     * Auto-creates {@code topic} from {@code defaultTopic} when that exists with the INHERIT bit (only TBW102 when
     * autoCreateTopicEnable): queues = min(requested, default's write queues), perm = default's without INHERIT.
     * Returns null when not allowed.
     */
    public TopicConfig autoCreate(String topic, String defaultTopic, int requestedQueues) {
        if (!config.autoCreateTopicEnable()) {
            return null;
        }
        TopicConfig def = topics.get(defaultTopic);
        if (def == null || !Perm.isInherited(def.perm())) {
            return null;
        }
        int queues = Math.max(1, Math.min(requestedQueues, def.writeQueueNums()));
        return topics.putIfAbsent(TopicConfig.of(topic, queues, def.perm() & ~Perm.INHERIT));
    }
}
