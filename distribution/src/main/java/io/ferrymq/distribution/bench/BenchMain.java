package io.ferrymq.distribution.bench;

import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ferry-bench}: load generator on the FerryMQ client. Prints progress every 5 s and one {@code RESULT}
 * line on stdout in the same format as the shared RocketMQ harness (HdrHistogram percentiles), progress on stderr.
 */
@Command(name = "ferry-bench", mixinStandardHelpOptions = true, description = "Produce and/or consume load.")
public final class BenchMain implements Callable<Integer> {
    private static final int PROGRESS_SECONDS = 5;

    @Option(names = {"-n", "--namesrv"}, defaultValue = "127.0.0.1:9876", description = "Name servers, ';'-separated.")
    String namesrv;

    @Option(names = {"-t", "--topic"}, defaultValue = "BenchTopic", description = "Topic, or the name prefix with "
            + "--topics > 1 (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--mode", defaultValue = "produce", description = "produce; consume (a new push group drains "
            + "the topics from their first offset); both (produce + a push group at the end, with born-to-received "
            + "latency). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--threads", defaultValue = "8", description = "Producer threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--size", defaultValue = "1024", description = "Body size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "1", description = "Messages per send (a batch when > 1; "
            + "default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--async", description = "Send asynchronously, up to --inflight sends outstanding per thread.")
    boolean async;

    @Option(names = "--inflight", defaultValue = "64", description = "Outstanding async sends per thread "
            + "(default: ${DEFAULT-VALUE}).")
    int inflight;

    @Option(names = "--topics", defaultValue = "1", description = "Spread the load over this many topics named "
            + "<topic>-0 .. <topic>-(N-1) (default: ${DEFAULT-VALUE}: just <topic>).")
    int topicCount;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds; with --messages the most "
            + "to wait (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--messages", defaultValue = "0", description = "consume mode: stop once this many messages "
            + "were received and report the drain rate (default: run --seconds).")
    long messages;

    @Option(names = "--queues", defaultValue = "0", description = "If > 0, create the topic(s) with this many queues "
            + "on --cluster first.")
    int queues;

