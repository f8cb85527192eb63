package io.ferrymq.distribution.admin;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.QueueStats;
import io.ferrymq.client.admin.TopicRouteInfo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** topicList, topicRoute, topicStatus, updateTopic, deleteTopic. */
final class TopicCommands {
    private TopicCommands() {
    }

    @Command(name = "topicList", mixinStandardHelpOptions = true, description = "List every topic the name server knows.")
    static final class TopicList extends AdminCommand {
        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                TreeSet<String> topics = new TreeSet<>(admin.topics());
                Table t = new Table("#Topic");
                topics.forEach(t::row);
                print(topics, t);
                return 0;
            }
        }
    }

    @Command(name = "topicRoute", mixinStandardHelpOptions = true,
            description = "Show a topic's route: queues per broker group and the groups' brokers.")
    static final class TopicRoute extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                TopicRouteInfo route = admin.topicRoute(topic);
                Table t = new Table("#Broker", "#ReadQueues", "#WriteQueues", "#Perm", "#Addresses");
                for (TopicRouteInfo.Queues q : route.queues()) {
                    String addrs = route.brokers().stream().filter(b -> b.brokerName().equals(q.brokerName()))
                            .map(b -> new TreeMap<>(b.addresses()).toString()).findFirst().orElse("");
                    t.row(q.brokerName(), q.readQueueNums(), q.writeQueueNums(), perm(q.perm()), addrs);
                }
                print(route, t);
                return 0;
            }
        }
    }

    static String perm(int perm) {
        return ((perm & 4) != 0 ? "R" : "-") + ((perm & 2) != 0 ? "W" : "-") + ((perm & 1) != 0 ? "X" : "-");
    }

    @Command(name = "topicStatus", mixinStandardHelpOptions = true,
            description = "Show every queue of a topic with its min and max offset and last update time.")
    static final class TopicStatus extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                Map<MessageQueue, QueueStats> stats = new TreeMap<>(admin.topicStats(topic));
                Table t = new Table("#Broker", "#QID", "#MinOffset", "#MaxOffset", "#LastUpdated");
                List<Map<String, Object>> json = new ArrayList<>();
                stats.forEach((q, s) -> {
                    t.row(q.brokerName(), q.queueId(), s.minOffset(), s.maxOffset(),
                            s.lastUpdateTimestamp() == 0 ? "" : java.time.Instant.ofEpochMilli(s.lastUpdateTimestamp()));
                    json.add(Map.of("queue", q, "minOffset", s.minOffset(), "maxOffset", s.maxOffset(),
                            "lastUpdateTimestamp", s.lastUpdateTimestamp()));
                });
                print(json, t);
                return 0;
            }
        }
    }

    static final class Target {
        @Option(names = {"-c", "--cluster"}, required = true, description = "Create or update on every master of this cluster.")
        String cluster;

        @Option(names = {"-b", "--brokerAddr"}, required = true, description = "Create or update on this broker only (ip:port).")
        String broker;
    }

    @Command(name = "updateTopic", mixinStandardHelpOptions = true,
            description = "Create a topic, or update its queue counts and permissions, on a cluster or one broker.")
    static final class UpdateTopic extends AdminCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-r", "--readQueueNums"}, defaultValue = "8", description = "Read queues (default: ${DEFAULT-VALUE}).")
        int readQueues;

        @Option(names = {"-w", "--writeQueueNums"}, defaultValue = "8", description = "Write queues (default: ${DEFAULT-VALUE}).")
        int writeQueues;

        @Option(names = {"-p", "--perm"}, defaultValue = "6",
                description = "Permission bits: 2 write, 4 read, 6 both (default: ${DEFAULT-VALUE}).")
        int perm;

        @Option(names = {"-o", "--order"}, description = "Mark the topic as ordered.")
        boolean order;

        @Override
        public Integer call() {
            if (readQueues < 1 || writeQueues < 1 || readQueues > 1024 || writeQueues > 1024) {
                throw new IllegalArgumentException("queue counts must be between 1 and 1024");
            }
            if (perm != 2 && perm != 4 && perm != 6) {
                throw new IllegalArgumentException("--perm must be 2 (write), 4 (read) or 6 (read and write), got " + perm);
            }
            try (AdminClient admin = common.admin()) {
                if (target.cluster != null) {
                    admin.createOrUpdateTopic(target.cluster, topic, readQueues, writeQueues, perm, order);
                } else {
                    try (BrokerDirectCalls direct = common.direct()) {
                        direct.createOrUpdateTopic(target.broker, topic, readQueues, writeQueues, perm, order);
                    }
                }
                out().println("topic " + topic + " created/updated on " + (target.cluster != null
                        ? "cluster " + target.cluster : "broker " + target.broker) + ": read " + readQueues
                        + ", write " + writeQueues + ", perm " + perm(perm) + (order ? ", ordered" : ""));
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "deleteTopic", mixinStandardHelpOptions = true,
            description = "Delete a topic from every broker of a cluster and from the name servers.")
    static final class DeleteTopic extends AdminCommand {
        @Option(names = {"-c", "--cluster"}, required = true, description = "Cluster.")
        String cluster;

        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                admin.deleteTopic(cluster, topic);
                out().println("topic " + topic + " deleted from cluster " + cluster);
                out().flush();
                return 0;
            }
        }
    }
}
