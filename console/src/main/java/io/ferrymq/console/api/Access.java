package io.ferrymq.console.api;

import io.ferrymq.console.auth.Role;
import io.javalin.security.RouteRole;

/** Who may call a route: anyone ({@link #PUBLIC}) or a logged-in user with at least the role. */
public enum Access implements RouteRole {
    PUBLIC(null), VIEWER(Role.VIEWER), OPERATOR(Role.OPERATOR), ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role needed, or null for public routes. */
    public Role role() {
        return role;
    }
}
