package io.ferrymq.store.ha;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * The slave side's network binding: sends {@code HA_PULL} and {@code HA_READ} requests (see
 * {@link ReplicationProtocol}) to a master's replication address and returns its answer. The store knows nothing
 * of the wire; the broker supplies the remoting-based implementation. Called from the sink's single thread, and
 * for {@link #pullOnIoThread} from the transport's I/O thread while that loop runs.
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

    /**
     * Starts the same pull as {@link #pull} without waiting: {@code then} gets the answer (or the failure, as the
     * second argument) on the transport's I/O thread, from which the sink appends the bytes and starts the next
     * pull at once, so a steady replication round crosses no thread of its own. Returns false, and calls nothing,
     * when the transport cannot (no live, greeted connection to {@code masterAddress}, or no such mode): the sink
     * then uses {@link #pull} on its own thread. {@code then} is called at most once per call that returned true.
     */
    default boolean pullOnIoThread(String masterAddress, long offset, int maxBytes, long holdMillis,
                                   long timeoutMillis, BiConsumer<ChunkReply, Throwable> then) {
        return false;
    }

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
