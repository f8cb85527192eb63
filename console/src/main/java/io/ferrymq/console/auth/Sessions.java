package io.ferrymq.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in sessions: a random id (the HttpOnly cookie) and a random CSRF token (sent back in a header on every
 * mutating request), expiring after an idle period. Thread-safe.
 */
public final class Sessions {
    /** One session; {@code lastSeen} moves on every authenticated request. */
    public static final class Session {
        public final String id;
        public final String user;
        public final Role role;
        public final String csrfToken;
        volatile long lastSeen;

        Session(String id, String user, Role role, String csrfToken, long now) {
            this.id = id;
            this.user = user;
            this.role = role;
            this.csrfToken = csrfToken;
            this.lastSeen = now;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long idleMillis;

    public Sessions(Clock clock, long idleMillis) {
        this.clock = clock;
        this.idleMillis = idleMillis;
    }

    public Session create(String user, Role role) {
        Session s = new Session(token(), user, role, token(), clock.millis());
        byId.put(s.id, s);
        return s;
    }

    /** The live session with {@code id} (touching it), or null when unknown or idle too long (then removed). */
    public Session find(String id) {
        if (id == null) {
            return null;
        }
        Session s = byId.get(id);
        if (s == null) {
            return null;
        }
        long now = clock.millis();
        if (now - s.lastSeen > idleMillis) {
            byId.remove(id);
            return null;
        }
        s.lastSeen = now;
        return s;
    }

    public void remove(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of {@code user} (after a password or role change, or deletion). */
    public void removeUser(String user) {
        byId.values().removeIf(s -> s.user.equals(user));
    }

    /** Ends every session of {@code user} but {@code keepId} (after the user changed its own password). */
    public void removeUserExcept(String user, String keepId) {
        byId.values().removeIf(s -> s.user.equals(user) && !s.id.equals(keepId));
    }

    /** Drops expired sessions; called periodically. */
    public void expire() {
        long now = clock.millis();
        for (Iterator<Session> it = byId.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen > idleMillis) {
                it.remove();
            }
        }
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
