package io.ferrymq.remoting.protocol.body;

/**
 * RocketMQ 5's ACL 2.0 user (AUTH_CREATE_USER .. AUTH_LIST_USER bodies): {@code userType} Super or Normal,
 * {@code userStatus} enable or disable (RocketMQ's spellings; any case is read). Fields may be null when a tool leaves
 * them out. {@link #toString()} never shows the password.
 */
public record UserInfo(String username, String password, String userType, String userStatus) {
    @Override
    public String toString() {
        return "UserInfo{username=" + username + (password == null ? "" : ", password=***") + ", userType="
                + userType + ", userStatus=" + userStatus + '}';
    }
}
