package io.ferrymq.benchmark.official;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Load generator on the official Apache RocketMQ 5.3.3 client for the issue 14 workloads the shared harness
 * ({@code ../shared/bench/harness}) cannot run: {@code async} (workload 5b, a bounded window of asynchronous
 * sends), {@code topics} (workload 6, N topics x Q queues at once) and {@code rpc} (workload 7, request/reply
 * round trips with the callback {@code request}). It behaves like the harness so {@code benchmark/compare.sh}
 * drives both the same way: progress every 5 s and {@code [measure] start} / {@code [measure] end} on stderr
 * (the script samples broker CPU between them), exactly one {@code RESULT} line on stdout
 * ({@link ResultLine}), and a watchdog that ends the process at warm-up + seconds + 120 s whatever happens.
 *
 * <pre>
 * java -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
 *   io.ferrymq.benchmark.official.OfficialBench --namesrv 127.0.0.1:9876 --topic T --queues 8 --mode async
 * </pre>
 * Exit codes: 0 done, 1 the run failed (message on stderr), 2 bad arguments, 3 watchdog.
 */
public final class OfficialBench {
    /** Set-up allowance on top of warm-up + seconds: creating 100 topics, the responder's first rebalance. */
    static final long WATCHDOG_SLACK_SECONDS = 120;
    private static final long PROGRESS_MILLIS = 5_000;

    private OfficialBench() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.err.println(BenchOptions.usage());
            System.exit(0);
        }
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(BenchOptions.usage());
            System.exit(2);
            return;
        }
        startWatchdog(o);
        String runId = Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        System.err.printf(Locale.ROOT, "official-bench run=%s mode=%s namesrv=%s topic=%s threads=%d size=%d "
                        + "seconds=%d warmup=%d queues=%d%n", runId, o.mode(), o.namesrv(), o.topic(), o.threads(),
                o.size(), o.seconds(), o.warmup(), o.queues());
        Meter meter = new Meter();
        try (Load load = load(o, meter, runId)) {
            System.out.println(run(o, meter, load));
            System.out.flush();
        } catch (Exception e) {
            System.err.println("error: " + o.mode() + " run failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    static Load load(BenchOptions o, Meter meter, String runId) {
        return switch (o.mode()) {
            case "async" -> new AsyncSendLoad(o, meter, runId);
            case "topics" -> new TopicsLoad(o, meter, runId);
            case "rpc" -> new RpcLoad(o, meter, runId);
            default -> throw new IllegalArgumentException("no load for mode " + o.mode());
        };
    }

    /** Starts the load, warms up, measures, and returns the RESULT line; the caller closes the load. */
    private static String run(BenchOptions o, Meter meter, Load load) throws Exception {
        load.start();
        Thread progress = progress(meter);
        try {
            if (o.warmup() > 0) {
                System.err.printf("warmup %ds%n", o.warmup());
                Thread.sleep(o.warmup() * 1000L);
            }
            meter.startMeasuring();
            System.err.println("[measure] start");
            long t0 = System.nanoTime();
            long end = t0 + o.seconds() * 1_000_000_000L;
            // the measured window itself; with --messages it also ends once that many operations succeeded
            while (System.nanoTime() < end && (o.messages() == 0 || meter.measuredOk() < o.messages())) {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            meter.stopMeasuring();
            System.err.println("[measure] end");
            double seconds = (System.nanoTime() - t0) / 1e9;
            Histogram h = meter.measuredLatency();
            return ResultLine.format(o, seconds, meter.measuredOk(), meter.measuredErrors(), h);
        } finally {
            progress.interrupt();
        }
    }

    private static Thread progress(Meter meter) {
        Thread t = new Thread(() -> {
            long prevOk = meter.totalOk();
            long prevNanos = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(PROGRESS_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long ok = meter.totalOk();
                long now = System.nanoTime();
                System.err.printf(Locale.ROOT, "[progress] %.0f ops/s (ok %d, errors %d)%n",
                        (ok - prevOk) / ((now - prevNanos) / 1e9), ok, meter.totalErrors());
                prevOk = ok;
                prevNanos = now;
            }
        }, "bench-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void startWatchdog(BenchOptions o) {
        long budgetMillis = (o.warmup() + o.seconds() + WATCHDOG_SLACK_SECONDS) * 1000L;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(budgetMillis);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println(ResultLine.aborted(o.mode()));
            System.out.flush();
            System.err.println("error: watchdog: the run overran its budget of " + budgetMillis + " ms");
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
