package io.ferrymq.it.fault;

import io.ferrymq.it.ha.ProcessCluster.BrokerNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One fault run from start to verdict: fresh topics and groups on a running {@link FaultCluster}, the
 * {@link Workload} sending and consuming, the {@link FaultSchedule} played, a quiet tail, then heal, drain (every
 * group receives every acknowledged message, bounded), let the slaves catch up, read every acknowledged message back
 * from its group's slave, take a last look at the committed offsets, and {@link Checker check} the history.
 * Prints the one-line verdict and the table; a failing run's history file is kept and its path printed (passing
 * ones are deleted unless {@code -Dferrymq.keepHistories=true}).
 */
final class FaultRun {
    static final Path HISTORIES = Path.of("target", "fault-histories");
    private static final Duration DRAIN = Duration.ofSeconds(120);

    /** A finished run: its verdict, history, and the wall clock of the schedule's time 0. */
    record Result(Verdict verdict, History history, long scheduleStartMillis) {
    }

    private FaultRun() {
    }

    static Result run(FaultCluster cluster, String name, FaultSchedule schedule, int ratePerProducer)
            throws Exception {
        return run(cluster, name, schedule, WorkloadOptions.paced(ratePerProducer));
    }

    /** As above with a workload of {@code options}; a schedule with {@link FaultKind#CHURN} adds the churning group. */
    static Result run(FaultCluster cluster, String name, FaultSchedule schedule, WorkloadOptions options)
            throws Exception {
        if (schedule.steps().stream().anyMatch(s -> s.kind() == FaultKind.CHURN)) {
            options = options.withChurn();
        }
        String topic = name + "Topic";
        String ordered = name + "Ordered";
        cluster.createTopic(topic, 4);
        cluster.createTopic(ordered, 2);
        Files.createDirectories(HISTORIES);
        Path file = HISTORIES.resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + ".tsv");
        History history = History.toFile(file);
        long started = System.nanoTime();
        System.out.printf("[fault] %s: schedule %s; history %s%n", name, schedule, file.toAbsolutePath());
        long scheduleStart;
        try (Workload w = new Workload(cluster, history, name, topic, ordered, options)) {
            w.startConsumers();
            w.startProducers();
            if (!awaitQuietly(Duration.ofSeconds(60), () -> w.producers().stream().allMatch(p -> w.acknowledged(p) > 0))) {
                history.event(new FaultEvent(System.currentTimeMillis(), "not every producer had a SEND_OK within "
                        + "60 s of starting"));
            }
            scheduleStart = new ScheduleRunner(cluster, history, topic, w.churn()).play(schedule);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(schedule.quietTailMillis())); // the quiet tail
            w.stopProducers();
            cluster.healAll();
            long drainStart = System.nanoTime();
            boolean drained = awaitQuietly(DRAIN, () -> w.missing().isEmpty());
            history.event(new FaultEvent(System.currentTimeMillis(), drained
                    ? String.format("drained %.1f s after the sends stopped", (System.nanoTime() - drainStart) / 1e9)
                    : "NOT drained within " + DRAIN.toSeconds() + " s: still missing " + w.missing()));
            for (String g : FaultCluster.GROUPS) {
                BrokerNode m = cluster.master(g);
                BrokerNode s = cluster.slave(g);
                if (!awaitQuietly(Duration.ofSeconds(60), () -> {
                    long end = cluster.cluster.commitLogMaxOffset(m);
                    return end > 0 && end == cluster.cluster.commitLogMaxOffset(s);
                })) {
                    history.event(new FaultEvent(System.currentTimeMillis(), s.jvm.name() + " did not catch up with "
                            + m.jvm.name() + " within 60 s"));
                }
            }
            int read = SlaveReadCheck.run(cluster, history);
            history.event(new FaultEvent(System.currentTimeMillis(), read + " acknowledged messages read back from "
                    + "the slaves"));
            w.observeCommits();
        } finally {
            history.close();
        }
        Verdict v = Checker.check(name, history);
        System.out.println(v.oneLine());
        System.out.print(v.table());
        history.events().forEach(e -> System.out.printf("[fault] %s event %d %s%n", name, e.timeMillis(), e.what()));
        System.out.printf("[fault-figures] | %s | %d | %d | %d | %s | %s | %.0f s |%n", name, v.acknowledged(),
                v.lost().size(), v.duplicates(), longest(v), schedule, (System.nanoTime() - started) / 1e9);
        if (!v.passed()) {
            System.out.println("[fault] " + name + " FAILED: history kept for replay at " + file.toAbsolutePath()
                    + " (check it again with -Dferrymq.fault.replay=" + file.toAbsolutePath()
                    + " -Dtest=FaultHistoryReplayTest)");
        } else if (!Boolean.getBoolean("ferrymq.keepHistories")) {
            Files.deleteIfExists(file);
        }
        return new Result(v, history, scheduleStart);
    }

    private static String longest(Verdict v) {
        Verdict.Unavailability u = v.longestUnavailability();
        return u == null ? "none" : String.format("%.1f s (%s)", u.millis() / 1000.0, u.producer());
    }

    /** Polls {@code condition} every 100 ms until it holds (true) or {@code timeout} passes (false). */
    static boolean awaitQuietly(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return true;
    }

    /** Sends of a run to a group's queues that started and ended inside {@code [from, to]}, by outcome detail. */
    static Map<String, Integer> outcomesInside(History h, String brokerName, long from, long to) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (SendRecord s : h.sends()) {
            if (brokerName.equals(Queues.brokerName(s.queue())) && s.startMillis() >= from && s.endMillis() <= to) {
                out.merge(s.outcome() == Outcome.OK ? "SEND_OK" : s.detail(), 1, Integer::sum);
            }
        }
        return out;
    }
}
