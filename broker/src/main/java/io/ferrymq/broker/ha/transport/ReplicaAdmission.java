package io.ferrymq.broker.ha.transport;

import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.acl.AccessGate;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.ha.ReplicationProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The master's door on its replication port: a connection gets commit-log bytes only after an
 * {@code HA_HANDSHAKE} naming this master's cluster and broker group with a slave's id, signed by an admin account
 * of the ACL file when ACL is on (the broker's inner account, {@code innerAccessKey}). Anything else asked on a
 * connection not admitted is refused with NO_PERMISSION and a remark saying what to do, counted as the fault
 * {@value #FAULT_STRANGER} and logged (at most one line a second). Admission lasts as long as the connection.
 *
 * <p>Threading: called on the replication server's I/O threads; the set of admitted connections is concurrent.
 */
public final class ReplicaAdmission {
    private static final Logger log = LoggerFactory.getLogger(ReplicaAdmission.class);
    /** Count: requests refused on the replication port (no handshake, wrong group, bad signature). */
    public static final String FAULT_STRANGER = "ha.stranger_refused";

    private final ReplicaIdentity master;
    private final AccessGate gate;
    private final FaultRegistry faults;
    private final Set<RemotingChannel> admitted = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong();

    /**
     * @param master this master's identity (its id is not checked against anything)
     * @param gate   the broker's ACL gate, checking the handshake's signature when ACL is on; null: no ACL
     */
    public ReplicaAdmission(ReplicaIdentity master, AccessGate gate, FaultRegistry faults) {
        this.master = master;
        this.gate = gate;
        this.faults = faults;
    }

    /** Answers an HA_HANDSHAKE: SUCCESS and the connection admitted, or the refusal. */
    RemotingCommand handshake(RemotingChannel channel, RemotingCommand request) {
        String cluster = request.extFields() == null ? null : request.extFields().get(ReplicationProtocol.CLUSTER);
        String name = request.extFields() == null ? null : request.extFields().get(ReplicationProtocol.BROKER_NAME);
        String id = request.extFields() == null ? null : request.extFields().get(ReplicationProtocol.BROKER_ID);
        String claim = cluster + "/" + name + "/" + id;
        if (gate != null && gate.aclEnabled()) {
            RemotingCommand aclRefusal = gate.admit(channel, request);
            if (aclRefusal != null) {
                return refuse(channel, "handshake of " + claim + " refused: " + aclRefusal.remark()
                        + " (a slave signs with innerAccessKey/innerSecretKey, an admin account)");
            }
        }
        if (!master.cluster().equals(cluster) || !master.brokerName().equals(name)) {
            return refuse(channel, "handshake of " + claim + " refused: this replication port serves the slaves of "
                    + master.cluster() + "/" + master.brokerName() + " only (check the slave's brokerClusterName and "
                    + "brokerName)");
        }
        long brokerId;
        try {
            brokerId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            brokerId = -1;
        }
        if (brokerId <= 0) {
            return refuse(channel, "handshake of " + claim + " refused: brokerId must be a slave's (> 0)");
        }
        if (admitted.add(channel)) {
            log.info("replication: admitted slave {}/{} id {} from {}", cluster, name, brokerId,
                    channel.remoteAddress());
        }
        return RemotingCommand.response(ReplicationProtocol.SUCCESS, null);
    }

    /** Null when the connection was admitted, else the refusal to send instead of commit-log bytes. */
    RemotingCommand refusalFor(RemotingChannel channel, RemotingCommand request) {
        if (admitted.contains(channel)) {
            return null;
        }
        return refuse(channel, "request code " + request.code() + " refused: this replication port ("
                + master.cluster() + "/" + master.brokerName() + ") ships commit-log bytes only to its own slaves "
                + "after an HA_HANDSHAKE (" + ReplicationProtocol.HA_HANDSHAKE + ") on the same connection");
    }

    /** Forgets a closed connection. */
    void onClose(RemotingChannel channel) {
        admitted.remove(channel);
    }

    private RemotingCommand refuse(RemotingChannel channel, String why) {
        long n = refused.incrementAndGet();
        String line = "[HA] " + why;
        faults.record(FAULT_STRANGER, line + " (from " + channel.remoteAddress() + ")");
        if (mayLog()) {
            log.warn("replication: refused {} ({} refused so far; at most one line a second): {}",
                    channel.remoteAddress(), n, line);
        }
        return RemotingCommand.response(ResponseCode.NO_PERMISSION, line);
    }

    private boolean mayLog() {
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        return (last == 0 || now - last >= 1_000_000_000L) && lastLogNanos.compareAndSet(last, now == 0 ? 1 : now);
    }

    /** Requests refused since start. */
    public long refused() {
        return refused.get();
    }

    /** Connections admitted now. */
    public int admittedConnections() {
        return admitted.size();
    }
}
