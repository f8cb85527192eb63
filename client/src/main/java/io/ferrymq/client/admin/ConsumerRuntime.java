package io.ferrymq.client.admin;

import java.util.Map;

/**
 * What one online consumer reports about itself (GET_CONSUMER_RUNNING_INFO, relayed by a broker).
 *
 * @param properties    settings and state, e.g. {@code consumerGroup}, {@code messageModel},
 *                      {@code PROP_CONSUMEORDERLY}, {@code cachedMessageCount}, {@code ownedQueues}
 * @param subscriptions topic → tag expression
 */
public record ConsumerRuntime(Map<String, String> properties, Map<String, String> subscriptions) {
}
