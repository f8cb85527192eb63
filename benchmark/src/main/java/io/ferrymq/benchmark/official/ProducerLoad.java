package io.ferrymq.benchmark.official;

import org.apache.rocketmq.client.producer.DefaultMQProducer;

import java.util.ArrayList;
import java.util.List;

/**
 * A load of {@code --threads} threads sharing one official producer: {@link #start()} starts the producer,
 * creates the topics, runs {@link #beforeLoad()} and starts the threads, each calling {@link #sendOne} until
 * {@link #close()}. {@code close()} joins them (bounded), lets subclasses settle what is outstanding
 * ({@link #afterThreads()}) and shuts the producer down.
 */
abstract class ProducerLoad implements Load {
    final BenchOptions o;
    final Meter meter;
    final String runId;
    final byte[] body;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    DefaultMQProducer producer;

    ProducerLoad(BenchOptions o, Meter meter, String runId) {
        this.o = o;
        this.meter = meter;
        this.runId = runId;
        this.body = Clients.randomBody(o.size());
    }

    /** One operation of one thread; failures go to the meter, never out of here. */
    abstract void sendOne() throws InterruptedException;

    /** Called once the producer runs and the topics exist, before the threads start. */
    void beforeLoad() throws Exception {
    }

    /** Called after the threads ended, before the producer shuts down. */
    void afterThreads() {
    }

    @Override
    public final void start() throws Exception {
        producer = Clients.producer(o, "bench_pg_" + runId, "bench_" + runId);
        producer.start();
        Clients.createTopics(producer, o, o.topicNames());
        beforeLoad();
        for (int i = 0; i < o.threads(); i++) {
            Thread t = new Thread(this::loop, "bench-" + o.mode() + "-" + i);
            threads.add(t);
            t.start();
        }
    }

    private void loop() {
        try {
            while (!stop) {
                sendOne();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final void close() {
        stop = true;
        long joinMillis = o.timeoutMs() * 3L + 2_000; // a sync send may retry twice before it returns
        for (Thread t : threads) {
            try {
                t.join(joinMillis);
                if (t.isAlive()) {
                    System.err.println("warn: " + t.getName() + " did not stop within " + joinMillis + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        afterThreads();
        if (producer != null) {
            producer.shutdown();
        }
    }
}
