package io.ferrymq.benchmark.official;

import java.util.List;
import java.util.Locale;

/**
 * The flags of {@link OfficialBench}, parsed and validated. Flag names and defaults follow the shared harness
 * ({@code ../shared/bench/harness}) where the meaning is the same, so {@code benchmark/compare.sh} can pass the same
 * knobs to both drivers. Out-of-range values are refused with a message naming the flag, never clamped silently,
 * except {@code --seconds} and {@code --warmup}, which are capped like the harness caps them (300 s, 60 s).
 */
public final class BenchOptions {
    /** The workloads the shared harness cannot run (issue 14, workloads 5, 6 and 7). */
    public static final List<String> MODES = List.of("async", "topics", "rpc");
    public static final int MAX_SECONDS = 300;
    public static final int MAX_WARMUP = 60;

    String namesrv = "127.0.0.1:9876";
    String topic = "BenchTopic";
    String mode = "async";
    int threads = 8;
    int size = 1024;
    int seconds = 30;
    int warmup = 0;
    int queues = 0;
    int topics = 100;
    int inflight = 128;
    int responders = 20;
    int timeoutMs = 3000;
    long messages = 0;
    String createKey = "TBW102";

    public String namesrv() { return namesrv; }
    public String topic() { return topic; }
    public String mode() { return mode; }
    public int threads() { return threads; }
    public int size() { return size; }
    public int seconds() { return seconds; }
    public int warmup() { return warmup; }
    /** Queues to create each topic with before the run; 0: the topic must exist or be auto-created. */
    public int queues() { return queues; }
    /** topics mode: how many topics, named {@code <topic>-0 .. <topic>-(N-1)}. */
    public int topics() { return topics; }
    /** async mode: the most sends outstanding at once, over all threads. */
    public int inflight() { return inflight; }
    /** rpc mode: consume threads of the responder. */
    public int responders() { return responders; }
    /** Send / request timeout of the client, in milliseconds. */
    public int timeoutMs() { return timeoutMs; }
    public String createKey() { return createKey; }
    /** If > 0: the measured window ends once this many operations succeeded (or at --seconds), e.g. to fill a backlog. */
    public long messages() { return messages; }

    /** The topic names the run sends to: {@code topic} alone, or {@code topic-i} for each of {@code topics} in topics mode. */
    public List<String> topicNames() {
        if (!mode.equals("topics")) {
            return List.of(topic);
        }
        String[] names = new String[topics];
        for (int i = 0; i < topics; i++) {
            names[i] = topic + "-" + i;
        }
        return List.of(names);
    }

    /**
     * Parses {@code --flag value} pairs.
     *
     * @throws IllegalArgumentException naming the bad flag or value
     */
    public static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + flag + "' (flags are --name value)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--namesrv" -> o.namesrv = v;
                case "--topic" -> o.topic = v;
                case "--mode" -> o.mode = v.toLowerCase(Locale.ROOT);
                case "--threads" -> o.threads = number(flag, v);
                case "--size" -> o.size = number(flag, v);
                case "--seconds" -> o.seconds = number(flag, v);
                case "--warmup" -> o.warmup = number(flag, v);
                case "--queues" -> o.queues = number(flag, v);
                case "--topics" -> o.topics = number(flag, v);
                case "--inflight" -> o.inflight = number(flag, v);
                case "--responders" -> o.responders = number(flag, v);
                case "--timeout-ms" -> o.timeoutMs = number(flag, v);
                case "--create-key" -> o.createKey = v;
                case "--messages" -> o.messages = longNumber(flag, v);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        o.validate();
        return o;
    }

    private void validate() {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode must be one of " + MODES + ", not '" + mode + "'");
        }
        if (namesrv.isBlank() || topic.isBlank()) {
            throw new IllegalArgumentException("--namesrv and --topic must not be empty");
        }
        range("--threads", threads, 1, 1024);
        range("--size", size, 1, 4 * 1024 * 1024);
        range("--seconds", seconds, 1, Integer.MAX_VALUE);
        range("--warmup", warmup, 0, Integer.MAX_VALUE);
        range("--queues", queues, 0, 1024);
        range("--topics", topics, 1, 10_000);
        range("--inflight", inflight, 1, 100_000);
        range("--responders", responders, 1, 1024);
        range("--timeout-ms", timeoutMs, 100, 600_000);
        if (messages < 0) {
            throw new IllegalArgumentException("--messages must be >= 0, not " + messages);
        }
        seconds = Math.min(seconds, MAX_SECONDS);
        warmup = Math.min(warmup, MAX_WARMUP);
    }

    private static int number(String flag, String v) {
        long n = longNumber(flag, v);
        if (n != (int) n) {
            throw new IllegalArgumentException(flag + " is out of range: " + v);
        }
        return (int) n;
    }

    private static long longNumber(String flag, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, not '" + v + "'");
        }
    }

    private static void range(String flag, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ", not " + v);
        }
    }

    /** The one-line usage printed with a parse error. */
    public static String usage() {
        return "usage: OfficialBench --namesrv host:port --topic T --mode async|topics|rpc [--threads N] "
                + "[--size BYTES] [--seconds S<=300] [--warmup S<=60] [--queues Q] [--topics N] [--inflight W] "
                + "[--responders N] [--timeout-ms MS] [--messages N] [--create-key TBW102]";
    }
}
