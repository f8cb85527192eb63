package io.ferrymq.it.fault;

import io.ferrymq.it.ha.ProcessCluster;
import io.ferrymq.it.ha.ProcessCluster.BrokerNode;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.store.ha.ReplicationProtocol;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fault 13: a peer on a master's replication port that is not a real slave. It passes the replication handshake
 * the way an insider could without ACL (naming the group and a slave id nobody uses), then every 100 ms pulls with
 * an offset 1 GiB beyond the master's commit-log end, i.e. claims to hold bytes the master never had; a master that counted
 * it as a replica would answer SYNC_MASTER sends SEND_OK with no slave holding them. Records how the master
 * answered (by response code).
 *
 * <p>Threading: one thread, {@code fault-rogue-peer}, owns the connection; {@link #close()} ends it (bounded).
 */
final class RoguePeer implements AutoCloseable {
    static final long CLAIM_BEYOND = 1L << 30;
    private static final String ROGUE_BROKER_ID = "9";
    private final ProcessCluster cluster;
    private final BrokerNode master;
    private final RemotingClient client = new RemotingClient(new RemotingClientConfig().name("fault-rogue-peer"));
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RoguePeer(ProcessCluster cluster, BrokerNode master) {
        this.cluster = cluster;
        this.master = master;
        this.thread = new Thread(this::run, "fault-rogue-peer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        String haAddress = master.host + ":" + master.haPort;
        while (running) {
            long end = Math.max(0, cluster.commitLogMaxOffset(master));
            try {
                // on the connection in use (re-sent each round: the master may have restarted since the last one)
                client.invokeSync(haAddress, RemotingCommand.request(ReplicationProtocol.HA_HANDSHAKE)
                        .putExt(ReplicationProtocol.CLUSTER, ProcessCluster.CLUSTER)
                        .putExt(ReplicationProtocol.BROKER_NAME, master.brokerName)
                        .putExt(ReplicationProtocol.BROKER_ID, ROGUE_BROKER_ID), 3000);
                RemotingCommand resp = client.invokeSync(haAddress, RemotingCommand.request(ReplicationProtocol.HA_PULL)
                        .putExt(ReplicationProtocol.OFFSET, Long.toString(end + CLAIM_BEYOND))
                        .putExt(ReplicationProtocol.MAX_BYTES, "1024")
                        .putExt(ReplicationProtocol.HOLD_MILLIS, "500"), 3000);
                answers.merge(resp.code() == ReplicationProtocol.OFFSET_OUT_OF_RANGE ? "OFFSET_OUT_OF_RANGE"
                        : "code " + resp.code(), 1, Integer::sum);
            } catch (Exception e) {
                answers.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // pacing of the claims, not a wait
        }
    }

    /** How the master answered the claims, by response code or exception. */
    Map<String, Integer> answers() {
        return new TreeMap<>(answers);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
    }
}
