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
}
