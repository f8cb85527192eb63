package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * String to string table body ({"table":{"k":"v"}}): GET_KVLIST_BY_NAMESPACE, GET_BROKER_RUNTIME_INFO, the
 * ORDER_TOPIC_CONFIG namespace in the REGISTER_BROKER response.
 */
public class KVTable {
    private HashMap<String, String> table = new HashMap<>();

    public KVTable() {
    }

    public KVTable(java.util.Map<String, String> table) {
        this.table = new HashMap<>(table);
    }

    public HashMap<String, String> getTable() {
        return table;
    }

    public void setTable(HashMap<String, String> table) {
        this.table = table;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KVTable other)) {
            return false;
        }
        return Objects.equals(table, other.table);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table);
    }

    @Override
    public String toString() {
        return "KVTable{" + "table=" + table + '}';
    }
}
