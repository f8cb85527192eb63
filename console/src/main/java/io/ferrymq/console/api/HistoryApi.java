package io.ferrymq.console.api;

import io.ferrymq.common.Clock;
import io.ferrymq.console.cluster.ClusterSet;
import io.ferrymq.console.cluster.Snapshot;
import io.ferrymq.console.history.HistoryRange;
import io.ferrymq.console.history.HistorySampler;
import io.ferrymq.console.history.HistoryStore;
import io.ferrymq.console.history.SeriesKey;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric history: {@code GET /api/sets/{set}/history/{kind}/{name}?range=1h&points=N} answers the series of a
 * cluster, broker, topic or group over the range, downsampled to at most {@code points} points
 * ({@code history.maxPoints}); {@code GET /api/history} the store's size, bounds and file state.
 */
public final class HistoryApi {
    private final Map<String, ClusterSet> sets;
    private final HistorySampler sampler;
    private final int maxPoints;
    private final Clock clock;

    public HistoryApi(Map<String, ClusterSet> sets, HistorySampler sampler, int maxPoints, Clock clock) {
        this.sets = sets;
        this.sampler = sampler;
        this.maxPoints = maxPoints;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/history", this::status, Access.VIEWER);
        app.get("/api/sets/{set}/history/{kind}/{name}", this::series, Access.VIEWER);
    }

    private void series(Context ctx) {
        ClusterSet cs = Sets.of(sets, ctx);
        HistoryStore store = sampler.store();
        SeriesKey.Kind kind;
        HistoryRange range;
        try {
            kind = SeriesKey.Kind.parse(ctx.pathParam("kind"));
            range = HistoryRange.parse(ctx.queryParam("range"), store.intervalMillis(), store.retentionMillis());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        int points = Sets.intParam(ctx, "points", maxPoints, 2, maxPoints);
        String name = ctx.pathParam("name");
        // whole sample slots: the range's last slot is the current one, so 1h at one-minute samples is 60 slots
        long interval = store.intervalMillis();
        long last = clock.currentTimeMillis() / interval;
        long from = (last - Math.max(1, range.millis() / interval) + 1) * interval;
        long to = last * interval + interval - 1;
        Map<String, List<HistoryStore.Point>> series = store.read(cs.name(), kind, name, from, to, points);
        if (series.isEmpty() && !known(cs.snapshot(), kind, name)) {
            throw ApiException.notFound("no " + kind.label() + " '" + name + "' in set " + cs.name()
                    + " and no history of it");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", cs.name());
        m.put("kind", kind.label());
        m.put("name", name);
        m.put("range", range.text());
        m.put("from", from);
        m.put("to", to);
        m.put("intervalMillis", store.intervalMillis());
        m.put("stepMillis", interval * HistoryStore.stepSlots(from / interval, last, points));
        m.put("series", series);
        if (series.isEmpty()) {
            m.put("note", "no sample yet: the first is taken within " + store.intervalMillis() / 1000 + " s");
        }
        ctx.json(m);
    }

    private static boolean known(Snapshot s, SeriesKey.Kind kind, String name) {
        return switch (kind) {
            case CLUSTER -> s.clusters().containsKey(name);
            case BROKER -> s.brokers().stream().anyMatch(b -> b.address().equals(name));
            case TOPIC -> s.topics().containsKey(name);
            case GROUP -> s.groups().containsKey(name);
        };
    }

    private void status(Context ctx) {
        HistoryStore store = sampler.store();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", store.size());
        m.put("maxSeries", store.maxSeries());
        m.put("bytes", store.bytes());
        m.put("maxBytes", store.maxBytes());
        m.put("intervalMillis", store.intervalMillis());
        m.put("retentionMillis", store.retentionMillis());
        m.put("maxPoints", maxPoints);
        m.put("lastSampleAt", sampler.lastSampleAt());
        m.put("lastSavedAt", sampler.lastSavedAt());
        m.put("file", sampler.file().path().toString());
        m.put("refusedSeries", store.refusedSeries());
        m.put("coarsenedBlocks", store.coarsenedBlocks());
        m.put("faults", sampler.faults().snapshot());
        m.put("failing", sampler.faults().failingConditions());
        ctx.json(m);
    }
}
