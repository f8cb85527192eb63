package io.ferrymq.distribution.admin;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.LitePullConsumer;
import io.ferrymq.client.consumer.LitePullConsumerConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.ProducerConfig;
import io.ferrymq.client.producer.SendResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** queryMsgById, queryMsgByKey, queryMsgByOffset, sendMessage, consumeMessage. */
final class MessageCommands {
    private MessageCommands() {
    }

    static Map<String, Object> describe(ReceivedMessage m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("msgId", m.msgId());
        d.put("offsetMsgId", m.offsetMsgId());
        d.put("topic", m.topic());
        d.put("brokerName", m.brokerName());
        d.put("queueId", m.queueId());
        d.put("queueOffset", m.queueOffset());
        d.put("commitLogOffset", m.commitLogOffset());
        d.put("tags", m.tags());
        d.put("keys", m.keys());
        d.put("reconsumeTimes", m.reconsumeTimes());
        d.put("bornTimestamp", m.bornTimestamp());
        d.put("bornHost", m.bornHost() == null ? null : m.bornHost().toString());
        d.put("storeTimestamp", m.storeTimestamp());
        d.put("storeHost", m.storeHost() == null ? null : m.storeHost().toString());
        d.put("storeSize", m.storeSize());
        d.put("properties", m.properties());
        d.put("body", m.body() == null ? "" : new String(m.body(), StandardCharsets.UTF_8));
        return d;
    }

    static void printMessages(AdminCommand cmd, List<ReceivedMessage> messages) {
        if (cmd.common.json) {
            List<Map<String, Object>> all = new ArrayList<>();
            messages.forEach(m -> all.add(describe(m)));
            CommonOptions.printJson(cmd.out(), all);
            return;
        }
        if (messages.size() == 1) {
            Table t = new Table("#Field", "#Value");
            describe(messages.get(0)).forEach((k, v) -> t.row(k, v));
            t.print(cmd.out());
            return;
        }
        Table t = new Table("#MsgId", "#Broker", "#QID", "#Offset", "#Tags", "#Keys", "#StoreTime", "#Body");
        for (ReceivedMessage m : messages) {
            String body = m.body() == null ? "" : new String(m.body(), StandardCharsets.UTF_8);
            if (body.length() > 60) {
                body = body.substring(0, 57) + "...";
            }
            t.row(m.msgId(), m.brokerName(), m.queueId(), m.queueOffset(), m.tags(), m.keys(),
                    Instant.ofEpochMilli(m.storeTimestamp()), body.replace('\n', ' '));
        }
        t.print(cmd.out());
    }

