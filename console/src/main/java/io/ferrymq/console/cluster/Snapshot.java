package io.ferrymq.console.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the console knows of one name-server set at one moment; pages are answered from it. {@code partial} is
 * true when some call did not answer within the deadline or failed (named in {@code errors}); the figures of what
 * did answer are still there.
 */
public record Snapshot(String set, long takenAt, long tookMillis, boolean partial, List<String> errors,
                       Map<String, Set<String>> clusters, List<BrokerState> brokers, Map<String, TopicState> topics,
                       Map<String, GroupState> groups) {

    /** One broker (master or slave) of a group. */
    public record BrokerState(String cluster, String group, long brokerId, String address, boolean reachable,
                              String error, String version, double sendTps, double consumeTps, long commitLogMinOffset,
                              long commitLogMaxOffset, double diskRatio, long replicationLagBytes,
                              Map<String, String> runtime) {
    }

    /**
     * One topic. {@code messages} = sum over queues of (max - min); {@code stale} when its stats are from an
     * earlier snapshot because this one's calls did not answer.
     */
    public record TopicState(String name, boolean system, List<String> brokerGroups, int queues, long messages,
                             long maxOffsetSum, long lastStoreTime, double tps, boolean stale, String error) {
    }

    /**
     * One consumer group. {@code queuesAhead} counts queues whose committed offset is beyond the queue's end (an
     * impossible, "negative" lag, which the lag figures count as 0); {@code aheadQueues} describes the first few.
     */
    public record GroupState(String name, boolean system, Set<String> topics, long lag, long consumedSum,
                             double consumeTps, int onlineClients, long dlqDepth, boolean stale, String error,
                             int queuesAhead, List<String> aheadQueues) {
        /** A group with no committed offset beyond a queue's end. */
        public GroupState(String name, boolean system, Set<String> topics, long lag, long consumedSum,
                          double consumeTps, int onlineClients, long dlqDepth, boolean stale, String error) {
            this(name, system, topics, lag, consumedSum, consumeTps, onlineClients, dlqDepth, stale, error, 0,
                    List.of());
        }
    }

    static Snapshot empty(String set) {
        return new Snapshot(set, 0, 0, true, List.of("no snapshot taken yet"), Map.of(), List.of(), Map.of(),
                Map.of());
    }
}
