package io.ferrymq.console.alert;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.console.alert.signal.KnownBroker;
import io.ferrymq.console.alert.signal.LastConsumer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert state file {@code <dataDir>/alerts/alerts.json}: rules changed through the API, silences, pending and
 * firing alerts (with whether they were notified, so a restarted console does not notify them again), the alert
 * history, and the brokers and consumers the console remembers. Written whole to a temporary file, forced to disk,
 * then renamed over the old one, so a crash leaves either the old or the new file. A file that cannot be read is
 * kept aside ({@code alerts.json.unreadable-<time>}) and the console starts with empty state, saying so in its log
 * and as a fault. Used by the alert worker thread only.
 */
public final class AlertStore {
    static final int VERSION = 1;
    private final Path file;

    /** What the file holds. */
    public record State(long nextAlertId, long nextSilenceId, List<Map<String, String>> rules,
                        List<Silence> silences, List<Alert> alerts, List<HistoryEntry> history,
                        List<KnownBroker> knownBrokers, List<LastConsumer> lastConsumers) {
        public static State empty() {
            return new State(1, 1, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }

    public AlertStore(Path dataDir) {
        this.file = dataDir.resolve("alerts").resolve("alerts.json");
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file; an absent file is empty state.
     *
     * @throws IOException when the file exists but cannot be read or parsed (after moving it aside)
     */
    public State load(long now) throws IOException {
        if (!Files.exists(file)) {
            return State.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            JSONObject o = JSON.parseObject(new String(bytes, StandardCharsets.UTF_8));
            if (o == null) {
                throw new IllegalStateException("empty document");
            }
            int version = o.getIntValue("version");
            if (version != VERSION) {
                throw new IllegalStateException("version " + version + ", this console reads version " + VERSION);
            }
            List<Map<String, String>> rules = new ArrayList<>();
            if (o.getJSONArray("rules") != null) {
                for (Object r : o.getJSONArray("rules")) {
                    Map<String, String> m = new java.util.LinkedHashMap<>();
                    ((JSONObject) r).forEach((k, v) -> m.put(k, String.valueOf(v)));
                    rules.add(m);
                }
            }
            return new State(o.getLongValue("nextAlertId", 1), o.getLongValue("nextSilenceId", 1), rules,
                    list(o, "silences", Silence.class), list(o, "alerts", Alert.class),
                    list(o, "history", HistoryEntry.class), list(o, "knownBrokers", KnownBroker.class),
                    list(o, "lastConsumers", LastConsumer.class));
        } catch (RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + now);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            throw new IOException(file + " could not be read (" + e.getMessage() + "); kept as " + aside
                    + ", starting with no alert state", e);
        }
    }

    private static <T> List<T> list(JSONObject o, String key, Class<T> type) {
        return o.getJSONArray(key) == null ? List.of() : o.getJSONArray(key).toJavaList(type);
    }

    /** Writes the whole state: temporary file, force, atomic rename. */
    public void save(State s) throws IOException {
        JSONObject o = new JSONObject();
        o.put("version", VERSION);
        o.put("nextAlertId", s.nextAlertId());
        o.put("nextSilenceId", s.nextSilenceId());
        o.put("rules", s.rules());
        o.put("silences", s.silences());
        o.put("alerts", s.alerts());
        o.put("history", s.history());
        o.put("knownBrokers", s.knownBrokers());
        o.put("lastConsumers", s.lastConsumers());
        writeAtomically(file, JSON.toJSONString(o, JSONWriter.Feature.WriteEnumsUsingName)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code file} with {@code bytes} so that a crash leaves the old or the new content: a temporary file
     * beside it, forced to disk, renamed over it.
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