    @Command(name = "queryMsgById", mixinStandardHelpOptions = true,
            description = "Find a message by its id: the offset id a send returns, or the client-side unique id.")
    static final class ById extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-i", "--msgId"}, required = true, description = "Message id.")
        String msgId;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                ReceivedMessage m = admin.queryMessageById(topic, msgId);
                if (m == null) {
                    throw new IllegalArgumentException("no message with id " + msgId + " in topic " + topic);
                }
                printMessages(this, List.of(m));
                return 0;
            }
        }
    }

    @Command(name = "queryMsgByKey", mixinStandardHelpOptions = true,
            description = "Find messages of a topic by business key (the KEYS property).")
    static final class ByKey extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-k", "--msgKey"}, required = true, description = "Key.")
        String key;

        @Option(names = "--max", defaultValue = "32", description = "Most messages to return (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = {"-b", "--beginTimestamp"}, description = "Stored at or after this time (default: the beginning).")
        String begin;

        @Option(names = {"-e", "--endTimestamp"}, description = "Stored at or before this time (default: now).")
        String end;

        @Override
        public Integer call() {
            long b = begin == null ? 0 : Timestamps.parse(begin);
            long e = end == null ? Long.MAX_VALUE : Timestamps.parse(end);
            try (AdminClient admin = common.admin()) {
                List<ReceivedMessage> found = admin.queryMessageByKey(topic, key, max, b, e);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("no message with key '" + key + "' in topic " + topic);
                }
                printMessages(this, found);
                return 0;
            }
        }
    }

    @Command(name = "queryMsgByOffset", mixinStandardHelpOptions = true,
            description = "Read the message at a queue offset.")
    static final class ByOffset extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-b", "--brokerName"}, required = true, description = "Broker group name, e.g. broker-a.")
        String brokerName;

        @Option(names = {"-i", "--queueId"}, required = true, description = "Queue id.")
        int queueId;

        @Option(names = {"-o", "--offset"}, required = true, description = "Queue offset.")
        long offset;

        @Override
        public Integer call() {
            try (AdminClient admin = common.admin()) {
                ReceivedMessage m = admin.queryMessageByOffset(new MessageQueue(topic, brokerName, queueId), offset);
                if (m == null) {
                    throw new IllegalArgumentException("no message at offset " + offset + " of " + topic + "/"
                            + brokerName + "/" + queueId);
                }
                printMessages(this, List.of(m));
                return 0;
            }
        }
    }

    @Command(name = "sendMessage", mixinStandardHelpOptions = true, description = "Send one message and print the result.")
    static final class Send extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-p", "--body"}, required = true, description = "Message body (UTF-8 text).")
        String body;

        @Option(names = {"-k", "--keys"}, description = "Keys, space-separated.")
        String keys;

        @Option(names = {"-c", "--tags"}, description = "Tag.")
        String tags;

        @Option(names = {"-d", "--delayLevel"}, defaultValue = "0", description = "Delay level 1..18 (0 = none).")
        int delayLevel;

        @Override
        public Integer call() {
            try (Producer p = new Producer(common.secured(new ProducerConfig().nameServers(common.namesrv())
                    .group("ferry-admin-producer").instanceName("ferry-admin-" + ProcessHandle.current().pid())
                    .sendTimeoutMillis(common.timeoutMillis))).start()) {
                Message m = new Message(topic, tags, keys, body.getBytes(StandardCharsets.UTF_8));
                if (delayLevel > 0) {
                    m.delayLevel(delayLevel);
                }
                SendResult r = p.send(m);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("status", r.status().name());
                d.put("msgId", r.msgId());
                d.put("offsetMsgId", r.offsetMsgId());
                d.put("brokerName", r.queue().brokerName());
                d.put("queueId", r.queue().queueId());
                d.put("queueOffset", r.queueOffset());
                Table t = new Table("#Field", "#Value");
                d.forEach(t::row);
                print(d, t);
                return 0;
            }
        }
    }

    @Command(name = "consumeMessage", mixinStandardHelpOptions = true,
            description = "Read messages of a topic (from the beginning by default) and print them.")
    static final class Consume extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "Topic.")
        String topic;

        @Option(names = {"-g", "--group"}, description = "Consumer group (default: a fresh one, so nothing is committed "
                + "for an existing group).")
        String group;

        @Option(names = {"-c", "--count"}, defaultValue = "32", description = "Stop after this many (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--wait-seconds", defaultValue = "5",
                description = "Stop after this long without a new message (default: ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Option(names = "--from", defaultValue = "first", description = "first or last (default: ${DEFAULT-VALUE}).")
        String from;

        @Override
        public Integer call() {
            ConsumeFromWhere where = switch (from) {
                case "first" -> ConsumeFromWhere.FIRST_OFFSET;
                case "last" -> ConsumeFromWhere.LAST_OFFSET;
                default -> throw new IllegalArgumentException("--from must be 'first' or 'last', got '" + from + "'");
            };
            boolean commit = group != null;
            String g = group != null ? group : "ferry-admin-consume-" + ProcessHandle.current().pid();
            List<ReceivedMessage> got = new ArrayList<>();
            try (LitePullConsumer c = new LitePullConsumer(common.secured(new LitePullConsumerConfig().nameServers(common.namesrv())
                    .group(g).consumeFromWhere(where).autoCommit(false)
                    .instanceName("ferry-admin-" + ProcessHandle.current().pid())))) {
                c.subscribe(topic, "*");
                c.start();
                long idleDeadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
                while (got.size() < count && System.nanoTime() < idleDeadline) {
                    List<ReceivedMessage> batch = c.poll(500);
                    if (!batch.isEmpty()) {
                        idleDeadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
                        for (ReceivedMessage m : batch) {
                            if (got.size() < count) {
                                got.add(m);
                            }
                        }
                    }
                }
                if (commit) {
                    c.commitSync();
                }
            }
            printMessages(this, got);
            if (!common.json) {
                out().println(got.size() + " message(s) read from " + topic + (commit ? " as group " + g : ""));
                out().flush();
            }
            return 0;
        }
    }
}
