package io.ferrymq.remoting.tls;

import io.netty.handler.ssl.ClientAuth;

import java.nio.file.Path;

/**
 * Whether a server's TLS ports ask clients for a certificate (mutual TLS), and which CA certificates such a client
 * certificate must chain to. RocketMQ calls the same settings {@code tls.server.need.client.auth} (none / optional /
 * require) and {@code tls.server.trustCertPath}.
 *
 * @param auth      NONE: no client certificate asked; OPTIONAL: asked, and checked when one is sent; REQUIRE: a
 *                  handshake without a trusted client certificate fails
 * @param trustFile PEM certificates (the CA that signs client certificates); required unless {@code auth} is NONE
 */
public record ClientCertificates(ClientAuth auth, Path trustFile) {
    /** No client certificates: plain server-authenticated TLS. */
    public static final ClientCertificates NONE = new ClientCertificates(ClientAuth.NONE, null);

    public ClientCertificates {
        if (auth == null) {
            throw new IllegalArgumentException("client authentication mode is null");
        }
        if (auth != ClientAuth.NONE && trustFile == null) {
            throw new IllegalArgumentException("tlsServerNeedClientAuth " + auth + " needs tlsServerTrustCertPath: "
                    + "the PEM certificate(s) of the CA that signs client certificates");
        }
    }

    /** Whether clients are asked for a certificate at all. */
    public boolean asked() {
        return auth != ClientAuth.NONE;
    }
}
