package io.ferrymq.distribution.bench;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.consumer.ConsumeConcurrentlyStatus;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageListenerConcurrently;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.PushConsumerConfig;
import org.HdrHistogram.Recorder;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The consuming side of {@code ferry-bench}: one push consumer group on every topic. In {@code both} mode it
 * starts at the end of the queues and records born-to-received latency of this run's messages; in
 * {@code consume} mode it starts at the beginning and counts everything it receives (draining a backlog).
 *
 * <p>Threads: the consumer's listener threads count; the main thread reads the adders.
 */
final class ConsumeLoad implements AutoCloseable {
    private final PushConsumer consumer;
    /** Born-to-received latency in microseconds of this run's messages (both mode). */
    final Recorder e2eLatency = new Recorder(3);
    /** Messages received while measuring. */
    final LongAdder received = new LongAdder();
    /** Messages received since start, measuring or not (consume mode ends on it). */
    final LongAdder receivedTotal = new LongAdder();
    final AtomicBoolean measuring = new AtomicBoolean();

    ConsumeLoad(String namesrv, String group, List<String> topics, boolean fromStart, String run) {
        consumer = new PushConsumer(new PushConsumerConfig().nameServers(namesrv).group(group)
                .consumeFromWhere(fromStart ? ConsumeFromWhere.FIRST_OFFSET : ConsumeFromWhere.LAST_OFFSET));
        for (String t : topics) {
            consumer.subscribe(t, "*");
        }
        consumer.registerListener((MessageListenerConcurrently) (msgs, ctx) -> {
            long nowMicros = System.currentTimeMillis() * 1000;
            receivedTotal.add(msgs.size());
            if (!measuring.get()) {
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            }
            received.add(msgs.size());
            for (ReceivedMessage m : msgs) {
                String ts = m.property("bench_ts_us");
                if (run != null && ts != null && run.equals(m.property("bench_run"))) {
                    e2eLatency.recordValue(Math.max(0, nowMicros - Long.parseLong(ts)));
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
    }

    ConsumeLoad start() {
        consumer.start();
        return this;
    }

    @Override
    public void close() {
        consumer.shutdown();
    }
}
