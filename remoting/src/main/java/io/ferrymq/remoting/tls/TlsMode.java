package io.ferrymq.remoting.tls;

/**
 * What a server port accepts, as Apache RocketMQ's {@code tls.server.mode} names it (docs/security.md "TLS").
 */
public enum TlsMode {
    /** Plaintext only; a TLS handshake is refused (logged, counted) and the connection closed. */
    DISABLED,
    /** Both on one port: the first bytes of each connection decide (a TLS record header starts a handshake). */
    PERMISSIVE,
    /** TLS only; a plaintext connection is refused (logged, counted) and closed. */
    ENFORCING
}
