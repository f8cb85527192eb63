package io.ferrymq.benchmark.official;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Official-client set-up shared by the loads, done the way the shared harness does it so the figures compare:
 * compression off (the wire is measured, not zlib), the harness's two user properties on every message
 * ({@code bench_run}, {@code bench_ts_us}), topics created through the key topic like {@code producer.createTopic}
 * in the harness.
 */
final class Clients {
    static final String PROP_RUN = "bench_run";
    static final String PROP_TS = "bench_ts_us";
    private static final long ROUTE_TIMEOUT_MS = 60_000;

    private Clients() {
    }

    static DefaultMQProducer producer(BenchOptions o, String group, String instance) {
        DefaultMQProducer p = new DefaultMQProducer(group);
        p.setNamesrvAddr(o.namesrv());
        p.setInstanceName(instance);
        p.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        p.setMaxMessageSize(Math.max(4 * 1024 * 1024, o.size() + 64 * 1024));
        p.setSendMsgTimeout(o.timeoutMs());
        return p;
    }

    /**
     * Creates (or updates) each topic with {@code o.queues()} queues through the key topic, then waits (bounded)
     * until the name server serves a route for each, so the measured sends do not include the route's propagation
     * (a broker registers new topics with the name server on its own schedule). Does nothing when {@code queues}
     * is 0. A failure ends the run: the workload would not be the one asked for.
     */
    static void createTopics(DefaultMQProducer p, BenchOptions o, List<String> topics)
            throws MQClientException, InterruptedException {
        if (o.queues() == 0) {
            return;
        }
        for (String t : topics) {
            p.createTopic(o.createKey(), t, o.queues(), Collections.emptyMap());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUTE_TIMEOUT_MS);
        for (String t : topics) {
            while (true) {
                try {
                    if (p.fetchPublishMessageQueues(t).size() >= o.queues()) {
                        break;
                    }
                } catch (MQClientException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new MQClientException("the name server served no route with " + o.queues()
                            + " queues for " + t + " within " + ROUTE_TIMEOUT_MS + " ms of creating it", null);
                }
                Thread.sleep(100);
            }
        }
        System.err.printf("created/updated %d topic(s) with %d queues; routes served%n", topics.size(), o.queues());
    }

    static byte[] randomBody(int size) {
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        return body;
    }

    static Message message(String topic, byte[] body, String runId) {
        Message m = new Message(topic, "bench", body);
        m.putUserProperty(PROP_RUN, runId);
        Instant now = Instant.now();
        m.putUserProperty(PROP_TS, Long.toString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
        return m;
    }
}
