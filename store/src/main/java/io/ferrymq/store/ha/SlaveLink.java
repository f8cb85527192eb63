package io.ferrymq.store.ha;

/**
 * One slave's connection as the master's {@link SourceTransport} presents it to the {@link ReplicationSource}.
 * The transport hands the same object (or an equal one) for every request of one connection, so the source can
 * key the slave's acknowledged offset by it.
 */
public interface SlaveLink {
    /** The slave's address, ip:port, for logs and runtime info. */
    String remoteAddress();

    /** False once the connection is closed: held pulls of a closed link are dropped. */
    boolean isActive();

    /**
     * Runs {@code task} on the thread that writes this connection's answers (the transport's I/O thread), so a
     * held pull answered there leaves without another hand-off. The default runs it on the caller's thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when that thread has stopped
     */
    default void execute(Runnable task) {
        task.run();
    }
}
