package io.ferrymq.broker.ha;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.broker.ha.transport.RemotingSinkTransport;
import io.ferrymq.broker.ha.transport.RemotingSourceTransport;
import io.ferrymq.broker.ha.transport.ReplicaAdmission;
import io.ferrymq.broker.ha.transport.ReplicaIdentity;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.tls.ServerTls;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.broker.durability.ReplicaWait;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.schedule.ScheduleMessageService;
import io.ferrymq.broker.timer.TimerWheel;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.HARuntimeInfo;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.ha.ReplicaAck;
import io.ferrymq.store.ha.ReplicaStatus;
import io.ferrymq.store.ha.ReplicationConfig;
import io.ferrymq.store.ha.ReplicationSink;
import io.ferrymq.store.ha.ReplicationSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A broker's part in replication (issue 6), wired by {@code Broker}:
 * <ul>
 *   <li>master (ASYNC_MASTER, SYNC_MASTER): a {@link ReplicationSource} on {@code haListenPort} serving its
 *       slaves' pulls, woken after every append ({@link #onAppended()}); for SYNC_MASTER the send hook
 *       ({@link #afterPut}) holds each SUCCESS until {@code inSyncReplicas} slaves hold the bytes, at most
 *       {@code slaveAckTimeoutMillis}, without blocking a thread;</li>
 *   <li>slave: a {@link ReplicationSink} pulling from {@code haMasterAddress} or from the master the name servers
 *       name in their registration answers ({@link #onRegistration}), and a {@link SlaveMetadataSync} copying
 *       topics, groups, offsets and delay progress from the master's client port.</li>
 * </ul>
 * Both sides report their lag in {@link #runtimeInfo()} (GET_BROKER_RUNTIME_INFO) and {@link #registrationFields()}
 * (extra REGISTER_BROKER ext fields, ignored by official name servers).
 *
 * <p>Threading: the source and sink own their threads; this class only holds volatile addresses and delegates.
 */
public final class BrokerReplication implements SendReplication, ReplicaWait, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerReplication.class);

    private final BrokerConfig config;
    private final ReplicationSource source;
    private final ReplicationSink sink;
    private final MessageStore store;
    private final ReplicaAdmission admission;
    private volatile String masterAddr;
    /** A slave further behind than this is reported "Fall Behind" (RocketMQ haMaxGapNotInSync, 256 MiB). */
    static final long IN_SYNC_MAX_GAP_BYTES = 256L * 1024 * 1024;
    private volatile SlaveMetadataSync metadataSync;
    private boolean closed;

    /**
     * Builds the source (master) or sink (slave) over the remoting transports of {@code broker.ha.transport}.
     *
     * @param faults where replication faults (failed pulls, failed worker rounds, refused strangers) are counted
     * @param tls    the broker's TLS policy, also applied to the replication port (master)
     * @param gate   the broker's ACL gate: with ACL on, a slave's handshake must be signed by an admin account
     */
    public BrokerReplication(BrokerConfig config, MessageStore store, int commitLogSegmentSize, Clock clock,
                             FaultRegistry faults, ServerTls tls, AccessGate gate) {
        this.config = config;
        this.store = store;
        ReplicationConfig rc = new ReplicationConfig().bindAddress(config.bindAddress()).haListenPort(config.haListenPort())
                .haMasterAddress(config.haMasterAddress())
                .restoreWaitMillis(config.brokerRole() == BrokerRole.SYNC_MASTER ? config.haRestoreWaitMillis() : 0);
        ReplicaIdentity self = new ReplicaIdentity(config.brokerClusterName(), config.brokerName(), config.brokerId());
        if (config.brokerRole() == BrokerRole.SLAVE) {
            this.source = null;
            this.admission = null;
            this.sink = new ReplicationSink(store, commitLogSegmentSize, rc, new RemotingSinkTransport(self,
                    config.tls().outbound(), innerCredentials(config)), clock, faults);
            sink.onRestoringMaster(this::restoreMasterMetadata);
        } else {
            this.admission = new ReplicaAdmission(self, gate, faults);
            this.source = new ReplicationSource(store, rc, new RemotingSourceTransport(rc, tls, admission), clock,
                    faults);
            this.sink = null;
        }
    }

    /**
     * SYNC_MASTER with {@code haRestoreWaitMillis} > 0: refuses puts from the store's start until the replication
     * source opens its restore window ({@link #start()}), so no put lands at offsets a slave may hold already.
     */
    public static void holdPutsWhileStarting(BrokerConfig config, MessageStore store) {
        if (config.brokerRole() == BrokerRole.SYNC_MASTER && config.haRestoreWaitMillis() > 0) {
            store.holdPuts("the master is starting; retry shortly");
        }
    }

    /** The broker's inner account (signs its registrations and a slave's calls to its master), or null. */
    public static Credentials innerCredentials(BrokerConfig config) {
        return config.innerAccessKey() == null ? null
                : new Credentials(config.innerAccessKey(), config.innerSecretKey());
    }

    /** Binds the replication port (master) or starts pulling (slave, once a master address is known). */
    public BrokerReplication start() {
        if (source != null) {
            source.start();
        } else {
            sink.start();
            log.info("replication: slave {} pulls from {}", config.brokerName(),
                    sink.masterAddress() == null ? "the master named by the name servers" : sink.masterAddress());
        }
        return this;
    }

    /** Slave: starts copying the master's metadata every {@code haMetadataSyncIntervalMillis}. */
    public synchronized void startMetadataSync(TopicConfigTable topics, SubscriptionGroupTable groups,
                                               ConsumerOffsetTable offsets, ScheduleMessageService schedule,
                                               TimerWheel timers, FaultRegistry faults) {
        if (sink == null || metadataSync != null || closed) {
            return;
        }
        metadataSync = new SlaveMetadataSync(() -> masterAddr, topics, groups, offsets, schedule, timers,
                config.haMetadataSyncIntervalMillis(), faults, config.tls().outbound());
        Credentials inner = innerCredentials(config);
        if (inner != null) {
            metadataSync.signWith(inner);
        }
        metadataSync.start();
    }

    /**
     * Slave, before sending its commit log to a master that lost it: gives the master back its topics, subscription
     * groups and consumer offsets from this slave's copies, so the restored messages are served under their topics.
     */
    private void restoreMasterMetadata(String masterHaAddress) throws java.io.IOException, InterruptedException {
        SlaveMetadataSync s = metadataSync;
        String client = masterAddr;
        if (s == null || client == null) {
            throw new java.io.IOException("cannot restore master " + masterHaAddress + " yet: its client address or "
                    + "this slave's metadata sync is not known yet");
        }
        s.restoreMaster(client);
    }

    /**
     * Slave: runs a metadata-sync round now on the caller's thread; true when it reached the master (a master, with
     * nothing to sync from, answers true).
     */
    public boolean syncMetadataNow() {
        SlaveMetadataSync s = metadataSync;
        if (sink == null) {
            return true;
        }
        if (s == null) {
            return false;
        }
        long before = s.rounds();
        s.syncQuietly();
        return s.rounds() > before;
    }

    /** {@code brokerIP2:port} to register as haServerAddr (the bound port when haListenPort is 0). */
    public String haServerAddr() {
        return config.brokerIP2() + ":" + (source != null ? source.port() : config.haListenPort());
    }

    /** Master: the commit log grew (called per dispatched message; coalescing and cheap). */
    public void onAppended() {
        if (source != null) {
            source.onAppended();
        }
    }

    @Override
    public CompletableFuture<RemotingCommand> afterPut(PutResult result, RemotingCommand response) {
        if (source == null || config.brokerRole() != BrokerRole.SYNC_MASTER || result == null
                || response.code() != ResponseCode.SUCCESS || !result.status().stored()) {
            return CompletableFuture.completedFuture(response);
        }
        return awaitSlaves(result.wroteOffset() + result.wroteBytes())
                .handle((ack, err) -> SyncAck.apply(err != null ? null : ack, response, config.brokerName(),
                        config.inSyncReplicas(), config.slaveAckTimeoutMillis()));
    }

    /**
     * SYNC_MASTER: completes when {@code inSyncReplicas} slaves hold the commit log below {@code endOffset}
     * (TIMEOUT after {@code slaveAckTimeoutMillis}, NO_SLAVE when too few are connected); OK at once otherwise.
     * The send hook and every internal write ({@link io.ferrymq.broker.durability.ReplicatedPuts}) wait here.
     */
    @Override
    public CompletableFuture<ReplicaAck> awaitSlaves(long endOffset) {
        if (source == null || config.brokerRole() != BrokerRole.SYNC_MASTER) {
            return CompletableFuture.completedFuture(ReplicaAck.OK);
        }
        source.onAppended();
        return source.awaitReplicated(endOffset, config.inSyncReplicas(), config.slaveAckTimeoutMillis());
    }

    /** Slave: reads the master's client and replication addresses from a REGISTER_BROKER answer. */
    public void onRegistration(RemotingCommand response) {
        if (sink == null || response == null || response.extFields() == null) {
            return;
        }
        String m = response.extFields().get("masterAddr");
        String ha = response.extFields().get("haServerAddr");
        if (m != null && !m.isBlank() && !m.equals(masterAddr)) {
            log.info("replication: master of {} is {} (replication {})", config.brokerName(), m, ha);
            masterAddr = m;
        }
        if (config.haMasterAddress() == null && ha != null && !ha.isBlank()) {
            sink.masterAddress(ha);
        }
    }

    /** Slave: the master's client address as last named by a name server (null before). */
    public String masterAddr() {
        return masterAddr;
    }

    /** Master: connected slaves (empty on a slave). */
    public List<ReplicaStatus> slaves() {
        return source == null ? List.of() : source.slaves();
    }

    /**
     * The replication view for GET_BROKER_HA_STATUS. A slave counts as in sync while it is less than
     * {@link #IN_SYNC_MAX_GAP_BYTES} behind (RocketMQ's {@code haMaxGapNotInSync} default).
     */
    public HARuntimeInfo haStatus() {
        HARuntimeInfo info = new HARuntimeInfo();
        info.setMasterCommitLogMaxOffset(store.commitLogMaxOffset());
        if (source != null) {
            info.setMaster(true);
            int inSync = 0;
            for (ReplicaStatus s : source.slaves()) {
                HARuntimeInfo.HAConnectionRuntimeInfo c = new HARuntimeInfo.HAConnectionRuntimeInfo();
                c.setAddr(s.address());
                c.setSlaveAckOffset(s.ackOffset());
                c.setDiff(s.lagBytes());
                c.setInSync(s.lagBytes() < IN_SYNC_MAX_GAP_BYTES);
                c.setTransferredByteInSecond(s.bytesPerSecond());
                c.setTransferFromWhere(s.connectedAt());
                inSync += c.isInSync() ? 1 : 0;
                info.getHaConnectionInfo().add(c);
            }
            info.setInSyncSlaveNums(inSync);
        } else {
            HARuntimeInfo.HAClientRuntimeInfo c = info.getHaClientRuntimeInfo();
            c.setMasterAddr(masterAddr != null ? masterAddr : sink.masterAddress());
            c.setMaxOffset(store.commitLogMaxOffset());
            c.setTransferredByteInSecond(sink.bytesPerSecond());
            c.setLastReadTimestamp(sink.lastContactMillis());
            c.setLastWriteTimestamp(sink.lastContactMillis());
            c.setMasterFlushOffset(Math.max(0, sink.masterMaxOffset()));
            c.setIsActivated(sink.inContactWithin(5000));
        }
        return info;
    }

    /** Replication figures for GET_BROKER_RUNTIME_INFO. */
    public Map<String, String> runtimeInfo() {
        Map<String, String> m = registrationFields();
        if (source != null) {
            StringBuilder sb = new StringBuilder();
            for (ReplicaStatus s : source.slaves()) {
                sb.append(sb.isEmpty() ? "" : ";").append(s.address()).append(' ').append(s.ackOffset()).append(' ')
                        .append(s.lagBytes()).append(' ').append(s.lagMillis());
            }
            m.put("haSlaves", sb.toString());
            m.put("haListenPort", Integer.toString(source.port()));
            m.put("haRefusedRequests", Long.toString(admission.refused()));
            m.put("haRestoreState", source.restoreState());
        } else {
            m.put("haMasterInContact", Boolean.toString(sink.inContactWithin(5000)));
            m.put("haBytesRestoredToMaster", Long.toString(sink.pushedBytes()));
            SlaveMetadataSync sync = metadataSync;
            if (sync != null) {
                m.put("haMetadataSyncRounds", Long.toString(sync.rounds()));
                m.put("haMetadataSyncFailures", Long.toString(sync.failures()));
                m.put("haMetadataLastSyncTimestamp", Long.toString(sync.lastSuccessMillis()));
                m.put("haOffsetsPushedToMaster", Long.toString(sync.pushedOffsets()));
            }
        }
        return m;
    }

    /** Lag figures sent as extra REGISTER_BROKER ext fields. */
    public Map<String, String> registrationFields() {
        Map<String, String> m = new LinkedHashMap<>();
        if (source != null) {
            List<ReplicaStatus> slaves = source.slaves();
            long lagBytes = 0;
            long lagMillis = 0;
            for (ReplicaStatus s : slaves) {
                lagBytes = Math.max(lagBytes, s.lagBytes());
                lagMillis = Math.max(lagMillis, s.lagMillis());
            }
            m.put("haSlaveCount", Integer.toString(slaves.size()));
            m.put("haSlaveLagBytes", Long.toString(slaves.isEmpty() ? -1 : lagBytes));
            m.put("haSlaveLagMillis", Long.toString(slaves.isEmpty() ? -1 : lagMillis));
        } else {
            String addr = sink.masterAddress();
            m.put("haMasterAddress", addr == null ? "" : addr);
            m.put("haLagBytes", Long.toString(sink.lagBytes()));
        }
        return m;
    }

    /** Stops the metadata sync, then the sink or source. Idempotent. */
    @Override
    public void close() {
        SlaveMetadataSync sync;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            sync = metadataSync;
        }
        if (sync != null) {
            sync.shutdown();
        }
        if (sink != null) {
            sink.close();
        }
        if (source != null) {
            source.close();
        }
    }
}
