package io.ferrymq.it.metrics;

import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.it.BrokerProcess;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a live broker and name server, scraped over HTTP and parsed as Prometheus text after known
 * traffic from the official 5.3.3 client: the figures must equal what was sent, consumed and left behind.
 */
@Timeout(180)
class PrometheusMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static int freePort() throws IOException {
        return io.ferrymq.it.FreePorts.next();
    }

    private TestCluster cluster(java.util.function.Consumer<io.ferrymq.broker.config.BrokerConfig> extra)
            throws IOException {
        int brokerMetrics = freePort();
        int nsMetrics = freePort();
        TestCluster c = TestCluster.start(b -> {
            b.metricsPort(brokerMetrics).metricsRefreshMillis(200);
            extra.accept(b);
        }, ns -> ns.metricsPort(nsMetrics));
        toClose.add(c);
        return c;
    }

    @Test
    void seriesEqualTheTrafficSentConsumedAndLeftBehind() throws Exception {
        TestCluster cluster = cluster(b -> { });
        int port = cluster.broker().metricsPort();
        cluster.createTopic("MetricsTopic", 2);
        DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("MetricsProducer"));
        producer.start();
        toClose.add(producer::shutdown);
        for (int i = 0; i < 20; i++) {
            producer.send(new Message("MetricsTopic", ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        awaitTrue("20 messages in", WAIT, () -> Scrape.of(port).value("ferrymq_topic_in_messages_total",
                "topic", "MetricsTopic") == 20);
        Scrape s = Scrape.of(port);
        assertTrue(s.contentType().startsWith("text/plain; version=0.0.4"), s.contentType());
        assertTrue(s.value("ferrymq_topic_in_bytes_total", "topic", "MetricsTopic") > 20 * 2,
                "bytes in counts stored bytes");
        assertEquals(TestCluster.CLUSTER, s.find("ferrymq_topic_in_messages_total").get(0).labels().get("cluster"));
        assertTrue(s.value("ferrymq_request_seconds_count", "request", "send") >= 20, s.text());
        assertTrue(s.value("ferrymq_store_put_seconds_count") >= 20, "store put latency recorded");
        awaitTrue("a commit-log force timed (flushIntervalCommitLog passes)", WAIT,
                () -> Scrape.of(port).value("ferrymq_store_flush_seconds_count") >= 1);
        assertFalse(s.find("ferrymq_store_deleted_bytes_total").isEmpty(), "retention bytes series exported");
        assertTrue(s.value("ferrymq_producers_online", "group", "MetricsProducer") >= 1, "producer online");
        for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "jvm_gc_memory_allocated_bytes_total", "ferrymq_store_disk_used_ratio",
                "ferrymq_store_commitlog_max_offset_bytes", "ferrymq_client_connections")) {
            assertFalse(s.find(jvm).isEmpty(), jvm + " exported");
        }

        Set<String> seen = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = cluster.configure(new DefaultMQPushConsumer("MetricsGroup"));
        consumer.subscribe("MetricsTopic", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> seen.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        awaitTrue("20 consumed", WAIT, () -> seen.size() == 20);
        awaitTrue("20 out and no lag", WAIT, () -> {
            Scrape x = Scrape.of(port);
            return x.value("ferrymq_group_out_messages_total", "topic", "MetricsTopic", "group", "MetricsGroup") == 20
                    && x.value("ferrymq_consumer_lag_messages", "topic", "MetricsTopic", "group", "MetricsGroup") == 0;
        });
        assertTrue(Scrape.of(port).value("ferrymq_consumers_online", "group", "MetricsGroup") >= 1);
        consumer.shutdown();

        for (int i = 0; i < 7; i++) {
            producer.send(new Message("MetricsTopic", ("late" + i).getBytes(StandardCharsets.UTF_8)));
        }
        awaitTrue("lag of the stopped group = 7 unconsumed", WAIT, () -> Scrape.of(port).value(
                "ferrymq_consumer_lag_messages", "topic", "MetricsTopic", "group", "MetricsGroup") == 7);
        s = Scrape.of(port);
        assertEquals(7, s.sum("ferrymq_consumer_queue_lag_messages", "topic", "MetricsTopic", "group", "MetricsGroup"));
        assertTrue(s.value("ferrymq_consumer_lag_age_seconds", "topic", "MetricsTopic", "group", "MetricsGroup") >= 0);
        assertEquals(27, s.value("ferrymq_topic_in_messages_total", "topic", "MetricsTopic"));

        Scrape ns = Scrape.of(cluster.nameServer().metricsPort());
        assertEquals(1, ns.value("ferrymq_namesrv_brokers_live", "cluster", TestCluster.CLUSTER));
        assertTrue(ns.value("ferrymq_namesrv_topics") >= 2);
        assertTrue(ns.value("ferrymq_namesrv_requests_total", "request", "route", "code", "SUCCESS") >= 1, ns.text());
        assertTrue(ns.value("ferrymq_namesrv_requests_total", "request", "register_broker", "code", "SUCCESS") >= 1);
        assertFalse(ns.find("jvm_memory_used_bytes").isEmpty());
        assertFalse(ns.find("ferrymq_namesrv_fault_conditions_failing").isEmpty());
    }

    @Test
    void systemBusyAnswersAreCounted() throws Exception {
        TestCluster cluster = cluster(b -> b.sendMessageThreadPoolNums(1).sendThreadPoolQueueCapacity(1));
        RemotingClient client = new RemotingClient(new RemotingClientConfig().name("busy-it"));
        toClose.add(client::shutdown);
        // Far more sends at once than one thread and one queue slot take: the transport answers SYSTEM_BUSY.
        List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            answers.add(client.invokeAsync(cluster.brokerAddr(), RemotingCommand.request(RequestCode.SEND_MESSAGE_V2),
                    10_000));
        }
        long busy = 0;
        for (CompletableFuture<RemotingCommand> a : answers) {
            RemotingCommand r = a.get(30, TimeUnit.SECONDS);
            busy += r.code() == ResponseCode.SYSTEM_BUSY ? 1 : 0;
        }
        assertTrue(busy > 0, "the flood got SYSTEM_BUSY answers");
        long expected = busy;
        int port = cluster.broker().metricsPort();
        awaitTrue("SYSTEM_BUSY counted", WAIT, () -> Scrape.of(port).value("ferrymq_rejections_total",
                "request", "send", "code", "SYSTEM_BUSY") == expected);
        assertEquals(400 - expected, Scrape.of(port).value("ferrymq_rejections_total", "request", "send", "code",
                "INVALID_PARAMETER"), "the header-less sends that got through are rejected as INVALID_PARAMETER");
    }

    @Test
    void aKilledSlaveLeavesTheReplicationSeries() throws Exception {
        TestCluster cluster = cluster(b -> { });
        int port = cluster.broker().metricsPort();
        Path dir = Files.createTempDirectory("ferrymq-metrics-slave-");
        BrokerProcess slave = new BrokerProcess(dir, cluster.namesrvAddr(), Map.of("brokerId", "1",
                "brokerRole", "SLAVE"));
        toClose.add(() -> TestCluster.deleteRecursively(dir));
        toClose.add(slave);
        slave.start(cluster);
        cluster.createTopic("ReplTopic", 1);
        DefaultMQProducer producer = cluster.configure(new DefaultMQProducer("ReplProducer"));
        producer.start();
        toClose.add(producer::shutdown);
        producer.send(new Message("ReplTopic", "r".getBytes(StandardCharsets.UTF_8)));
        awaitTrue("slave connected and caught up", WAIT, () -> {
            Scrape s = Scrape.of(port);
            return s.value("ferrymq_replication_slaves_connected") == 1
                    && s.find("ferrymq_replication_slave_lag_bytes").size() == 1
                    && s.value("ferrymq_replication_slaves_in_sync") == 1;
        });
        slave.kill9();
        awaitTrue("killed slave gone from the replication series", WAIT, () -> {
            Scrape s = Scrape.of(port);
            return s.value("ferrymq_replication_slaves_connected") == 0
                    && s.find("ferrymq_replication_slave_lag_bytes").isEmpty()
                    && s.value("ferrymq_replication_slaves_in_sync") == 0;
        });
    }

    @Test
    void labelLimitHoldsWithThousandsOfTopicsAndGroups() throws Exception {
        TestCluster cluster = cluster(b -> b.metricsLabelLimit(50));
        BrokerStats stats = cluster.broker().stats();
        // Counted through the broker's own statistics (what its send and pull paths call), 3000 topics and groups.
        for (int i = 0; i < 3000; i++) {
            stats.onTopicPut("CapTopic" + i, 1, 100);
            stats.onGroupGet("CapTopic" + i, "CapGroup" + i, 2, 200);
        }
        int port = cluster.broker().metricsPort();
        awaitTrue("all 3000 topics counted", WAIT, () -> Scrape.of(port).sum("ferrymq_topic_in_messages_total") == 3000
                && Scrape.of(port).sum("ferrymq_group_out_messages_total") == 6000);
        Scrape s = Scrape.of(port);
        Set<String> topics = s.find("ferrymq_topic_in_messages_total").stream().map(x -> x.labels().get("topic"))
                .collect(Collectors.toSet());
        assertTrue(topics.size() <= 51, "at most 50 topics + other: " + topics.size());
        assertTrue(topics.contains("other"));
        assertTrue(s.value("ferrymq_topic_in_messages_total", "topic", "other") >= 2950);
        Set<String> groups = s.find("ferrymq_group_out_messages_total").stream().map(x -> x.labels().get("group"))
                .collect(Collectors.toSet());
        assertTrue(groups.size() <= 51, "at most 50 groups + other: " + groups.size());
        assertTrue(s.find("ferrymq_group_out_messages_total").size() <= 51 * 51);
        assertTrue(s.text().length() < 2_000_000, "scrape stays small: " + s.text().length() + " chars");
    }
}
