package io.ferrymq.broker.admin;

import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.schedule.ScheduleMessageService;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ConsumeStats;
import io.ferrymq.remoting.protocol.body.ConsumeStatsList;
import io.ferrymq.remoting.protocol.body.GroupList;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.MessageQueue;
import io.ferrymq.remoting.protocol.body.OffsetWrapper;
import io.ferrymq.remoting.protocol.body.TopicOffset;
import io.ferrymq.remoting.protocol.body.TopicStatsTable;
import io.ferrymq.remoting.protocol.header.GetConsumeStatsInBrokerHeader;
import io.ferrymq.remoting.protocol.header.GetConsumeStatsRequestHeader;
import io.ferrymq.remoting.protocol.header.GetTopicStatsInfoRequestHeader;
import io.ferrymq.remoting.protocol.header.QueryTopicConsumeByWhoRequestHeader;
import io.ferrymq.store.MessageStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * GET_BROKER_RUNTIME_INFO, GET_TOPIC_STATS_INFO, GET_CONSUME_STATS, GET_BROKER_CONSUME_STATS, GET_ALL_CONSUMER_OFFSET,
 * GET_ALL_DELAY_OFFSET and QUERY_TOPIC_CONSUME_BY_WHO (docs/protocol.md 2.9, 4.5).
 */
public final class StatsProcessor implements RequestProcessor {
    private final String brokerName;
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final ConsumerRegistry consumers;
    private final MessageStore store;
    private final RuntimeInfo runtimeInfo;
    private final ScheduleMessageService schedule;
    private final String brokerAddr;
    private final SubscriptionGroupTable groups;
    /** Messages per second the group pulled from a topic in the last minute (issue 11's statistics). */
    private volatile java.util.function.ToDoubleBiFunction<String, String> consumeTps = (group, topic) -> 0;

    public StatsProcessor(String brokerName, String brokerAddr, TopicConfigTable topics, SubscriptionGroupTable groups,
                          ConsumerOffsetTable offsets, ConsumerRegistry consumers, MessageStore store,
                          RuntimeInfo runtimeInfo, ScheduleMessageService schedule) {
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
        this.groups = groups;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
        this.store = store;
        this.runtimeInfo = runtimeInfo;
        this.schedule = schedule;
    }

