package io.ferrymq.it.fault;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The history of one fault run: every send, delivery and observed commit, the consumer groups and what they
 * subscribe, the fault events and the no-acknowledgement windows they imply, and anything found missing on a slave.
 * Kept in memory for the {@link Checker} and, when created with a file, appended to it line by line (tab-separated,
 * one record a line, first word the kind) so a run that fails can be checked again with {@link #load(Path)}.
 *
 * <p>Thread-safe: every recording method is synchronized (producers, consumers and the fault schedule record
 * from their own threads); the order of records is the order they were recorded in.
 */
public final class History implements AutoCloseable {
    private final Path file;
    private final BufferedWriter out;
    private final List<SendRecord> sends = new ArrayList<>();
    private final List<DeliveryRecord> deliveries = new ArrayList<>();
    private final List<CommitRecord> commits = new ArrayList<>();
    private final List<NoAckWindow> noAckWindows = new ArrayList<>();
    private final List<FaultEvent> events = new ArrayList<>();
    private final List<String> notOnSlave = new ArrayList<>();
    private final List<TimedNote> members = new ArrayList<>();
    private final List<TimedNote> ownership = new ArrayList<>();
    private final List<Deadline> deadlines = new ArrayList<>();
    private final Map<String, Set<String>> subscriptions = new LinkedHashMap<>();

    private History(Path file) {
        this.file = file;
        try {
            this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the history file " + file, e);
        }
    }

    /** A history kept in memory only (unit tests of the checker). */
    public static History inMemory() {
        return new History(null);
    }

    /** A history also written to {@code file} (created or replaced). */
    public static History toFile(Path file) {
        return new History(file);
    }

    /** Reads a history file written by a run (for replaying the check). */
    public static History load(Path file) throws IOException {
        History h = inMemory();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "GROUP" -> h.group(f[1], f[2].isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(f[2].split(","))));
                case "SEND" -> h.send(new SendRecord(f[1], Long.parseLong(f[2]), f[3], f[4], Long.parseLong(f[5]),
                        Long.parseLong(f[6]), Boolean.parseBoolean(f[7]), Outcome.valueOf(f[8]), f[11],
                        Long.parseLong(f[9]), Long.parseLong(f[10])));
                case "DELIVER" -> h.delivery(new DeliveryRecord(f[1], f[2], f[3], f[4], Long.parseLong(f[5]),
                        Long.parseLong(f[6])));
                case "COMMIT" -> h.commit(new CommitRecord(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                        f[5]));
                case "NOACK" -> h.noAck(new NoAckWindow(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
                case "FAULT" -> h.event(new FaultEvent(Long.parseLong(f[1]), f[2]));
                case "NOTONSLAVE" -> h.notOnSlave(f[1]);
                case "MEMBER" -> h.member(Long.parseLong(f[1]), f[2]);
                case "OWNERS" -> h.ownership(Long.parseLong(f[1]), f[2]);
                case "DEADLINE" -> h.deadline(new Deadline(f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
                default -> throw new IOException("unknown history record '" + f[0] + "' in " + file + ": " + line);
            }
        }
        return h;
    }

    /** Declares a consumer group and the topics it subscribes (it must receive every acknowledged message of them). */
    public synchronized void group(String group, Set<String> topics) {
        subscriptions.put(group, new LinkedHashSet<>(topics));
        write("GROUP", group, String.join(",", topics));
    }

    public synchronized void send(SendRecord s) {
        sends.add(s);
        write("SEND", s.producer(), s.seq(), s.id(), s.queue(), s.queueOffset(), s.commitLogOffset(), s.ordered(),
                s.outcome(), s.startMillis(), s.endMillis(), s.detail());
    }

    public synchronized void delivery(DeliveryRecord d) {
        deliveries.add(d);
        write("DELIVER", d.group(), d.consumer(), d.id(), d.queue(), d.queueOffset(), d.timeMillis());
    }

    public synchronized void commit(CommitRecord c) {
        commits.add(c);
        write("COMMIT", c.group(), c.queue(), c.offset(), c.timeMillis(), c.source());
    }

    public synchronized void noAck(NoAckWindow w) {
        noAckWindows.add(w);
        write("NOACK", w.brokerName(), w.fromMillis(), w.toMillis(), w.reason());
    }

    public synchronized void event(FaultEvent e) {
        events.add(e);
        write("FAULT", e.timeMillis(), e.what());
    }

    /** An acknowledged message a slave could not return (checked from outside after the run). */
    public synchronized void notOnSlave(String detail) {
        notOnSlave.add(detail);
        write("NOTONSLAVE", detail);
    }

    /** A change of a churning consumer group's members (joined, killed, removed) at {@code timeMillis}. */
    public synchronized void member(long timeMillis, String what) {
        members.add(new TimedNote(timeMillis, what));
        write("MEMBER", timeMillis, what);
    }

    /** Queues of a churning group that had other than one owner at {@code timeMillis} ("{queue=[owners]}"). */
    public synchronized void ownership(long timeMillis, String wrongQueues) {
        ownership.add(new TimedNote(timeMillis, wrongQueues));
        write("OWNERS", timeMillis, wrongQueues);
    }

    /** A measured time against its limit (route removed, slave caught up, recovered after a fault). */
    public synchronized void deadline(Deadline d) {
        deadlines.add(d);
        write("DEADLINE", d.what(), d.millis(), d.limitMillis());
    }

    public synchronized List<TimedNote> members() {
        return List.copyOf(members);
    }

    public synchronized List<TimedNote> ownership() {
        return List.copyOf(ownership);
    }

    public synchronized List<Deadline> deadlines() {
        return List.copyOf(deadlines);
    }

    public synchronized List<SendRecord> sends() {
        return List.copyOf(sends);
    }

    public synchronized List<DeliveryRecord> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized List<CommitRecord> commits() {
        return List.copyOf(commits);
    }

    public synchronized List<NoAckWindow> noAckWindows() {
        return List.copyOf(noAckWindows);
    }

    public synchronized List<FaultEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> notOnSlave() {
        return List.copyOf(notOnSlave);
    }

    public synchronized Map<String, Set<String>> subscriptions() {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        subscriptions.forEach((g, t) -> copy.put(g, Set.copyOf(t)));
        return copy;
    }

    /** The file this history is written to, or null. */
    public Path file() {
        return file;
    }

    private void write(Object... fields) {
        if (out == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            if (!sb.isEmpty()) {
                sb.append('\t');
            }
            sb.append(String.valueOf(f).replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
        }
        try {
            out.write(sb.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history file " + file, e);
        }
    }

    /** Writes buffered lines to the file. */
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the history file " + file, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the history file " + file, e);
            }
        }
    }
}
