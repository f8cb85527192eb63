package io.ferrymq.console.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * What happened to alerts, kept for {@code keepMillis} (a week by default) and at most {@value #MAX_ENTRIES}
 * entries. Written by the alert worker and the notification worker, read by HTTP threads: every method is
 * synchronized.
 */
public final class AlertHistory {
    static final int MAX_ENTRIES = 50_000;
    private final Deque<HistoryEntry> entries = new ArrayDeque<>();
    private final long keepMillis;
    private long nextSeq = 1;
    private boolean dirty;

    public AlertHistory(long keepMillis) {
        this.keepMillis = keepMillis;
    }

    public synchronized HistoryEntry add(long time, String kind, long alertId, String subject, String by,
                                         String detail) {
        HistoryEntry e = new HistoryEntry(nextSeq++, time, kind, alertId, subject, by, detail == null ? "" : detail);
        entries.addLast(e);
        while (entries.size() > MAX_ENTRIES) {
            entries.pollFirst();
        }
        dirty = true;
        return e;
    }

    /** Forgets entries older than the keep time. */
    public synchronized void prune(long now) {
        while (!entries.isEmpty() && entries.peekFirst().time() < now - keepMillis) {
            entries.pollFirst();
            dirty = true;
        }
    }

    /** Restores entries read from the state file (oldest first). */
    public synchronized void restore(Collection<HistoryEntry> saved) {
        entries.clear();
        entries.addAll(saved);
        nextSeq = saved.isEmpty() ? 1 : entries.peekLast().seq() + 1;
    }

    /** Newest first: kind exact (null any), text in subject/by/detail, at most {@code limit}. */
    public synchronized List<HistoryEntry> find(String kind, String text, long since, int limit) {
        List<HistoryEntry> out = new ArrayList<>();
        String t = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
        for (Iterator<HistoryEntry> it = entries.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            HistoryEntry e = it.next();
            if (e.time() < since) {
                break;
            }
            if (kind != null && !kind.isBlank() && !kind.equalsIgnoreCase(e.kind())) {
                continue;
            }
            if (t != null && !(e.subject() + " " + e.by() + " " + e.detail()).toLowerCase(Locale.ROOT).contains(t)) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    public synchronized List<HistoryEntry> all() {
        return new ArrayList<>(entries);
    }

    /** True once after entries changed (the state file needs writing). */
    public synchronized boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
