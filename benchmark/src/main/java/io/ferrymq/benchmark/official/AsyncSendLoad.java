package io.ferrymq.benchmark.official;

import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Workload 5b: asynchronous sends ({@code producer.send(msg, callback, timeout)}) with at most {@code --inflight}
 * outstanding over all {@code --threads} threads; latency is send call to callback. The window is a semaphore: a
 * thread takes a permit before each send and the callback (or a send that throws) gives it back, exactly once per
 * send ({@link Completion}).
 */
final class AsyncSendLoad extends ProducerLoad {
    private final Semaphore window;

    AsyncSendLoad(BenchOptions o, Meter meter, String runId) {
        super(o, meter, runId);
        this.window = new Semaphore(o.inflight());
    }

    @Override
    void sendOne() throws InterruptedException {
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            return; // the window is full: look at the stop flag again
        }
        Completion c = new Completion();
        try {
            producer.send(Clients.message(o.topic(), body, runId), new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    if (c.settle()) {
                        window.release();
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            meter.success(c.micros());
                        } else {
                            meter.failure("async send status " + r.getSendStatus(), null);
                        }
                    }
                }

                @Override
                public void onException(Throwable e) {
                    if (c.settle()) {
                        window.release();
                        meter.failure("async send", e);
                    }
                }
            }, o.timeoutMs());
        } catch (Exception e) {
            if (c.settle()) {
                window.release();
                meter.failure("async send (not started)", e);
            }
            Thread.sleep(10); // no hot error loop while the broker is away
        }
    }

    /** Lets the outstanding sends settle before the producer goes, so none ends without being counted. */
    @Override
    void afterThreads() {
        try {
            if (!window.tryAcquire(o.inflight(), o.timeoutMs() + 2_000L, TimeUnit.MILLISECONDS)) {
                System.err.printf("warn: %d async sends still outstanding at shutdown%n",
                        o.inflight() - window.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
