package io.ferrymq.broker.filter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiles each distinct SQL92 expression once and remembers the outcome (the filter, or the syntax error), so
 * heartbeats every 30 s and every pull of every consumer reuse one compiled tree. Bounded: the least recently
 * used expression is forgotten past {@code capacity} (it is simply compiled again when seen). Thread-safe (one
 * monitor; compilation of a new expression happens under it, which is rare and short).
 */
public final class SqlFilterCache {
    private final Map<String, Object> byExpression;
    private long compilations;

    public SqlFilterCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.byExpression = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The compiled filter for {@code expression}.
     *
     * @throws SqlSyntaxException the (remembered) compile error
     */
    public synchronized SqlFilter get(String expression) throws SqlSyntaxException {
        String key = expression == null ? "" : expression;
        Object cached = byExpression.get(key);
        if (cached == null) {
            compilations++;
            try {
                cached = SqlFilter.compile(key);
            } catch (SqlSyntaxException e) {
                cached = e;
            }
            byExpression.put(key, cached);
        }
        if (cached instanceof SqlSyntaxException e) {
            throw e;
        }
        return (SqlFilter) cached;
    }

    /** How many times an expression was actually compiled (tests check that heartbeats and pulls reuse). */
    public synchronized long compilations() {
        return compilations;
    }
}
