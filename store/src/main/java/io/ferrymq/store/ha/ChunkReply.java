package io.ferrymq.store.ha;

import java.nio.ByteBuffer;

/**
 * The master's answer to an {@code HA_PULL} or {@code HA_READ} (see {@link ReplicationProtocol}), as the replication
 * logic sees it whatever the transport: a code, and for {@link ReplicationProtocol#SUCCESS} the commit-log bytes
 * {@code [offset, offset + bytes.remaining())}.
 *
 * @param code            {@link ReplicationProtocol#SUCCESS}, {@link ReplicationProtocol#OFFSET_OUT_OF_RANGE} or
 *                        any other code a transport reports (the sink treats those as failures)
 * @param remark          why, for codes other than SUCCESS (may be null)
 * @param offset          commit-log offset of the first byte; -1 when the answer carried none
 * @param masterMinOffset the master's earliest retained commit-log offset; -1 when the answer carried none
 * @param masterMaxOffset the master's commit-log end; -1 when the answer carried none
 * @param bytes           the commit-log bytes (never null; empty when idle or not SUCCESS)
 */
public record ChunkReply(int code, String remark, long offset, long masterMinOffset, long masterMaxOffset,
                         ByteBuffer bytes) {
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);

    public ChunkReply {
        bytes = bytes == null ? NONE.duplicate() : bytes;
    }

    /** SUCCESS with {@code bytes} (possibly empty) starting at {@code offset}. */
    public static ChunkReply success(long offset, long masterMin, long masterMax, ByteBuffer bytes) {
        return new ChunkReply(ReplicationProtocol.SUCCESS, null, offset, masterMin, masterMax, bytes);
    }

    /** OFFSET_OUT_OF_RANGE: {@code offset} is not within [masterMin, masterMax]. */
    public static ChunkReply outOfRange(long offset, long masterMin, long masterMax) {
        return new ChunkReply(ReplicationProtocol.OFFSET_OUT_OF_RANGE, "offset " + offset
                + " is outside the master's commit log [" + masterMin + ", " + masterMax + "]", -1, masterMin,
                masterMax, null);
    }

    /** MASTER_BEHIND: the master ends at {@code masterMax}, below the slave's {@code offset}, and restores from it. */
    public static ChunkReply masterBehind(long offset, long masterMin, long masterMax) {
        return new ChunkReply(ReplicationProtocol.MASTER_BEHIND, "the master's commit log ends at " + masterMax
                + ", below this slave's " + offset + ": send it the rest (HA_PUSH)", -1, masterMin, masterMax, null);
    }

    /** PUSH_REFUSED with the reason; the master's end as it stands. */
    public static ChunkReply pushRefused(String why, long masterMin, long masterMax) {
        return new ChunkReply(ReplicationProtocol.PUSH_REFUSED, why, -1, masterMin, masterMax, null);
    }

    public boolean isSuccess() {
        return code == ReplicationProtocol.SUCCESS;
    }
}
