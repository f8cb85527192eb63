package io.ferrymq.benchmark.official;

import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workload 6: synchronous sends spread over {@code --topics} topics ({@code <topic>-0 ..}) of {@code --queues}
 * queues each, all at once: the threads share one producer and take the next topic from one round-robin counter,
 * so every topic gets the same share and the client keeps routes for all of them.
 */
final class TopicsLoad extends ProducerLoad {
    private final List<String> topics;
    private final AtomicLong next = new AtomicLong();

    TopicsLoad(BenchOptions o, Meter meter, String runId) {
        super(o, meter, runId);
        this.topics = o.topicNames();
    }

    @Override
    void sendOne() throws InterruptedException {
        String topic = topics.get((int) (next.getAndIncrement() % topics.size()));
        Completion c = new Completion();
        try {
            SendResult r = producer.send(Clients.message(topic, body, runId));
            if (r.getSendStatus() == SendStatus.SEND_OK) {
                meter.success(c.micros());
            } else {
                meter.failure("send to " + topic + " status " + r.getSendStatus(), null);
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            meter.failure("send to " + topic, e);
            Thread.sleep(10);
        }
    }
}
