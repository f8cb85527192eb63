package io.ferrymq.benchmark;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.netty.channel.ChannelHandlerContext;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request/response round trips over loopback: FerryMQ's remoting server and client against Apache RocketMQ's
 * rocketmq-remoting 5.3.3 server and client, in the same JVM run, alternating which goes first each round.
 *
 * <p>Each of N caller threads sends a synchronous request with a 1 KiB body (and a send-like header) and the
 * server echoes the body back. Both servers run the same processor on the same kind of executor; each
 * library otherwise uses its own defaults.
 *
 * <pre>
 * java -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" \
 *     io.ferrymq.benchmark.RemotingBench --callers 32 --seconds 20 --warmup 5 --rounds 2
 * </pre>
 */
public final class RemotingBench {
    private static final int CODE = 310;

    private interface Target extends AutoCloseable {
        String name();

        void call(byte[] body) throws Exception;

        @Override
        void close();
    }

    private record Result(String name, long ops, double seconds, Histogram latency) {
        double rps() {
            return ops / seconds;
        }

        String line() {
            return String.format(Locale.ROOT,
                    "RESULT impl=%s ops=%d rps=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f",
                    name, ops, rps(), latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
                    latency.getMaxValue() / 1000.0);
        }
    }

    public static void main(String[] args) throws Exception {
        int callers = 32;
        int seconds = 20;
        int warmup = 5;
        int size = 1024;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--callers" -> callers = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --callers N --seconds S --warmup S --size BYTES --rounds R");
            }
        }
        List<Result> ferry = new ArrayList<>();
        List<Result> rocket = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean ferryFirst = round % 2 == 1;
            for (int k = 0; k < 2; k++) {
                boolean runFerry = (k == 0) == ferryFirst;
                try (Target t = runFerry ? ferryTarget() : rocketTarget()) {
                    Result r = run(t, callers, seconds, warmup, size);
                    System.out.println(r.line() + " round=" + round + " callers=" + callers + " size=" + size);
                    (runFerry ? ferry : rocket).add(r);
                }
            }
        }
        double fr = ferry.stream().mapToDouble(Result::rps).average().orElse(0);
        double rr = rocket.stream().mapToDouble(Result::rps).average().orElse(0);
        double fp99 = ferry.stream().mapToDouble(r -> r.latency().getValueAtPercentile(99)).average().orElse(0);
        double rp99 = rocket.stream().mapToDouble(r -> r.latency().getValueAtPercentile(99)).average().orElse(0);
        System.out.printf(Locale.ROOT, "SUMMARY callers=%d size=%d rounds=%d rps_ratio=%.2f p99_ratio=%.2f"
                        + " (ferrymq/rocketmq; rps higher is better, p99 lower is better)%n",
                callers, size, rounds, fr / rr, fp99 / rp99);
    }

    private static Result run(Target t, int callers, int seconds, int warmup, int size) throws Exception {
        byte[] body = new byte[size];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(body);
        Recorder recorder = new Recorder(3);
        LongAdder ops = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Thread> threads = new ArrayList<>();
        LongAdder errors = new LongAdder();
        for (int i = 0; i < callers; i++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    long s = System.nanoTime();
                    try {
                        t.call(body);
                    } catch (Exception e) {
                        errors.increment();
                        continue;
                    }
                    if (measuring.get()) {
                        recorder.recordValue(System.nanoTime() - s);
                        ops.increment();
                    }
                }
            }, "bench-caller-" + i);
            th.start();
            threads.add(th);
        }
        Thread.sleep(warmup * 1000L);
        recorder.reset();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        Histogram h = recorder.getIntervalHistogram();
        stop.set(true);
        for (Thread th : threads) {
            th.join(10_000);
        }
        if (errors.sum() > 0) {
            System.err.println(t.name() + ": " + errors.sum() + " failed calls");
        }
        return new Result(t.name(), h.getTotalCount(), elapsed / 1e9, h);
    }

    private static Target ferryTarget() {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        RemotingServer server = new RemotingServer(new RemotingServerConfig().name("bench-ferry")
                .bindAddress("127.0.0.1"));
        server.registerProcessor(CODE, (ch, req) -> RemotingCommand.response(0, null)
                .putExt("msgId", "7F00000100002A9F00000000000004D2").putExt("queueId", "1")
                .putExt("queueOffset", "42").body(req.body()), executor);
        server.start();
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("bench-ferry-client"));
        String addr = "127.0.0.1:" + server.port();
        return new Target() {
            @Override
            public String name() {
                return "ferrymq";
            }

            @Override
            public void call(byte[] body) throws Exception {
                RemotingCommand req = RemotingCommand.request(CODE).putExt("a", "PG").putExt("b", "BenchTopic")
                        .putExt("c", "TBW102").putExt("d", "4").putExt("e", "1").putExt("f", "0")
                        .putExt("g", "1700000000000").putExt("h", "0").body(body);
                RemotingCommand r = client.invokeSync(addr, req, 3000);
                if (r.code() != 0 || r.body().length != body.length) {
                    throw new IllegalStateException("bad response " + r);
                }
            }

            @Override
            public void close() {
                client.shutdown();
                server.shutdown();
                executor.shutdownNow();
            }
        };
    }

    private static Target rocketTarget() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        NettyServerConfig sc = new NettyServerConfig();
        sc.setListenPort(0);
        sc.setBindAddress("127.0.0.1");
        NettyRemotingServer server = new NettyRemotingServer(sc);
        server.registerProcessor(CODE, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                org.apache.rocketmq.remoting.protocol.RemotingCommand r =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, null);
                r.addExtField("msgId", "7F00000100002A9F00000000000004D2");
                r.addExtField("queueId", "1");
                r.addExtField("queueOffset", "42");
                r.setBody(request.getBody());
                return r;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, executor);
        server.start();
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        String addr = "127.0.0.1:" + server.localListenPort();
        return new Target() {
            @Override
            public String name() {
                return "rocketmq";
            }

            @Override
            public void call(byte[] body) throws Exception {
                org.apache.rocketmq.remoting.protocol.RemotingCommand req =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(CODE, null);
                req.addExtField("a", "PG");
                req.addExtField("b", "BenchTopic");
                req.addExtField("c", "TBW102");
                req.addExtField("d", "4");
                req.addExtField("e", "1");
                req.addExtField("f", "0");
                req.addExtField("g", "1700000000000");
                req.addExtField("h", "0");
                req.setBody(body);
                org.apache.rocketmq.remoting.protocol.RemotingCommand r = client.invokeSync(addr, req, 3000);
                if (r.getCode() != 0 || r.getBody().length != body.length) {
                    throw new IllegalStateException("bad response " + r);
                }
            }

            @Override
            public void close() {
                client.shutdown();
                server.shutdown();
                executor.shutdownNow();
            }
        };
    }

    private RemotingBench() {
    }
}
