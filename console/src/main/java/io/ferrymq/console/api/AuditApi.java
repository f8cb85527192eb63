package io.ferrymq.console.api;

import io.ferrymq.console.audit.AuditLog;
import io.ferrymq.console.auth.Role;
import io.ferrymq.console.auth.Sessions;
import io.ferrymq.console.auth.UserStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The audit log (browse and filter) and user management (admins only). */
public final class AuditApi {
    private final AuditLog audit;
    private final UserStore users;
    private final Sessions sessions;

    public AuditApi(AuditLog audit, UserStore users, Sessions sessions) {
        this.audit = audit;
        this.users = users;
        this.sessions = sessions;
    }

    public void register(Javalin app) {
        app.get("/api/audit", ctx -> ctx.json(Map.of("items", audit.find(ctx.queryParam("user"),
                ctx.queryParam("action"), ctx.queryParam("q"), Sets.longParam(ctx, "since", 0),
                Sets.intParam(ctx, "limit", 100, 1, 1000)))), Access.VIEWER);
        app.get("/api/users", this::list, Access.ADMIN);
        app.put("/api/users/{name}", this::put, Access.ADMIN);
        app.delete("/api/users/{name}", this::delete, Access.ADMIN);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserStore.User u : users.list()) {
            out.add(Map.of("name", u.name(), "role", u.role().wire(), "fromConfig", u.fromConfig()));
        }
        ctx.json(out);
    }

    private void put(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        Body b = Body.of(ctx);
        Role role = Role.parse(b.str("role"));
        String password = b.optStr("password", null);
        UserStore.User old = users.get(name);
        if (old == null && password == null) {
            throw ApiException.badRequest("a new user needs a 'password' (8 to 72 characters)");
        }
        Object before = old == null ? null : Map.of("role", old.role().wire());
        Map<String, Object> after = Map.of("role", role.wire(), "passwordChanged", password != null);
        try {
            users.put(name, role, password);
        } catch (IllegalArgumentException e) {
            audit.record(AuthApi.user(ctx), "user.put", name, before, after, "failed: " + e.getMessage());
            throw e;
        }
        sessions.removeUser(name);
        audit.record(AuthApi.user(ctx), "user.put", name, before, after, "ok");
        ctx.json(Map.of("name", name, "role", role.wire()));
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
        users.delete(name);
        sessions.removeUser(name);
        audit.record(AuthApi.user(ctx), "user.delete", name, Map.of("role", old.role().wire()), null, "ok");
        ctx.json(Map.of("deleted", name));
    }
}
