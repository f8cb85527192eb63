package io.ferrymq.console.api;

import io.ferrymq.console.audit.AuditLog;
import io.javalin.Javalin;

import java.util.Map;

/** The audit log: browse and filter (user management is {@link UserApi}). */
public final class AuditApi {
    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.get("/api/audit", ctx -> ctx.json(Map.of("items", audit.find(ctx.queryParam("user"),
                ctx.queryParam("action"), ctx.queryParam("q"), Sets.longParam(ctx, "since", 0),
                Sets.intParam(ctx, "limit", 100, 1, 1000)))), Access.VIEWER);
    }
}
