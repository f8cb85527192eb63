package io.ferrymq.console.alert.signal;

/**
 * The last consumer the console saw online in a group (for hints: "its last consumer was ... at ...").
 *
 * @param set        name-server set
 * @param group      consumer group
 * @param clientId   the client's id ({@code ip@instance})
 * @param clientAddr the connection's address "ip:port"
 * @param clients    how many were online then
 * @param seenAt     wall time it was seen online
 */
public record LastConsumer(String set, String group, String clientId, String clientAddr, int clients, long seenAt) {
    String key() {
        return set + "/" + group;
    }
}
