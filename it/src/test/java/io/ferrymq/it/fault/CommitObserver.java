package io.ferrymq.it.fault;

import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.it.ha.ProcessCluster.BrokerNode;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the committed offsets of the workload's groups from the brokers about once a second (from each group's
 * master, or its slave while the master does not answer) and records every change as a {@link CommitRecord}: what a
 * restarted consumer would resume from, to be checked against what was processed by then.
 *
 * <p>Threading: the {@code fault-commit-observer} worker owns {@code last}; {@link #observeOnce()} is called by the
 * test thread only after {@link #close()} or while the worker is idle between rounds (it is synchronized).
 */
final class CommitObserver implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 700;
    private final FaultCluster cluster;
    private final History history;
    private final Map<String, List<String>> topicsByGroup;
    private final Map<String, Integer> queuesPerBroker;
    private final Map<String, Long> last = new HashMap<>();
    private final DutyCycleWorker worker;

    CommitObserver(FaultCluster cluster, History history, Map<String, List<String>> topicsByGroup,
                   Map<String, Integer> queuesPerBroker) {
        this.cluster = cluster;
        this.history = history;
        this.topicsByGroup = Map.copyOf(topicsByGroup);
        this.queuesPerBroker = Map.copyOf(queuesPerBroker);
        this.worker = DutyCycleWorker.periodic("fault-commit-observer", io.ferrymq.common.Clock.SYSTEM, 1000,
                this::observeOnce, new io.ferrymq.common.fault.FaultRegistry(io.ferrymq.common.Clock.SYSTEM));
        worker.start();
    }

    /** One round over every group, topic, group of brokers and queue. */
    synchronized void observeOnce() {
        for (String brokerGroup : FaultCluster.GROUPS) {
            BrokerNode source = null;
            for (BrokerNode b : List.of(cluster.master(brokerGroup), cluster.slave(brokerGroup))) {
                if (b.jvm.isAlive() && answers(b)) {
                    source = b;
                    break;
                }
            }
            if (source == null) {
                continue;
            }
            for (Map.Entry<String, List<String>> g : topicsByGroup.entrySet()) {
                for (String topic : g.getValue()) {
                    for (int q = 0; q < queuesPerBroker.get(topic); q++) {
                        long offset = query(source, g.getKey(), topic, q);
                        String queue = Queues.key(topic, brokerGroup, q);
                        Long before = last.put(g.getKey() + "|" + queue, offset);
                        if (offset >= 0 && (before == null || before != offset)) {
                            history.commit(new CommitRecord(g.getKey(), queue, offset, System.currentTimeMillis(),
                                    source.jvm.name()));
                        }
                    }
                }
            }
        }
    }

    private boolean answers(BrokerNode b) {
        try {
            return cluster.cluster.admin.invokeSync(b.address(),
                    RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), TIMEOUT_MILLIS).code()
                    == ResponseCode.SUCCESS;
        } catch (Exception e) {
            return false;
        }
    }

    /** The committed offset, or -1 when none is stored or the broker did not answer. */
    private long query(BrokerNode b, String group, String topic, int queueId) {
        try {
            RemotingCommand resp = cluster.cluster.admin.invokeSync(b.address(),
                    RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET).putExt("consumerGroup", group)
                            .putExt("topic", topic).putExt("queueId", Integer.toString(queueId))
                            .putExt("setZeroIfNotFound", "false"), TIMEOUT_MILLIS);
            return resp.code() == ResponseCode.SUCCESS ? Long.parseLong(resp.extFields().get("offset")) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        worker.close();
    }
}
