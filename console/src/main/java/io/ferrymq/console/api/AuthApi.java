package io.ferrymq.console.api;

import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.auth.LoginLimiter;
import io.ferrymq.console.auth.Role;
import io.ferrymq.console.auth.Sessions;
import io.ferrymq.console.auth.UserStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;

import java.util.Map;
import java.util.Set;

/**
 * Log in and out, and the security filter in front of every API route: a session (HttpOnly, SameSite=Strict
 * cookie) for every non-public route, the route's role, and the session's CSRF token in the
 * {@value #CSRF_HEADER} header on every mutating request.
 */
public final class AuthApi {
    public static final String COOKIE = "FERRY_SESSION";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTR = "ferry.session";
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final UserStore users;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final AuditLog audit;
    private final boolean secureCookie;

    public AuthApi(UserStore users, Sessions sessions, LoginLimiter limiter, AuditLog audit, boolean secureCookie) {
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.audit = audit;
        this.secureCookie = secureCookie;
    }

    /** The session of an authenticated request (set by the filter). */
    public static Sessions.Session session(Context ctx) {
        return ctx.attribute(SESSION_ATTR);
    }

    public static String user(Context ctx) {
        Sessions.Session s = session(ctx);
        return s == null ? "?" : s.user;
    }

    public void register(Javalin app) {
        app.beforeMatched(this::filter);
        app.post("/api/login", this::login, Access.PUBLIC);
        app.post("/api/logout", this::logout, Access.VIEWER);
        app.get("/api/session", ctx -> ctx.json(view(session(ctx))), Access.VIEWER);
    }

    private void filter(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (!ctx.path().startsWith("/api") || roles.contains(Access.PUBLIC)) {
            return;
        }
        Role needed = Role.ADMIN;
        for (RouteRole r : roles) {
            if (r instanceof Access a && a.role() != null && !a.role().allows(needed)) {
                needed = a.role();
            }
        }
        Sessions.Session s = sessions.find(ctx.cookie(COOKIE));
        if (s == null) {
            throw new ApiException(401, "log in first (POST /api/login); the session is missing or expired");
        }
        if (!s.role.allows(needed)) {
            throw new ApiException(403, "user " + s.user + " (" + s.role.wire() + ") may not do this; it needs the "
                    + needed.wire() + " role");
        }
        if (MUTATING.contains(ctx.method().name())) {
            String token = ctx.header(CSRF_HEADER);
            if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(), s.csrfToken.getBytes())) {
                throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header (take it from GET /api/session)");
            }
        }
        ctx.attribute(SESSION_ATTR, s);
    }

    private void login(Context ctx) {
        Body b = Body.of(ctx);
        String name = b.str("user");
        String password = b.str("password");
        String ipKey = "ip:" + ctx.ip();
        String userKey = "user:" + name;
        long wait = limiter.retryAfterSeconds(ipKey, userKey);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ApiException(429, "too many failed logins; try again in " + wait + " s");
        }
        UserStore.User u = users.authenticate(name, password);
        if (u == null) {
            limiter.failed(ipKey, userKey);
            audit.record(name, "login", ctx.ip(), null, null, "failed: wrong user or password");
            throw new ApiException(401, "wrong user name or password");
        }
        if (u.disabled()) {
            // Only said after a correct password, so it tells nothing to someone guessing.
            audit.record(name, "login", ctx.ip(), null, null, "failed: user disabled");
            throw new ApiException(403, "user " + name + " is disabled; an admin can enable it on the Users page");
        }
        limiter.succeeded(ipKey, userKey);
        Sessions.Session s = sessions.create(u.name(), u.role());
        ctx.header("Set-Cookie", COOKIE + "=" + s.id + "; Path=/; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        audit.record(u.name(), "login", ctx.ip(), null, null, "ok");
        ctx.json(view(s));
    }

    private void logout(Context ctx) {
        Sessions.Session s = session(ctx);
        sessions.remove(s.id);
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
        ctx.json(Map.of("loggedOut", true));
    }

    private static Map<String, Object> view(Sessions.Session s) {
        return Map.of("user", s.user, "role", s.role.wire(), "csrfToken", s.csrfToken);
    }
}
