package io.ferrymq.console.api;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import io.javalin.http.Context;

/** Typed reading of a JSON request body: each missing or bad field is a 400 naming it. */
public final class Body {
    private final JSONObject o;

    private Body(JSONObject o) {
        this.o = o;
    }

    public static Body of(Context ctx) {
        return parse(ctx.body());
    }

    /** Parses a request body's text; every way it can be wrong is an {@link ApiException} with status 400. */
    public static Body parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("the request needs a JSON object body");
        }
        int comment = io.ferrymq.remoting.protocol.JsonComments.find(text);
        if (comment >= 0) {
            // fastjson2 may never return from a comment inside an array: refuse before parsing
            throw ApiException.badRequest("malformed JSON: " + io.ferrymq.remoting.protocol.JsonComments.describe(comment));
        }
        try {
            Object v = JSON.parse(text);
            if (!(v instanceof JSONObject jo)) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return new Body(jo);
        } catch (ApiException e) {
            throw e;
        } catch (JSONException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            // fastjson2 reports some truncated documents with other exceptions
            throw ApiException.badRequest("malformed JSON: " + e);
        }
    }

    public JSONObject json() {
        return o;
    }

    public String str(String k) {
        Object v = o.get(k);
        if (v == null || v.toString().isBlank()) {
            throw ApiException.badRequest("field '" + k + "' is required");
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("field '" + k + "' must be a string");
        }
        return s;
    }

    public String optStr(String k, String def) {
        Object v = o.get(k);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("field '" + k + "' must be a string");
        }
        return s;
    }

    public long num(String k, long min, long max) {
        Object v = o.get(k);
        if (v == null) {
            throw ApiException.badRequest("field '" + k + "' is required");
        }
        return check(k, v, min, max);
    }

    public long optNum(String k, long def, long min, long max) {
        Object v = o.get(k);
        return v == null ? def : check(k, v, min, max);
    }

    private static long check(String k, Object v, long min, long max) {
        if (!(v instanceof Number n)) {
            throw ApiException.badRequest("field '" + k + "' must be an integer");
        }
        long l;
        try {
            // exact: a huge JSON number must not wrap around or round into a value the caller never sent
            l = new java.math.BigDecimal(n.toString()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw ApiException.badRequest("field '" + k + "' must be an integer in [" + min + ", " + max + "], got "
                    + n);
        }
        if (l < min || l > max) {
            throw ApiException.badRequest("field '" + k + "' must be in [" + min + ", " + max + "], got " + l);
        }
        return l;
    }

    public boolean optBool(String k, boolean def) {
        Object v = o.get(k);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.badRequest("field '" + k + "' must be true or false");
        }
        return b;
    }
}
