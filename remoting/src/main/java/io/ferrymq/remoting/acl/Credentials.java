package io.ferrymq.remoting.acl;

import java.util.Objects;

/**
 * An ACL account's access key and secret key (and an optional security token), used to sign requests.
 * {@link #toString()} never shows the secret.
 */
public record Credentials(String accessKey, String secretKey, String securityToken) {
    public Credentials {
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("ACL accessKey must not be empty");
        }
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("ACL secretKey of access key '" + accessKey + "' must not be empty");
        }
    }

    public Credentials(String accessKey, String secretKey) {
        this(accessKey, secretKey, null);
    }

    @Override
    public String toString() {
        return "Credentials{accessKey=" + accessKey + ", secretKey=***"
                + (securityToken == null ? "" : ", securityToken=***") + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && accessKey.equals(c.accessKey) && secretKey.equals(c.secretKey)
                && Objects.equals(securityToken, c.securityToken);
    }

    @Override
    public int hashCode() {
        return accessKey.hashCode();
    }
}
