package io.ferrymq.broker.transaction;

import com.alibaba.fastjson2.TypeReference;
import io.ferrymq.broker.persist.JsonFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transaction coordinator's persisted progress: every half message below {@code resolvedBelow} is decided,
 * op records are replayed from {@code opReplayFrom}, and how many check-backs each undecided half message had.
 * One JSON object of longs ({@code checks.<half offset>} per counted message), written atomically by
 * {@link JsonFile}. Used by the coordinator's thread only.
 */
final class TransactionProgressFile {
    private static final String KEY_RESOLVED_BELOW = "resolvedBelow";
    private static final String KEY_OP_REPLAY_FROM = "opReplayFrom";
    private static final String KEY_CHECKS_PREFIX = "checks.";

    /** @param checkCounts half-queue offset → check-backs sent so far */
    record Progress(long resolvedBelow, long opReplayFrom, Map<Long, Integer> checkCounts) {
    }

    private final JsonFile file;

    TransactionProgressFile(Path path) {
        this.file = new JsonFile(path);
    }

    Path path() {
        return file.path();
    }

    /** The saved progress, or all zero when nothing was saved yet. */
    Progress read() {
        Map<String, Long> saved = file.<Map<String, Long>>read(new TypeReference<Map<String, Long>>() { }.getType())
                .orElse(Map.of());
        Map<Long, Integer> checks = new HashMap<>();
        for (Map.Entry<String, Long> e : saved.entrySet()) {
            if (e.getKey().startsWith(KEY_CHECKS_PREFIX)) {
                checks.put(Long.parseLong(e.getKey().substring(KEY_CHECKS_PREFIX.length())), e.getValue().intValue());
            }
        }
        return new Progress(saved.getOrDefault(KEY_RESOLVED_BELOW, 0L), saved.getOrDefault(KEY_OP_REPLAY_FROM, 0L),
                checks);
    }

    void write(Progress p) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        m.put(KEY_RESOLVED_BELOW, p.resolvedBelow());
        m.put(KEY_OP_REPLAY_FROM, p.opReplayFrom());
        p.checkCounts().forEach((half, count) -> m.put(KEY_CHECKS_PREFIX + half, (long) count));
        file.write(m);
    }
}
