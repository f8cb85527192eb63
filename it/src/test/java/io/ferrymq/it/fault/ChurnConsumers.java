package io.ferrymq.it.fault;

import io.ferrymq.it.ha.ChildJvm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fault 12's consumer group: members are child JVMs ({@link ChurnConsumerMain}) that the schedule kills, stops,
 * adds and removes. A tailer thread reads each member's report file every 200 ms: deliveries go to the
 * {@link History} (group {@code group}), owned queues are kept per member, and each round the owners of every
 * queue of the topic are counted over the members still in the group (running or stopped; a killed or removed
 * member owns nothing from that moment). A queue with other than one owner is recorded as an ownership sample; the
 * {@link Checker} fails those that come more than 2 s after the last membership change ({@link History#member}).
 * A member's joining is a membership change when it reports that its client is about to send its first heartbeat
 * (the brokers count it from then on; the start-up before that, JVM and client, changes nothing the others see),
 * and again when it first reports its queues.
 *
 * <p>Threading: the schedule's thread calls the churn actions, the {@code fault-churn-tail} thread reads; both hold
 * this object's monitor while touching the members.
 */
final class ChurnConsumers implements AutoCloseable {
    static final long OWNERSHIP_SETTLE_MILLIS = 2000;

    private final class Member {
        final String name;
        final ChildJvm jvm;
        final Path file;
        long position;
        String partial = "";
        Set<String> owned = Set.of();
        boolean joined;
        boolean gone;

        Member(String name) throws IOException {
            this.name = name;
            this.file = dir.resolve(name + ".report");
            Files.deleteIfExists(file);
            Files.createFile(file);
            this.jvm = new ChildJvm(name, ChurnConsumerMain.class.getName(), List.of(cluster.namesrvAddr(), group,
                    topic, name + "-" + System.nanoTime(), file.toString()), dir.resolve(name + ".log"), "64m");
        }
    }

    private final FaultCluster cluster;
    private final History history;
    private final String group;
    private final String topic;
    private final List<String> queues;
    private final Set<String> delivered;
    private final Path dir;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Thread tailer;
    private volatile boolean running = true;
    /** Ownership is sampled from the end of {@link #awaitFormed} on: before it the group is forming, not churning. */
    private volatile boolean formed;
    private int next = 1;

    /**
     * @param queues    every queue of the topic (each must have exactly one owner once the group settles)
     * @param delivered ids delivered to the group so far (for draining), filled by the tailer
     */
    ChurnConsumers(FaultCluster cluster, History history, String group, String topic, List<String> queues,
                   Set<String> delivered, Path dir) throws IOException {
        this.cluster = cluster;
        this.history = history;
        this.group = group;
        this.topic = topic;
        this.queues = List.copyOf(queues);
        this.delivered = delivered;
        this.dir = Files.createDirectories(dir);
        this.tailer = new Thread(this::tailLoop, "fault-churn-tail");
        tailer.setDaemon(true);
        tailer.start();
    }

    String group() {
        return group;
    }

    /** Launches a new member; it joins (a membership change) when it first reports. */
    synchronized String add() throws IOException {
        Member m = new Member("churn-" + next++);
        members.put(m.name, m);
        m.jvm.start();
        return m.name + " (pid " + m.jvm.pid() + ")";
    }

    /** SIGKILLs the oldest member still in the group; returns what was done. */
    String kill() {
        Member m = oldest();
        if (m == null) {
            return "no member to kill";
        }
        synchronized (this) {
            cluster.resumeIfStopped(m.jvm);
            m.jvm.kill9();
            leave(m, "kill -9 " + m.name);
        }
        return "kill -9 " + m.name;
    }

    /** SIGTERMs the oldest member (a clean leave: its consumer unregisters). */
    String remove() {
        Member m = oldest();
        if (m == null) {
            return "no member to remove";
        }
        synchronized (this) {
            leave(m, "SIGTERM " + m.name); // it leaves now: from here on what it owns is the others' to take
        }
        cluster.resumeIfStopped(m.jvm);
        m.jvm.stop();
        return "SIGTERM " + m.name + " (exited)";
    }

    /**
     * SIGSTOPs the newest member that has joined (not one still starting); {@link #resume} sends SIGCONT. Returns
     * its name, or null.
     */
    synchronized String stop() {
        List<Member> in = inGroup().stream().filter(x -> x.joined).toList();
        if (in.isEmpty()) {
            return null;
        }
        Member m = in.get(in.size() - 1);
        cluster.pause(m.jvm);
        return m.name;
    }

    synchronized void resume(String name) {
        Member m = members.get(name);
        if (m != null && !m.gone) {
            cluster.resume(m.jvm);
        }
    }

    /**
     * Waits (bounded) until every launched member has joined and every queue has exactly one owner: the group is
     * formed before any fault. False when it did not happen within {@code timeout}.
     */
    boolean awaitFormed(java.time.Duration timeout) {
        boolean ok = FaultRun.awaitQuietly(timeout, () -> {
            synchronized (this) {
                Map<String, Integer> count = new HashMap<>();
                for (Member m : inGroup()) {
                    if (!m.joined) {
                        return false;
                    }
                    m.owned.forEach(q -> count.merge(q, 1, Integer::sum));
                }
                return queues.stream().allMatch(q -> count.getOrDefault(q, 0) == 1);
            }
        });
        formed = true;
        return ok;
    }

    /** How many members are in the group (launched, not killed or removed). */
    synchronized int size() {
        return inGroup().size();
    }

    private synchronized Member oldest() {
        List<Member> in = inGroup();
        return in.isEmpty() ? null : in.get(0);
    }

    private List<Member> inGroup() {
        List<Member> out = new ArrayList<>();
        for (Member m : members.values()) {
            if (!m.gone) {
                out.add(m);
            }
        }
        return out;
    }

    private void leave(Member m, String what) {
        m.gone = true;
        m.owned = Set.of();
        history.member(System.currentTimeMillis(), what);
    }

    private void tailLoop() {
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // the members report every 200 ms
            synchronized (this) {
                for (Member m : members.values()) {
                    read(m);
                }
                if (formed) {
                    sampleOwners();
                }
            }
        }
    }

    private void read(Member m) {
        try (RandomAccessFile f = new RandomAccessFile(m.file.toFile(), "r")) {
            if (f.length() <= m.position) {
                return;
            }
            byte[] buf = new byte[(int) (f.length() - m.position)];
            f.seek(m.position);
            f.readFully(buf);
            m.position += buf.length;
            String text = m.partial + new String(buf, StandardCharsets.UTF_8);
            int last = text.lastIndexOf('\n');
            m.partial = text.substring(last + 1);
            for (String line : text.substring(0, last + 1).split("\n")) {
                line(m, line.split("\t", -1));
            }
        } catch (IOException e) {
            history.event(new FaultEvent(System.currentTimeMillis(), "cannot read " + m.file + ": " + e));
        }
    }

    private void line(Member m, String[] f) {
        if (f[0].equals("D") && f.length == 5) {
            history.delivery(new DeliveryRecord(group, m.name, f[2], f[3], Long.parseLong(f[4]),
                    Long.parseLong(f[1])));
            delivered.add(f[2]);
        } else if (f[0].equals("J") && f.length == 2 && !m.gone) {
            history.event(new FaultEvent(Long.parseLong(f[1]), m.name + " starting its consumer"));
        } else if (f[0].equals("H") && f.length == 2 && !m.gone) {
            history.member(Long.parseLong(f[1]), m.name + " joining (first heartbeat)");
        } else if (f[0].equals("O") && f.length == 3 && !m.gone) {
            if (!m.joined) {
                m.joined = true;
                history.member(Long.parseLong(f[1]), m.name + " joined");
            }
            m.owned = f[2].isEmpty() ? Set.of() : Set.of(f[2].split(","));
        }
    }

    /** Records the queues that do not have exactly one owner among the members in the group, if any. */
    private void sampleOwners() {
        Map<String, List<String>> owners = new TreeMap<>();
        queues.forEach(q -> owners.put(q, new ArrayList<>()));
        for (Member m : members.values()) {
            if (!m.gone && m.joined) {
                m.owned.forEach(q -> owners.computeIfAbsent(q, k -> new ArrayList<>()).add(m.name));
            }
        }
        Map<String, List<String>> wrong = new HashMap<>();
        owners.forEach((q, who) -> {
            if (who.size() != 1) {
                wrong.put(q, who);
            }
        });
        if (!wrong.isEmpty() && members.values().stream().anyMatch(m -> !m.gone)) {
            history.ownership(System.currentTimeMillis(), new TreeMap<>(wrong).toString());
        }
    }

    /** Reads what is left of the reports (after the run), then stops every member by pid. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        tailer.join(5000);
        synchronized (this) {
            members.values().forEach(this::read);
        }
        for (Member m : members.values()) {
            cluster.resumeIfStopped(m.jvm);
            m.jvm.kill9();
        }
    }
}
