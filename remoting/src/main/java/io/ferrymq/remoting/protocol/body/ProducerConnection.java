package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Set;

/**
 * GET_PRODUCER_CONNECTION_LIST body: {"connectionSet":[Connection...]}.
 */
public class ProducerConnection {
    private HashSet<Connection> connectionSet = new HashSet<>();

    public ProducerConnection() {
    }

    public HashSet<Connection> getConnectionSet() {
        return connectionSet;
    }

    public void setConnectionSet(HashSet<Connection> connectionSet) {
        this.connectionSet = connectionSet;
    }

    @Override
    public String toString() {
        return "ProducerConnection{" + "connectionSet=" + connectionSet + '}';
    }
}
