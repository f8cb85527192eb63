package io.ferrymq.distribution.admin;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.ClientConnection;
import io.ferrymq.client.admin.ConsumerConnections;
import io.ferrymq.client.admin.ConsumerProgress;
import io.ferrymq.client.admin.QueueProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** consumerProgress, consumerConnection, resetOffsetByTime, deleteSubGroup. */
final class ConsumerCommands {
    private ConsumerCommands() {
    }

    @Command(name = "consumerProgress", mixinStandardHelpOptions = true,
            description = "Show a consumer group's committed offset and lag on every queue.")
    static final class Progress extends AdminCommand {
        @Option(names = {"-g", "--group"}, required = true, description = "Consumer group.")
        String group;

        @Option(names = {"-t", "--topic"}, description = "Only this topic.")
        String topic;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                ConsumerProgress p = topic == null ? admin.consumerProgress(group) : admin.consumerProgress(group, topic);
                Table t = new Table("#Topic", "#Broker", "#QID", "#BrokerOffset", "#ConsumerOffset", "#Lag",
                        "#LastConsumed");
                List<Map<String, Object>> json = new ArrayList<>();
                for (Map.Entry<MessageQueue, QueueProgress> e : new TreeMap<>(p.queues()).entrySet()) {
                    QueueProgress q = e.getValue();
                    t.row(e.getKey().topic(), e.getKey().brokerName(), e.getKey().queueId(), q.brokerOffset(),
                            q.consumerOffset(), q.lag(),
                            q.lastTimestamp() == 0 ? "" : java.time.Instant.ofEpochMilli(q.lastTimestamp()));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("queue", e.getKey());
                    row.put("brokerOffset", q.brokerOffset());
                    row.put("consumerOffset", q.consumerOffset());
                    row.put("lag", q.lag());
                    row.put("lastTimestamp", q.lastTimestamp());
                    json.add(row);
                }
                if (common.json) {
                    Map<String, Object> all = new LinkedHashMap<>();
                    all.put("group", group);
                    all.put("totalLag", p.totalLag());
                    all.put("consumeTps", p.consumeTps());
                    all.put("queues", json);
                    CommonOptions.printJson(out(), all);
                } else {
                    t.print(out());
                    out().println("total lag: " + p.totalLag() + ", consume TPS: " + p.consumeTps());
                    out().flush();
                }
                return 0;
            }
        }
    }

    @Command(name = "consumerConnection", mixinStandardHelpOptions = true,
            description = "Show the clients connected for a consumer group and their subscriptions.")
    static final class Connection extends AdminCommand {
        @Option(names = {"-g", "--group"}, required = true, description = "Consumer group.")
        String group;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                ConsumerConnections c = admin.consumerConnections(group);
                Table t = new Table("#ClientId", "#ClientAddr", "#Language", "#Version");
                for (ClientConnection cc : c.connections()) {
                    t.row(cc.clientId(), cc.clientAddr(), cc.language(), cc.version());
                }
                if (common.json) {
                    CommonOptions.printJson(out(), c);
                } else {
                    t.print(out());
                    out().println("model: " + c.messageModel() + ", type: " + c.consumeType());
                    out().flush();
                }
                return 0;
            }
        }
    }

    @Command(name = "resetOffsetByTime", mixinStandardHelpOptions = true,
            description = "Move a consumer group's offsets on a topic to the first message stored at or after a time; "
                    + "online consumers are told to jump there.")
    static final class ResetOffset extends AdminCommand {
        @Option(names = {"-g", "--group"}, required = true, description = "Consumer group.")
        String group;

        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-s", "--timestamp"}, required = true,
                description = "Epoch millis, 'now', ISO-8601 (2026-11-21T10:15:30Z) or yyyy-MM-dd#HH:mm:ss:SSS.")
        String timestamp;

        @Override
        public Integer call() {
            long ts = Timestamps.parse(timestamp);
            try (AdminClient admin = common.admin()) {
                Map<MessageQueue, Long> offsets = new TreeMap<>(admin.resetOffsetByTimestamp(group, topic, ts));
                Table t = new Table("#Broker", "#QID", "#NewOffset");
                offsets.forEach((q, o) -> t.row(q.brokerName(), q.queueId(), o));
                print(offsets, t);
                return 0;
            }
        }
    }

    @Command(name = "deleteSubGroup", mixinStandardHelpOptions = true,
            description = "Delete a subscription group (and its offsets) from every broker of a cluster.")
    static final class DeleteSubGroup extends AdminCommand {
        @Option(names = {"-c", "--cluster"}, required = true, description = "Cluster.")
        String cluster;

        @Option(names = {"-g", "--group"}, required = true, description = "Consumer group.")
        String group;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                admin.deleteSubscriptionGroup(cluster, group);
                out().println("subscription group " + group + " deleted from cluster " + cluster);
                out().flush();
                return 0;
            }
        }
    }
}
