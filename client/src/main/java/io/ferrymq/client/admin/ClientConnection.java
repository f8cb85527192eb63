package io.ferrymq.client.admin;

/**
 * One client connection as a broker sees it.
 *
 * @param clientId   the client's id ({@code ip@instance})
 * @param clientAddr remote address "ip:port"
 * @param language   client language
 * @param version    client version ordinal
 */
public record ClientConnection(String clientId, String clientAddr, String language, int version) {
}