    /** Where GET_CONSUME_STATS reads {@code consumeTps} from: (group, topic) → messages per second. */
    public void consumeTpsFrom(java.util.function.ToDoubleBiFunction<String, String> tps) {
        this.consumeTps = tps;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO -> {
                KVTable t = new KVTable();
                t.setTable(new HashMap<>(runtimeInfo.snapshot()));
                return ok(Json.toBytes(t));
            }
            case RequestCode.GET_TOPIC_STATS_INFO -> {
                GetTopicStatsInfoRequestHeader h = request.readHeader(GetTopicStatsInfoRequestHeader::decode);
                TopicConfig tc = topics.get(h.topic());
                if (tc == null) {
                    return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic()
                            + "] not exist on broker " + brokerName);
                }
                Map<MessageQueue, TopicOffset> table = new LinkedHashMap<>();
                for (int i = 0; i < tc.maxQueueNums(); i++) {
                    TopicOffset o = new TopicOffset();
                    long max = store.maxOffset(h.topic(), i);
                    o.setMinOffset(store.minOffset(h.topic(), i));
                    o.setMaxOffset(max);
                    o.setLastUpdateTimestamp(max > 0 ? Math.max(0, store.storeTimeAt(h.topic(), i, max - 1)) : 0);
                    table.put(new MessageQueue(h.topic(), brokerName, i), o);
                }
                TopicStatsTable t = new TopicStatsTable();
                t.setOffsetTable(table);
                return ok(Json.toBytes(t));
            }
            case RequestCode.GET_CONSUME_STATS -> {
                return consumeStats(request.readHeader(GetConsumeStatsRequestHeader::decode));
            }
            case RequestCode.GET_BROKER_CONSUME_STATS -> {
                return brokerConsumeStats(request.readHeader(GetConsumeStatsInBrokerHeader::decode).order());
            }
            case RequestCode.GET_ALL_CONSUMER_OFFSET -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("offsetTable", offsets.snapshot());
                return ok(Json.toBytes(body));
            }
            case RequestCode.GET_ALL_DELAY_OFFSET -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("offsetTable", schedule == null ? Map.of() : schedule.progress());
                return ok(Json.toBytes(body));
            }
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> {
                QueryTopicConsumeByWhoRequestHeader h =
                        request.readHeader(QueryTopicConsumeByWhoRequestHeader::decode);
                HashSet<String> groups = new HashSet<>(consumers.groupsSubscribing(h.topic()));
                groups.addAll(offsets.groupsOf(h.topic()));
                GroupList gl = new GroupList();
                gl.setGroupList(groups);
                return ok(Json.toBytes(gl));
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "code " + request.code() + " not handled here");
            }
        }
    }

    private RemotingCommand consumeStats(GetConsumeStatsRequestHeader h) {
        String group = h.consumerGroup();
        Set<String> topicNames = new LinkedHashSet<>();
        if (h.topic() != null && !h.topic().isEmpty()) {
            topicNames.add(h.topic());
        } else if (h.topicList() != null && !h.topicList().isEmpty()) {
            for (String t : h.topicList().split(";")) {
                if (!t.isBlank()) {
                    topicNames.add(t.trim());
                }
            }
        } else {
            topicNames.addAll(offsets.topicsOf(group));
            ConsumerGroup cg = consumers.group(group);
            if (cg != null && !cg.subscriptions().isEmpty()) {
                topicNames.addAll(cg.subscriptions().keySet());
                topicNames.retainAll(cg.subscriptions().keySet());
            }
        }
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        for (String topic : topicNames) {
            TopicConfig tc = topics.get(topic);
            if (tc == null) {
                continue;
            }
            for (int i = 0; i < tc.readQueueNums(); i++) {
                OffsetWrapper w = new OffsetWrapper();
                long committed = Math.max(0, offsets.query(group, topic, i));
                w.setBrokerOffset(store.maxOffset(topic, i));
                w.setConsumerOffset(committed);
                w.setPullOffset(Math.max(committed, offsets.pullOffset(group, topic, i)));
                w.setLastTimestamp(committed > 0 ? Math.max(0, store.storeTimeAt(topic, i, committed - 1)) : 0);
                table.put(new MessageQueue(topic, brokerName, i), w);
            }
        }
        ConsumeStats cs = new ConsumeStats();
        cs.setOffsetTable(table);
        double tps = 0;
        for (String topic : topicNames) {
            tps += consumeTps.applyAsDouble(group, topic);
        }
        cs.setConsumeTps(tps);
        return ok(Json.toBytes(cs));
    }

    /**
     * Every subscription group's lag on this broker, per topic it has committed offsets in (RocketMQ's
     * {@code fetchAllConsumeStatsInBroker}): a topic the group no longer subscribes to while it has live
     * subscriptions is left out, as are non-order topics when only order topics are asked for.
     */
    private RemotingCommand brokerConsumeStats(boolean onlyOrderTopics) {
        List<Map<String, List<ConsumeStats>>> perGroup = new ArrayList<>();
        long totalDiff = 0;
        // one pass over the offset table, not one per group: thousands of groups stay linear
        Map<String, Set<String>> topicsByGroup = offsets.topicsByGroup();
        for (SubscriptionGroupConfig g : groups.all()) {
            String group = g.groupName();
            ConsumerGroup live = consumers.group(group);
            List<ConsumeStats> statsOfGroup = new ArrayList<>();
            for (String topic : topicsByGroup.getOrDefault(group, Set.of())) {
                TopicConfig tc = topics.get(topic);
                if (tc == null || (onlyOrderTopics && !tc.order())) {
                    continue;
                }
                if (live != null && !live.subscriptions().isEmpty() && live.subscription(topic) == null) {
                    continue;
                }
                Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
                for (int i = 0; i < tc.writeQueueNums(); i++) {
                    OffsetWrapper w = new OffsetWrapper();
                    long committed = Math.max(0, offsets.query(group, topic, i));
                    w.setBrokerOffset(Math.max(0, store.maxOffset(topic, i)));
                    w.setConsumerOffset(committed);
                    w.setPullOffset(Math.max(committed, offsets.pullOffset(group, topic, i)));
                    w.setLastTimestamp(committed > 0 ? Math.max(0, store.storeTimeAt(topic, i, committed - 1)) : 0);
                    table.put(new MessageQueue(topic, brokerName, i), w);
                }
                ConsumeStats cs = new ConsumeStats();
                cs.setOffsetTable(table);
                totalDiff += cs.computeTotalDiff();
                statsOfGroup.add(cs);
            }
            Map<String, List<ConsumeStats>> entry = new HashMap<>();
            entry.put(group, statsOfGroup);
            perGroup.add(entry);
        }
        ConsumeStatsList body = new ConsumeStatsList();
        body.setBrokerAddr(brokerAddr);
        body.setConsumeStatsList(perGroup);
        body.setTotalDiff(totalDiff);
        return ok(Json.toBytes(body));
    }

    private static RemotingCommand ok(byte[] body) {
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(body);
    }
}
