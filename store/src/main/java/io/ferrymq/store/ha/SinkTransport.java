package io.ferrymq.store.ha;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The slave side's network binding: sends {@code HA_PULL} and {@code HA_READ} requests (see
 * {@link ReplicationProtocol}) to a master's replication address and returns its answer. The store knows nothing
 * of the wire; the broker supplies the remoting-based implementation. Called from the sink's single thread.
 */
public interface SinkTransport extends AutoCloseable {
    /**
     * Pulls from {@code offset} on (which also acknowledges everything below it), letting the master hold the
     * request up to {@code holdMillis} while it has nothing new.
     *
     * @throws IOException when the master cannot be reached or does not answer within {@code timeoutMillis}
     */
    ChunkReply pull(String masterAddress, long offset, int maxBytes, long holdMillis, long timeoutMillis)
            throws IOException, InterruptedException;

    /** Reads the master's bytes at {@code offset} without acknowledging anything. */
    ChunkReply read(String masterAddress, long offset, int maxBytes, long timeoutMillis)
            throws IOException, InterruptedException;

    /**
     * Sends this slave's commit-log bytes {@code [offset, offset + bytes.remaining())} to a master that answered
     * MASTER_BEHIND; the answer is SUCCESS with the master's new end, or PUSH_REFUSED with the reason.
     */
    ChunkReply push(String masterAddress, long offset, ByteBuffer bytes, long timeoutMillis)
            throws IOException, InterruptedException;

    /** Drops the connection to {@code masterAddress}, if any; the next call reconnects. */
    void disconnect(String masterAddress);

    /** Closes every connection; calls in progress fail. Idempotent. */
    @Override
    void close();
}
