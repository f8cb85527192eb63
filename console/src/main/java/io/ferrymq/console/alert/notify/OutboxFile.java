package io.ferrymq.console.alert.notify;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.console.alert.AlertStore;
import io.ferrymq.console.alert.Notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The notifications still to be delivered, {@code <dataDir>/alerts/outbox.json}: each with its channel and the
 * attempts made so far. The dispatcher rewrites it whenever its outbox changes (and at stop), so notifications
 * waiting for a retry when the console stops or crashes are retried after the restart instead of being lost.
 * Delivery is therefore at least once: a notification delivered just before a crash, before the file was
 * rewritten, is sent again. Used by the notification worker thread only (and by the thread that stops it).
 */
final class OutboxFile {
    static final int VERSION = 1;
    private final Path file;

    /** One waiting notification for one channel. */
    record Entry(String channel, int attempts, Notification notification) {
    }

    OutboxFile(Path dataDir) {
        this.file = dataDir.resolve("alerts").resolve("outbox.json");
    }

    Path file() {
        return file;
    }

    /**
     * The saved entries (none when there is no file).
     *
     * @throws IOException when the file exists but cannot be read (after moving it aside as
     *                     {@code outbox.json.unreadable-<now>})
     */
    List<Entry> load(long now) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            JSONObject o = JSON.parseObject(new String(bytes, StandardCharsets.UTF_8));
            if (o == null || o.getIntValue("version") != VERSION) {
                throw new IllegalStateException("not an outbox of version " + VERSION);
            }
            return o.getJSONArray("entries") == null ? List.of() : o.getJSONArray("entries").toJavaList(Entry.class);
        } catch (RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + now);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            throw new IOException(file + " could not be read (" + e.getMessage() + "); kept as " + aside
                    + ": the notifications it held are not retried", e);
        }
    }

    void save(List<Entry> entries) throws IOException {
        JSONObject o = new JSONObject();
        o.put("version", VERSION);
        o.put("entries", new ArrayList<>(entries));
        AlertStore.writeAtomically(file, JSON.toJSONString(o, JSONWriter.Feature.WriteEnumsUsingName)
                .getBytes(StandardCharsets.UTF_8));
    }
}
