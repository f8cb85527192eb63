package io.ferrymq.console.api;

import io.ferrymq.console.cluster.ClusterSet;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/** Request helpers shared by the API classes: the addressed name-server set, paging, query parameters. */
final class Sets {
    private Sets() {
    }

    static ClusterSet of(Map<String, ClusterSet> sets, Context ctx) {
        String name = ctx.pathParam("set");
        ClusterSet s = sets.get(name);
        if (s == null) {
            throw ApiException.notFound("unknown name-server set '" + name + "'; known: " + sets.keySet());
        }
        return s;
    }

    static int intParam(Context ctx, String name, int def, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.badRequest("parameter '" + name + "' must be in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    static long longParam(Context ctx, String name, long def) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("parameter '" + name + "' is required");
        }
        return v;
    }

    /** One page of {@code all}: {total, page, size, items}. */
    static <T> Map<String, Object> page(List<T> all, int page, int size) {
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        return Map.of("total", all.size(), "page", page, "size", size, "items", all.subList(from, to));
    }
}
