package io.ferrymq.distribution.bench;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.SendStatus;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ferry-bench}: load generator on the FerryMQ client. Prints one {@code RESULT} line on stdout in the
 * same format as the shared RocketMQ harness, progress on stderr.
 */
@Command(name = "ferry-bench", mixinStandardHelpOptions = true, description = "Produce and/or consume load.")
public final class BenchMain implements Callable<Integer> {
    @Option(names = {"-n", "--namesrv"}, defaultValue = "127.0.0.1:9876", description = "Name servers, ';'-separated.")
    String namesrv;

    @Option(names = {"-t", "--topic"}, defaultValue = "BenchTopic", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--mode", defaultValue = "produce", description = "produce, or both (produce + push consumer).")
    String mode;

    @Option(names = "--threads", defaultValue = "8", description = "Producer threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--size", defaultValue = "1024", description = "Body size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--queues", defaultValue = "0", description = "If > 0, create the topic with this many queues on "
            + "--cluster first.")
    int queues;

    @Option(names = "--cluster", defaultValue = "DefaultCluster", description = "Cluster for --queues.")
    String cluster;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("produce") && !mode.equals("both")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--mode must be produce or both");
        }
        if (queues > 0) {
            try (AdminClient admin = new AdminClient(new AdminConfig().nameServers(namesrv)).start()) {
                admin.createOrUpdateTopic(cluster, topic, queues, queues, AdminClient.PERM_READ_WRITE, false);
            }
        }
        Recorder sendLatency = new Recorder(3);
        Recorder e2eLatency = new Recorder(3);
        LongAdder consumed = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean();
        String run = Long.toString(System.nanoTime(), 36);
        PushConsumer consumer = null;
        if (mode.equals("both")) {
            consumer = new PushConsumer(new PushConsumerConfig().nameServers(namesrv).group("ferry_bench_" + run)
                    .consumeFromWhere(ConsumeFromWhere.LAST_OFFSET));
            consumer.subscribe(topic, "*");
            consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
                long now = System.currentTimeMillis() * 1000;
                for (ReceivedMessage m : msgs) {
                    String ts = m.property("bench_ts_us");
                    if (measuring.get() && run.equals(m.property("bench_run")) && ts != null) {
                        e2eLatency.recordValue(Math.max(0, now - Long.parseLong(ts)));
                        consumed.increment();
                    }
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            Thread.sleep(3000);
        }
        LongAdder errors = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        List<Thread> workers = new ArrayList<>();
        try (Producer producer = new Producer(new ProducerConfig().nameServers(namesrv).group("ferry_bench_producer")
                .compressBodyOverBytes(Integer.MAX_VALUE)).start()) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        Message m = new Message(topic, body).putUserProperty("bench_run", run)
                                .putUserProperty("bench_ts_us", Long.toString(System.currentTimeMillis() * 1000));
                        long s = System.nanoTime();
                        try {
                            if (producer.send(m).status() != SendStatus.SEND_OK) {
                                errors.increment();
                            }
                        } catch (RuntimeException e) {
                            errors.increment();
                            continue;
                        }
                        if (measuring.get()) {
                            sendLatency.recordValue(System.nanoTime() - s);
                        }
                    }
                }, "bench-producer-" + i);
                t.start();
                workers.add(t);
            }
            System.err.println("[warmup] " + warmup + " s");
            Thread.sleep(warmup * 1000L);
            sendLatency.reset();
            e2eLatency.reset();
            errors.reset();
            measuring.set(true);
            System.err.println("[measure] start");
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.err.println("[measure] end");
            Histogram h = sendLatency.getIntervalHistogram();
            Histogram e = e2eLatency.getIntervalHistogram();
            stop.set(true);
            for (Thread t : workers) {
                t.join(10_000);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "RESULT mode=%s threads=%d size=%d seconds=%.1f msgs=%d tps=%.0f mbps=%.2f p50_ms=%.2f p99_ms=%.2f "
                            + "p999_ms=%.2f max_ms=%.2f errors=%d",
                    mode, threads, size, elapsed, h.getTotalCount(), h.getTotalCount() / elapsed,
                    h.getTotalCount() * (double) size / elapsed / 1e6, h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6,
                    errors.sum()));
            if (consumer != null) {
                line.append(String.format(Locale.ROOT, " cons_msgs=%d cons_tps=%.0f e2e_p50_ms=%.2f e2e_p99_ms=%.2f",
                        consumed.sum(), consumed.sum() / elapsed, e.getValueAtPercentile(50) / 1e3,
                        e.getValueAtPercentile(99) / 1e3));
            }
            System.out.println(line);
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ferry-bench: " + ex.getMessage() + " (see 'ferry-bench --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("ferry-bench: " + ex.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
