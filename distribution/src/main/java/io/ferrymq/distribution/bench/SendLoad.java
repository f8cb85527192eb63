package io.ferrymq.distribution.bench;

import io.ferrymq.client.Message;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The producing side of {@code ferry-bench}: {@code threads} threads that each send, round-robin over the topics,
 * one message or a batch at a time, synchronously or with up to {@code inflight} asynchronous sends outstanding.
 * Latency (nanoseconds, send to answer) and counts are recorded only while {@link #measuring} is set.
 *
 * <p>Threads: each sending thread owns its loop; async answers arrive on the client's callback threads and
 * only touch the recorder and adders, which are thread-safe.
 */
final class SendLoad implements AutoCloseable {
    private final Producer producer;
    private final List<String> topics;
    private final byte[] body;
    private final int batch;
    private final int inflight;
    private final boolean async;
    private final String run;
    final Recorder latency = new Recorder(3);
    /** Messages acknowledged SEND_OK while measuring (a batch counts its messages). */
    final LongAdder acked = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    SendLoad(Producer producer, List<String> topics, byte[] body, int batch, boolean async, int inflight, String run) {
        this.producer = producer;
        this.topics = topics;
        this.body = body;
        this.batch = batch;
        this.async = async;
        this.inflight = inflight;
        this.run = run;
    }

    SendLoad start(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            int first = i;
            Thread t = new Thread(() -> loop(first), "bench-producer-" + i);
            t.start();
            threads.add(t);
        }
        return this;
    }

    private void loop(int first) {
        Semaphore window = new Semaphore(inflight);
        int next = first;
        while (!stop.get()) {
            String topic = topics.get(Math.floorMod(next++, topics.size()));
            List<Message> msgs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                msgs.add(new Message(topic, body).putUserProperty("bench_run", run)
                        .putUserProperty("bench_ts_us", Long.toString(System.currentTimeMillis() * 1000)));
            }
            long start = System.nanoTime();
            if (!async) {
                try {
                    record(batch == 1 ? producer.send(msgs.get(0)) : producer.send(msgs), start);
                } catch (RuntimeException e) {
                    errors.increment();
                }
                continue;
            }
            try {
                if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue; // all answers overdue: re-check stop, the client's own timeouts free the window
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            CompletableFuture<SendResult> f = batch == 1 ? producer.sendAsync(msgs.get(0)) : producer.sendAsync(msgs);
            f.whenComplete((r, ex) -> {
                window.release();
                if (ex != null) {
                    errors.increment();
                } else {
                    record(r, start);
                }
            });
        }
        window.acquireUninterruptibly(inflight); // the answers of the last sends, bounded by the client's timeout
    }

    private void record(SendResult r, long startNanos) {
        if (r.status() != SendStatus.SEND_OK) {
            errors.increment();
            return;
        }
        if (measuring.get()) {
            latency.recordValue(System.nanoTime() - startNanos);
            acked.add(batch);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
