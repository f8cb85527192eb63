package io.ferrymq.remoting.protocol.body;

import io.ferrymq.remoting.LanguageCode;
import java.util.Objects;

/**
 * One client connection as the broker reports it in ConsumerConnection / ProducerConnection (docs/protocol.md 4.5).
 */
public class Connection {
    private String clientId;
    /** Remote address of the connection, ip:port. */
    private String clientAddr;
    /** Language from the heartbeat request frame. */
    private LanguageCode language;
    /** Version ordinal from the heartbeat request frame. */
    private int version;

    public Connection() {
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientAddr() {
        return clientAddr;
    }

    public void setClientAddr(String clientAddr) {
        this.clientAddr = clientAddr;
    }

    public LanguageCode getLanguage() {
        return language;
    }

    public void setLanguage(LanguageCode language) {
        this.language = language;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Connection other)) {
            return false;
        }
        return Objects.equals(clientId, other.clientId)
                && Objects.equals(clientAddr, other.clientAddr)
                && Objects.equals(language, other.language)
                && version == other.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, clientAddr, language, version);
    }

    @Override
    public String toString() {
        return "Connection{" + "clientId=" + clientId + ", clientAddr=" + clientAddr + ", language=" + language
                + ", version=" + version + '}';
    }
}
