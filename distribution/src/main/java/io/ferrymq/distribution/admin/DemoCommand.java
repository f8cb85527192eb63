package io.ferrymq.distribution.admin;

import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.TopicRouteInfo;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Produces and consumes messages through the cluster and reports what happened (used by ferry-quickstart). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Create a topic on every broker group, send messages, read them all back, and report.")
final class DemoCommand extends AdminCommand {
    @Option(names = "--messages", defaultValue = "1000", description = "How many messages (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = {"-c", "--cluster"}, defaultValue = "DefaultCluster", description = "Cluster (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = {"-t", "--topic"}, defaultValue = "QuickstartDemo", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--timeout-seconds", defaultValue = "60", description = "Give up after (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (AdminClient admin = common.admin()) {
            admin.createOrUpdateTopic(cluster, topic, 8, 8, AdminClient.PERM_READ_WRITE, false);
            int groups = admin.brokersOf(cluster).size();
            while (true) {
                TopicRouteInfo r = routeOrNull(admin);
                if (r != null && r.queues().size() >= groups) {
                    out().println("demo: topic " + topic + " has 8 queues on each of " + groups + " broker group(s)");
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " did not appear in the route within "
                            + timeoutSeconds + " s");
                }
                Thread.sleep(200);
            }
        }
        Map<String, Integer> sentPerBroker = new TreeMap<>();
        long sendStart = System.nanoTime();
        try (Producer p = new Producer(common.secured(new ProducerConfig().nameServers(common.namesrv()).group("quickstart-demo")
                .instanceName("demo-" + run))).start()) {
            List<CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                Message m = new Message(topic, i % 2 == 0 ? "TagA" : "TagB", "demo-" + run + "-" + i,
                        ("hello FerryMQ #" + i).getBytes(StandardCharsets.UTF_8));
                sends.add(p.sendAsync(m));
            }
            for (CompletableFuture<SendResult> f : sends) {
                SendResult r = f.join();
                if (r.status() != SendStatus.SEND_OK) {
                    throw new IllegalStateException("a send answered " + r.status());
                }
                sentPerBroker.merge(r.queue().brokerName(), 1, Integer::sum);
            }
        }
        long sendMs = (System.nanoTime() - sendStart) / 1_000_000;
        out().println("demo: sent " + messages + " messages in " + sendMs + " ms: " + sentPerBroker);
        out().flush();

        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        Map<String, Integer> readPerBroker = new TreeMap<>();
        long readStart = System.nanoTime();
        try (LitePullConsumer c = new LitePullConsumer(common.secured(new LitePullConsumerConfig().nameServers(common.namesrv())
                .group("quickstart-demo-" + run).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .instanceName("demo-" + run)))) {
            c.subscribe(topic, "TagA || TagB");
            c.start();
            while (seen.size() < messages && System.nanoTime() < deadline) {
                for (ReceivedMessage m : c.poll(500)) {
                    if (m.keys() == null || !m.keys().startsWith("demo-" + run + "-")) {
                        continue; // an earlier demo run's message
                    }
                    if (seen.add(m.keys())) {
                        readPerBroker.merge(m.brokerName(), 1, Integer::sum);
                    } else {
                        duplicates++;
                    }
                }
            }
            c.commitSync();
        }
        long readMs = (System.nanoTime() - readStart) / 1_000_000;
        out().println("demo: consumed " + seen.size() + " of " + messages + " messages in " + readMs + " ms: "
                + readPerBroker + (duplicates > 0 ? ", " + duplicates + " duplicate deliveries" : ""));
        out().flush();
        if (seen.size() < messages) {
            throw new IllegalStateException("only " + seen.size() + " of " + messages + " messages came back within "
                    + timeoutSeconds + " s");
        }
        out().println("demo: OK — every message sent was consumed");
        out().flush();
        return 0;
    }

    private TopicRouteInfo routeOrNull(AdminClient admin) {
        try {
            return admin.topicRoute(topic);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
