package io.ferrymq.console.auth;

import java.util.Locale;

/** What a console user may do; each role includes the ones before it. */
public enum Role {
    /** Reads everything, changes nothing. */
    VIEWER,
    /** Also offsets, resends, test messages. */
    OPERATOR,
    /** Also topics, groups, broker configuration and users. */
    ADMIN;

    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** Parses "viewer", "operator" or "admin" (any case). */
    public static Role parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role must be viewer, operator or admin, got '" + s + "'");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
