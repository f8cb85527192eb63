package io.ferrymq.console.alert;

import java.util.Set;

/**
 * The thing an alert is about, with the names rule and silence patterns match: the name-server set, the cluster,
 * the broker group, the broker address (broker targets), the topics (group targets) and the group.
 *
 * @param kind        group, broker or broker group
 * @param set         name-server set of the console
 * @param cluster     cluster name ("" when unknown, e.g. for a group)
 * @param brokerGroup broker group name (broker and broker-group targets; "" otherwise)
 * @param broker      broker address "ip:port" (broker targets; "" otherwise)
 * @param topics      the group's topics (group targets; empty otherwise)
 * @param group       consumer group (group targets; "" otherwise)
 */
public record Target(TargetKind kind, String set, String cluster, String brokerGroup, String broker,
                     Set<String> topics, String group) {

    public Target {
        cluster = cluster == null ? "" : cluster;
        brokerGroup = brokerGroup == null ? "" : brokerGroup;
        broker = broker == null ? "" : broker;
        topics = topics == null ? Set.of() : Set.copyOf(topics);
        group = group == null ? "" : group;
    }

    public static Target group(String set, String cluster, String group, Set<String> topics) {
        return new Target(TargetKind.GROUP, set, cluster, "", "", topics, group);
    }

    public static Target broker(String set, String cluster, String brokerGroup, String address) {
        return new Target(TargetKind.BROKER, set, cluster, brokerGroup, address, Set.of(), "");
    }

    public static Target brokerGroup(String set, String cluster, String brokerGroup) {
        return new Target(TargetKind.BROKER_GROUP, set, cluster, brokerGroup, "", Set.of(), "");
    }

    /** The name people know the target by: the group, "broker-a@ip:port", or the broker group. */
    public String name() {
        return switch (kind) {
            case GROUP -> group;
            case BROKER -> brokerGroup + "@" + broker;
            case BROKER_GROUP -> brokerGroup;
        };
    }

    /** Identity of the target within the console: stable across rounds (topics are not part of it). */
    public String key() {
        return set + "/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + name();
    }
}