    @Option(names = "--cluster", defaultValue = "DefaultCluster", description = "Cluster for --queues.")
    String cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);

    @Override
    public Integer call() throws Exception {
        validate();
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < topicCount; i++) {
            topics.add(topicCount == 1 ? topic : topic + "-" + i);
        }
        if (queues > 0) {
            try (AdminClient admin = new AdminClient(new AdminConfig().nameServers(namesrv)).start()) {
                for (String t : topics) {
                    admin.createOrUpdateTopic(cluster, t, queues, queues, AdminClient.PERM_READ_WRITE, false);
                }
            }
        }
        String run = Long.toString(System.nanoTime(), 36);
        boolean sending = !mode.equals("consume");
        ConsumeLoad consume = null;
        Producer producer = null;
        SendLoad send = null;
        try {
            if (!mode.equals("produce")) {
                consume = new ConsumeLoad(namesrv, "ferry_bench_" + run, topics, mode.equals("consume"),
                        mode.equals("both") ? run : null).start();
                if (sending) {
                    // the client rebalances once a second: give the group its queues before traffic starts
                    Thread.sleep(3000);
                }
            }
            if (sending) {
                byte[] body = new byte[size];
                ThreadLocalRandom.current().nextBytes(body);
                producer = new Producer(new ProducerConfig().nameServers(namesrv).group("ferry_bench_producer")
                        .compressBodyOverBytes(Integer.MAX_VALUE)).start();
                send = new SendLoad(producer, topics, body, batch, async, inflight, run).start(threads);
            }
            err.println("[warmup] " + warmup + " s");
            Thread.sleep(warmup * 1000L);
            setMeasuring(send, consume, true);
            long start = System.nanoTime();
            measure(send, consume, start);
            setMeasuring(send, consume, false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            out.println(result(send, consume, elapsed));
        } finally {
            if (send != null) {
                send.close();
            }
            if (producer != null) {
                producer.shutdown();
            }
            if (consume != null) {
                consume.close();
            }
        }
        return 0;
    }

    private void validate() {
        CommandLine cl = spec.commandLine(); // the running one: its error stream is the caller's
        if (!List.of("produce", "consume", "both").contains(mode)) {
            throw new CommandLine.ParameterException(cl, "--mode must be produce, consume or both, not '" + mode + "'");
        }
        check(cl, threads >= 1 && threads <= 1024, "--threads must be 1..1024");
        check(cl, size >= 1 && size <= 4 * 1024 * 1024, "--size must be 1..4194304 bytes");
        check(cl, batch >= 1 && batch <= 1024, "--batch must be 1..1024");
        check(cl, inflight >= 1 && inflight <= 10_000, "--inflight must be 1..10000");
        check(cl, topicCount >= 1 && topicCount <= 10_000, "--topics must be 1..10000");
        check(cl, seconds >= 1 && warmup >= 0, "--seconds must be >= 1 and --warmup >= 0");
        check(cl, messages >= 0, "--messages must be >= 0");
        check(cl, messages == 0 || mode.equals("consume"), "--messages applies to --mode consume only");
    }

    private static void check(CommandLine cl, boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(cl, message);
        }
    }

    private static void setMeasuring(SendLoad send, ConsumeLoad consume, boolean on) {
        if (send != null) {
            if (on) {
                send.latency.reset();
                send.errors.reset();
            }
            send.measuring.set(on);
        }
        if (consume != null) {
            if (on) {
                consume.e2eLatency.reset();
            }
            consume.measuring.set(on);
        }
    }

    /** Waits out the measured window (or the drain), printing progress every 5 s on stderr. */
    private void measure(SendLoad send, ConsumeLoad consume, long startNanos) throws InterruptedException {
        err.println("[measure] start");
        long end = startNanos + seconds * 1_000_000_000L;
        long nextProgress = startNanos + PROGRESS_SECONDS * 1_000_000_000L;
        long lastSent = 0;
        long lastReceived = 0;
        while (System.nanoTime() < end) {
            if (messages > 0 && consume != null && consume.received.sum() >= messages) {
                break;
            }
            Thread.sleep(100);
            long now = System.nanoTime();
            if (now >= nextProgress) {
                long sent = send == null ? 0 : send.acked.sum();
                long received = consume == null ? 0 : consume.received.sum();
                err.printf(Locale.ROOT, "[progress] %3d s  sent/s %.0f  received/s %.0f  errors %d%n",
                        (now - startNanos) / 1_000_000_000L, (sent - lastSent) / (double) PROGRESS_SECONDS,
                        (received - lastReceived) / (double) PROGRESS_SECONDS,
                        send == null ? 0 : send.errors.sum());
                lastSent = sent;
                lastReceived = received;
                nextProgress += PROGRESS_SECONDS * 1_000_000_000L;
            }
        }
        err.println("[measure] end");
    }

    private String result(SendLoad send, ConsumeLoad consume, double elapsed) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "RESULT mode=%s threads=%d size=%d batch=%d async=%s topics=%d seconds=%.1f", mode, threads, size,
                batch, async, topicCount, elapsed));
        if (send != null) {
            Histogram h = send.latency.getIntervalHistogram();
            long msgs = send.acked.sum();
            line.append(String.format(Locale.ROOT, " msgs=%d tps=%.0f mbps=%.2f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f "
                            + "max_ms=%.2f errors=%d", msgs, msgs / elapsed, msgs * (double) size / elapsed / 1e6,
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                    h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, send.errors.sum()));
        }
        if (consume != null) {
            long received = consume.received.sum();
            line.append(String.format(Locale.ROOT, " cons_msgs=%d cons_tps=%.0f", received, received / elapsed));
            if (send != null) {
                Histogram e = consume.e2eLatency.getIntervalHistogram();
                line.append(String.format(Locale.ROOT, " e2e_p50_ms=%.2f e2e_p99_ms=%.2f",
                        e.getValueAtPercentile(50) / 1e3, e.getValueAtPercentile(99) / 1e3));
            }
        }
        return line.toString();
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one benchmark: the RESULT line goes to {@code out}, progress and errors to {@code err}; the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        BenchMain bench = new BenchMain();
        bench.out = out;
        bench.err = err;
        CommandLine cl = new CommandLine(bench).setOut(out).setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ferry-bench: " + ex.getMessage() + " (see 'ferry-bench --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("ferry-bench: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
