package io.ferrymq.console.audit;

import com.alibaba.fastjson2.JSON;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The console's audit log: every change (who, when, what, before/after, result) appended as one JSON line to
 * {@code <dataDir>/audit.log} (flushed per entry) and kept in memory (the last {@value #KEPT}) for browsing and
 * filtering. Entries written before a restart are read back at start. Thread-safe (synchronized).
 */
public final class AuditLog implements AutoCloseable {
    static final int KEPT = 20_000;
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final Clock clock;
    private final BufferedWriter out;
    private final Deque<AuditEntry> recent = new ArrayDeque<>();
    private long seq;
    private long writeFailures;

    public AuditLog(Path dataDir, Clock clock) throws IOException {
        this.clock = clock;
        Path file = dataDir.resolve("audit.log");
        Files.createDirectories(dataDir);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    AuditEntry e = JSON.parseObject(line, AuditEntry.class);
                    keep(e);
                    seq = Math.max(seq, e.seq());
                } catch (RuntimeException ex) {
                    log.warn("skipping an unreadable line of {}: {}", file, ex.toString());
                }
            }
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Records a change and returns it. A write failure is logged and counted, the entry still kept in memory. */
    public synchronized AuditEntry record(String user, String action, String target, Object before, Object after,
                                          String result) {
        AuditEntry e = new AuditEntry(++seq, clock.millis(), user, action, target, json(before), json(after),
                result);
        keep(e);
        try {
            out.write(JSON.toJSONString(e));
            out.newLine();
            out.flush();
        } catch (IOException ex) {
            writeFailures++;
            log.error("cannot append to the audit log (failure {}): {}", writeFailures, ex.toString());
        }
        log.info("audit #{} {} {} {} -> {}", e.seq(), user, action, target, result);
        return e;
    }

    private static String json(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof String s ? s : JSON.toJSONString(o);
    }

    private void keep(AuditEntry e) {
        recent.addLast(e);
        if (recent.size() > KEPT) {
            recent.pollFirst();
        }
    }

    /**
     * Newest first, at most {@code limit}, filtered (each filter null or blank = any): user exact, action prefix,
     * text contained in target/before/after/result (case-insensitive), time at or after {@code since}.
     */
    public synchronized List<AuditEntry> find(String user, String action, String text, long since, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        String t = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
        for (Iterator<AuditEntry> it = recent.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            AuditEntry e = it.next();
            if (e.time() < since) {
                break;
            }
            if (user != null && !user.isBlank() && !user.equals(e.user())) {
                continue;
            }
            if (action != null && !action.isBlank() && !e.action().startsWith(action)) {
                continue;
            }
            if (t != null && !(e.target() + " " + e.before() + " " + e.after() + " " + e.result())
                    .toLowerCase(Locale.ROOT).contains(t)) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    public synchronized long writeFailures() {
        return writeFailures;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("closing the audit log: {}", e.toString());
        }
    }
}
