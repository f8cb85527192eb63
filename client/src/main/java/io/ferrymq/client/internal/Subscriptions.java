package io.ferrymq.client.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.remoting.protocol.body.SubscriptionData;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer's subscriptions: topic → tag expression ({@code *} or {@code A || B}) or SQL92 selector, with the
 * wire form sent in heartbeats and pulls, and the client-side tag re-check of pulled messages (SQL92 is evaluated
 * by the broker only). Thread-safe.
 */
public final class Subscriptions {
    private final Map<String, SubscriptionData> byTopic = new ConcurrentHashMap<>();

    /**
     * Subscribes (or replaces the expression of) {@code topic}.
     *
     * @param subVersion version stamp (wall-clock ms), newer wins on brokers
     */
    public void put(String topic, String expression, long subVersion) {
        MessageCodec.checkTopic(topic);
        String expr = expression == null || expression.isBlank() ? SubscriptionData.SUB_ALL : expression.trim();
        if (expr.contains("(") || expr.contains("=") || expr.contains(">") || expr.contains("<")) {
            throw new ClientException("'" + expr + "' is not a tag expression ('*' or 'TagA || TagB') for topic "
                + topic + "; for a condition on properties subscribe with MessageSelector.bySql(...)", false);
        }
        byTopic.put(topic, SubscriptionData.build(topic, expr, subVersion));
    }

    /** Subscribes (or replaces the selector of) {@code topic} with a TAG or SQL92 selector. */
    public void put(String topic, io.ferrymq.client.consumer.MessageSelector selector, long subVersion) {
        if (io.ferrymq.client.consumer.MessageSelector.TAG.equals(selector.type())) {
            put(topic, selector.expression(), subVersion);
            return;
        }
        MessageCodec.checkTopic(topic);
        byTopic.put(topic, SubscriptionData.build(topic, selector.expression(), selector.type(), subVersion));
    }

    /** Subscriptions the broker must accept before the consumer runs (every non-TAG one). */
    public List<SubscriptionData> needingBrokerCheck() {
        List<SubscriptionData> out = new ArrayList<>();
        for (SubscriptionData d : byTopic.values()) {
            if (!io.ferrymq.remoting.protocol.body.ExpressionType.isTagType(d.getExpressionType())) {
                out.add(d);
            }
        }
        return out;
    }

    public void remove(String topic) {
        byTopic.remove(topic);
    }

    public SubscriptionData get(String topic) {
        return byTopic.get(topic);
    }

    public Set<String> topics() {
        return byTopic.keySet();
    }

    public Set<SubscriptionData> wire() {
        return new HashSet<>(byTopic.values());
    }

    /** Whether a message passes {@code sub} by its TAGS string (the broker only compared hash codes). */
    public static boolean matches(SubscriptionData sub, String tags) {
        if (sub == null || sub.getSubString() == null || SubscriptionData.SUB_ALL.equals(sub.getSubString())
            || sub.getTagsSet() == null || sub.getTagsSet().isEmpty()) {
            return true;
        }
        return tags != null && sub.getTagsSet().contains(tags);
    }

    /** The messages of {@code in} that pass {@code sub}. */
    public static List<ReceivedMessage> filter(SubscriptionData sub, List<ReceivedMessage> in) {
        List<ReceivedMessage> out = new ArrayList<>(in.size());
        for (ReceivedMessage m : in) {
            if (matches(sub, m.tags())) {
                out.add(m);
            }
        }
        return out;
    }
}
