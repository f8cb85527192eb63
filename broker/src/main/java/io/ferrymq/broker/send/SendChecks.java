package io.ferrymq.broker.send;

import io.ferrymq.broker.Rejection;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.nio.charset.StandardCharsets;

/**
 * Validation of every send (docs/protocol.md 2.4), in the official order, each failure a clear code and remark:
 * broker writable, topic name, reserved topic, properties size, body size, topic known (or retry / auto-created),
 * topic writable, queue id. Thread-safe, no I/O except topic creation.
 */
public final class SendChecks {
    /** Either the topic to write to or why not. */
    public record Outcome(TopicConfig topic, Rejection rejection) {
        public boolean ok() {
            return rejection == null;
        }

        static Outcome reject(int code, String remark) {
            return new Outcome(null, new Rejection(code, remark));
        }
    }

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final TopicCreator creator;
    private final SubscriptionGroupTable groups;

    public SendChecks(BrokerConfig config, TopicConfigTable topics, TopicCreator creator,
                      SubscriptionGroupTable groups) {
        this.config = config;
        this.topics = topics;
        this.creator = creator;
        this.groups = groups;
    }

    /** Checks that apply before anything is decoded: broker role and permission. */
    public Rejection checkBrokerWritable() {
        if (!config.brokerRole().isMaster()) {
            return new Rejection(ResponseCode.NO_PERMISSION, "broker " + config.brokerName() + " (id "
                    + config.brokerId() + ") is a SLAVE and does not accept writes; send to the master (id 0)");
        }
        if (!Perm.isWriteable(config.brokerPermission())) {
            return new Rejection(ResponseCode.NO_PERMISSION, "the broker[" + config.brokerName()
                    + "] sending message is forbidden (brokerPermission " + config.brokerPermission() + ")");
        }
        return null;
    }

    /**
     * @param bodyLength total body bytes (for a batch: the whole batch body)
     */
    public Outcome check(SendRequestHeader h, int bodyLength) {
        Rejection r = checkBrokerWritable();
        if (r != null) {
            return new Outcome(null, r);
        }
        String topic = h.topic();
        if (topic.length() > TopicNames.MAX_TOPIC_LENGTH) {
            return Outcome.reject(ResponseCode.MESSAGE_ILLEGAL, "the topic name is longer than "
                    + TopicNames.MAX_TOPIC_LENGTH + " characters: " + topic.length());
        }
        String bad = TopicNames.invalidReason(topic);
        if (bad != null) {
            return Outcome.reject(ResponseCode.INVALID_PARAMETER, bad);
        }
        if (TopicNames.isNotAllowedSend(topic)) {
            return Outcome.reject(ResponseCode.NO_PERMISSION, "sending message to topic[" + topic
                    + "] is forbidden: it is a system topic");
        }
        int propLen = h.properties() == null ? 0 : h.properties().getBytes(StandardCharsets.UTF_8).length;
        if (propLen > MessageProperties.MAX_ENCODED_LENGTH) {
            return Outcome.reject(ResponseCode.MESSAGE_ILLEGAL, "the message properties are " + propLen
                    + " bytes, more than the limit " + MessageProperties.MAX_ENCODED_LENGTH);
        }
        if (bodyLength > config.maxMessageSize()) {
            return Outcome.reject(ResponseCode.MESSAGE_ILLEGAL, "the message body is " + bodyLength
                    + " bytes, more than maxMessageSize " + config.maxMessageSize() + " of broker "
                    + config.brokerName());
        }
        TopicConfig tc = topics.get(topic);
        if (tc == null && TopicNames.isRetryTopic(topic)) {
            SubscriptionGroupConfig g = groups.getOrCreate(TopicNames.groupOf(topic));
            if (g == null) {
                return Outcome.reject(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group "
                        + TopicNames.groupOf(topic) + " does not exist on broker " + config.brokerName()
                        + " and autoCreateSubscriptionGroup is off; create it first");
            }
            tc = creator.retryTopic(g);
        }
        if (tc == null && TopicNames.isDlqTopic(topic)) {
            tc = creator.dlqTopic(TopicNames.groupOf(topic));
        }
        if (tc == null) {
            tc = creator.autoCreate(topic, h.defaultTopic(), h.defaultTopicQueueNums());
        }
        if (tc == null) {
            return Outcome.reject(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist on broker "
                    + config.brokerName() + ", apply first please! (create it with mqadmin updateTopic, "
                    + "or enable autoCreateTopicEnable)");
        }
        if (!Perm.isWriteable(tc.perm())) {
            return Outcome.reject(ResponseCode.NO_PERMISSION, "the topic[" + topic
                    + "] is not writable (perm " + tc.perm() + ")");
        }
        if (h.queueId() >= tc.maxQueueNums()) {
            return Outcome.reject(ResponseCode.INVALID_PARAMETER, "request queueId[" + h.queueId()
                    + "] is illegal, topic " + topic + " has " + tc.writeQueueNums() + " write queues and "
                    + tc.readQueueNums() + " read queues");
        }
        return new Outcome(tc, null);
    }
}
