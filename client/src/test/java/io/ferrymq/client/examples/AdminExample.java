package io.ferrymq.client.examples;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.AdminConfig;
import io.ferrymq.client.admin.ConsumerProgress;

import java.util.List;
import java.util.Map;

/** Cluster administration. */
public final class AdminExample {
    private AdminExample() {
    }

    public static void main(String[] args) {
        String nameServers = args.length > 0 ? args[0] : "127.0.0.1:9876";
        // [example]
        try (AdminClient admin = new AdminClient(new AdminConfig().nameServers(nameServers)).start()) {
            System.out.println(admin.clusterInfo().clusters());              // cluster -> broker groups
            admin.createTopic("DefaultCluster", "Orders", 8);                // on every master of the cluster
            admin.updateQueueNums("DefaultCluster", "Orders", 16, 16);       // expand (or shrink)
            System.out.println(admin.topicRoute("Orders").brokers());
            System.out.println(admin.topicStats("Orders"));                  // min/max offset per queue

            ConsumerProgress p = admin.consumerProgress("example-consumer");
            p.queues().forEach((q, qp) -> System.out.println(q + " lag " + qp.lag()));
            System.out.println("total lag " + p.totalLag());
            System.out.println(admin.consumerConnections("example-consumer").connections());

            // replay the last hour
            Map<MessageQueue, Long> reset = admin.resetOffsetByTimestamp("example-consumer", "Orders",
                System.currentTimeMillis() - 3_600_000);
            System.out.println("reset to " + reset);

            List<ReceivedMessage> byKey = admin.queryMessageByKey("Orders", "order-42", 32, 0, Long.MAX_VALUE);
            byKey.forEach(m -> System.out.println(m.msgId() + " " + m.tags()));
            if (!byKey.isEmpty()) {
                ReceivedMessage m = byKey.get(0);
                admin.queryMessageById("Orders", m.msgId());
                admin.queryMessageByOffset(m.queue(), m.queueOffset());
            }
            admin.deleteSubscriptionGroup("DefaultCluster", "example-consumer");
            admin.deleteTopic("DefaultCluster", "Orders");                    // brokers and name servers
        }
        // [/example]
    }
}
