package io.ferrymq.client.admin;

import java.util.Map;
import java.util.Set;

/**
 * Clusters and broker groups known to the name server.
 *
 * @param clusters cluster name → broker group names
 * @param brokers  broker group name → group
 */
public record ClusterView(Map<String, Set<String>> clusters, Map<String, BrokerGroup> brokers) {
}
