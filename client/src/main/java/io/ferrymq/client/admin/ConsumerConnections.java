package io.ferrymq.client.admin;

import java.util.Map;
import java.util.Set;

/**
 * The online consumers of a group and what they subscribe.
 *
 * @param connections      one entry per client connection
 * @param messageModel     CLUSTERING or BROADCASTING
 * @param consumeType      CONSUME_PASSIVELY (push) or CONSUME_ACTIVELY (pull)
 * @param consumeFromWhere start policy
 * @param subscriptions    topic → tag expression
 */
public record ConsumerConnections(Set<ClientConnection> connections, String messageModel, String consumeType,
                                  String consumeFromWhere, Map<String, String> subscriptions) {
}
