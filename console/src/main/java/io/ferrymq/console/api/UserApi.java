package io.ferrymq.console.api;

import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.auth.Role;
import io.ferrymq.console.auth.Sessions;
import io.ferrymq.console.auth.UserStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Console users: admins list, create, change (role, password, disabled) and delete them; every user changes its
 * own password. Each change, refused ones too, is an audit entry; a user whose role, password or state changes
 * loses its sessions (the own password change keeps the session that made it).
 */
public final class UserApi {
    private final UserStore users;
    private final Sessions sessions;
    private final AuditLog audit;

    public UserApi(UserStore users, Sessions sessions, AuditLog audit) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.get("/api/users", this::list, Access.ADMIN);
        app.put("/api/users/{name}", this::put, Access.ADMIN);
        app.delete("/api/users/{name}", this::delete, Access.ADMIN);
        app.post("/api/session/password", this::changeOwnPassword, Access.VIEWER);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserStore.User u : users.list()) {
            out.add(view(u));
        }
        ctx.json(out);
    }

    private static Map<String, Object> view(UserStore.User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("role", u.role().wire());
        m.put("disabled", u.disabled());
        m.put("fromConfig", u.fromConfig());
        return m;
    }

    private static Map<String, Object> state(UserStore.User u) {
        return u == null ? null : Map.of("role", u.role().wire(), "disabled", u.disabled());
    }

    private void put(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        Body b = Body.of(ctx);
        UserStore.User old = users.get(name);
        String roleText = b.optStr("role", null);
        if (old == null && roleText == null) {
            throw ApiException.badRequest("a new user needs a 'role' (viewer, operator or admin)");
        }
        Role role;
        try {
            role = roleText == null ? old.role() : Role.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String password = b.optStr("password", null);
        boolean disabled = b.optBool("disabled", old != null && old.disabled());
        if (old == null && password == null) {
            throw ApiException.badRequest("a new user needs a 'password' (8 to 72 characters)");
        }
        String me = AuthApi.user(ctx);
        if (name.equals(me) && (disabled || role != Role.ADMIN)) {
            throw ApiException.badRequest("you cannot disable yourself or take your own admin role (another admin "
                    + "can)");
        }
        String action = old == null ? "user.create" : "user.update";
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("role", role.wire());
        after.put("disabled", disabled);
        after.put("passwordChanged", password != null);
        if (old != null && old.fromConfig()) {
            audit.record(me, action, name, state(old), after, "failed: defined in the configuration file");
            throw ApiException.conflict("user " + name + " is defined in the configuration file; change it there");
        }
        UserStore.User now;
        try {
            now = users.put(name, role, password, disabled);
        } catch (IllegalArgumentException e) {
            audit.record(me, action, name, state(old), after, "failed: " + e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        if (old != null && (old.role() != role || old.disabled() != disabled || password != null)) {
            sessions.removeUser(name);
        }
        audit.record(me, action, name, state(old), after, "ok");
        ctx.status(old == null ? 201 : 200).json(view(now));
    }

    private void delete(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        if (name.equals(AuthApi.user(ctx))) {
            throw ApiException.badRequest("you cannot delete yourself");
        }
        UserStore.User old = users.get(name);
        if (old == null) {
            throw ApiException.notFound("no user " + name);
        }
        if (old.fromConfig()) {
            audit.record(AuthApi.user(ctx), "user.delete", name, state(old), null,
                    "failed: defined in the configuration file");
            throw ApiException.conflict("user " + name + " is defined in the configuration file; remove it there");
        }
        users.delete(name);
        sessions.removeUser(name);
        audit.record(AuthApi.user(ctx), "user.delete", name, state(old), null, "ok");
        ctx.json(Map.of("deleted", name));
    }

    private void changeOwnPassword(Context ctx) throws Exception {
        Sessions.Session s = AuthApi.session(ctx);
        Body b = Body.of(ctx);
        String current = b.str("current");
        String next = b.str("password");
        boolean changed;
        try {
            changed = users.changePassword(s.user, current, next);
        } catch (IllegalArgumentException e) {
            audit.record(s.user, "user.password", s.user, null, null, "failed: " + e.getMessage());
            throw e.getMessage().contains("configuration file") ? ApiException.conflict(e.getMessage())
                    : ApiException.badRequest(e.getMessage());
        }
        if (!changed) {
            audit.record(s.user, "user.password", s.user, null, null, "failed: wrong current password");
            throw ApiException.badRequest("the current password is wrong; nothing changed");
        }
        sessions.removeUserExcept(s.user, s.id);
        audit.record(s.user, "user.password", s.user, null, null, "ok");
        ctx.json(Map.of("user", s.user, "passwordChanged", true));
    }
}
