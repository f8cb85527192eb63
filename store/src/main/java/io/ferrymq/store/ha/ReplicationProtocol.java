package io.ferrymq.store.ha;

/**
 * The master–slave replication protocol, spoken on the master's {@code haListenPort} with FerryMQ's remoting
 * frames (JSON headers, raw commit-log bytes as the body). It is FerryMQ's own, not RocketMQ's HA protocol. The
 * store's logic sees it only through {@link SourceTransport}/{@link SinkTransport} and {@link ChunkReply}; the
 * remoting binding that writes these frames is {@code io.ferrymq.broker.ha.transport}.
 *
 * <pre>
 *  slave                                              master
 *    | -- HA_HANDSHAKE brokerClusterName brokerName  --> |  once per connection, before anything else: names
 *    |                 brokerId (signed when ACL on)      |  the slave's group (the master's own) and its id
 *    | <-- SUCCESS, or NO_PERMISSION + remark          --|  refused: nothing else is served on the connection
 *    | -- HA_PULL  offset=O maxBytes=M holdMillis=H -->  |  O = slave's commit-log end = everything below O is
 *    |                                                   |  stored on the slave (this is the slave's ack)
 *    | <-- SUCCESS offset=O masterMin masterMax        --|  body: commit-log bytes [O, O+n), whole entries,
 *    |            body=[O, O+n)                          |  never across a segment; empty after H ms idle
 *    | <-- OFFSET_OUT_OF_RANGE masterMin masterMax     --|  O is past the master's end (divergence) or below
 *    |                                                   |  its earliest retained byte
 *    | -- HA_READ  offset=O maxBytes=M ------------------>|  raw read for divergence checks: no ack, no hold
 *    |                                                   |
 *    |   restore: a master restarted behind its slave (its store lost or cut), before it took any put
 *    | <-- MASTER_BEHIND masterMin masterMax (to HA_PULL)--|  O > masterMax and the master's log is a prefix of
 *    |                                                   |  the slave's: the master holds puts, asks for the rest
 *    | -- HA_PUSH  offset=masterMax body=[masterMax, +n) ->|  the slave's own bytes, whole entries, one segment
 *    | <-- SUCCESS masterMax=new end, or an error        --|  until the master's end is the slave's; the slave's
 *    |                                                   |  next HA_PULL at its end ends the restore
 * </pre>
 */
public final class ReplicationProtocol {
    /** Slave pulls bytes from its end offset on; the offset also acknowledges what the slave holds. */
    public static final int HA_PULL = 30001;
    /** Slave reads master bytes at an offset to compare them with its own (divergence check). */
    public static final int HA_READ = 30002;
    /**
     * Slave names its cluster, broker group and id; the master serves HA_PULL and HA_READ only on a connection
     * whose handshake it accepted (and, with ACL on, that an admin account signed).
     */
    public static final int HA_HANDSHAKE = 30003;
    /** Slave sends its own commit-log bytes to a master restoring from it (answering MASTER_BEHIND). */
    public static final int HA_PUSH = 30004;

    public static final int SUCCESS = 0;
    /** The requested offset is not within [masterMin, masterMax]. */
    public static final int OFFSET_OUT_OF_RANGE = 30101;
    /** Answer to HA_PULL: the master holds less than the slave and restores the rest from it (send HA_PUSH). */
    public static final int MASTER_BEHIND = 30102;
    /** Answer to HA_PUSH the master could not take (not restoring from this connection, or a bad chunk). */
    public static final int PUSH_REFUSED = 30103;

    public static final String OFFSET = "offset";
    public static final String MAX_BYTES = "maxBytes";
    public static final String HOLD_MILLIS = "holdMillis";
    public static final String MASTER_MIN = "masterMinOffset";
    public static final String MASTER_MAX = "masterMaxOffset";
    public static final String CLUSTER = "brokerClusterName";
    public static final String BROKER_NAME = "brokerName";
    public static final String BROKER_ID = "brokerId";

    private ReplicationProtocol() {
    }
}
