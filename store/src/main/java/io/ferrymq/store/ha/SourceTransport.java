package io.ferrymq.store.ha;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The master side's network binding: accepts slaves' connections and hands their {@code HA_PULL} and
 * {@code HA_READ} requests (see {@link ReplicationProtocol}) to a {@link Handler}, the {@link ReplicationSource}.
 * The store knows nothing of the wire; the broker supplies the remoting-based implementation.
 */
public interface SourceTransport extends AutoCloseable {
    /** Value of {@code maxBytes} when the request did not name one (the source applies its default). */
    int MAX_BYTES_NOT_GIVEN = Integer.MIN_VALUE;

    /** What the transport calls, from any of its threads; the handler never blocks it. */
    interface Handler {
        /**
         * An {@code HA_PULL}: the slave holds everything below {@code offset} and wants the bytes from there on,
         * waiting up to {@code holdMillis} for new ones. {@code reply} must be called exactly once, possibly later
         * and from another thread.
         */
        void onPull(SlaveLink link, long offset, int maxBytes, long holdMillis, Consumer<ChunkReply> reply);

        /** An {@code HA_READ}: raw bytes at {@code offset} for a divergence check; no ack, no hold. */
        void onRead(SlaveLink link, long offset, int maxBytes, Consumer<ChunkReply> reply);

        /**
         * An {@code HA_PUSH}: the slave's bytes at {@code offset} for a master restoring from it. {@code reply}
         * must be called exactly once.
         */
        void onPush(SlaveLink link, long offset, ByteBuffer bytes, Consumer<ChunkReply> reply);

        /** The connection of {@code link} closed. */
        void onDisconnected(SlaveLink link);
    }

    /** Binds and starts handing requests to {@code handler}; throws if the port cannot be bound. */
    void start(Handler handler);

    /** The bound port (useful when configured as 0); valid after {@link #start}. */
    int port();

    /** Closes every connection and releases the port. Idempotent. */
    @Override
    void close();
}
