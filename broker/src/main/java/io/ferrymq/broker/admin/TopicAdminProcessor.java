package io.ferrymq.broker.admin;

import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.header.CreateTopicRequestHeader;
import io.ferrymq.remoting.protocol.header.DeleteTopicRequestHeader;
import io.ferrymq.remoting.protocol.header.GetTopicConfigRequestHeader;
import io.ferrymq.store.MessageStore;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UPDATE_AND_CREATE_TOPIC (and its _LIST form), DELETE_TOPIC_IN_BROKER, GET_ALL_TOPIC_CONFIG, GET_TOPIC_CONFIG (docs/protocol.md 2.9) and
 * GET_SYSTEM_TOPIC_LIST_FROM_BROKER (mqadmin exportMetadata leaves these topics out).
 * Creating or deleting a topic re-registers the broker with the name servers (through the topic table's change
 * listener), so the route follows within one round-trip.
 */
public final class TopicAdminProcessor implements RequestProcessor {
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final String clusterName;
    private final java.util.function.Supplier<java.util.Set<String>> systemTopics;

    public TopicAdminProcessor(TopicConfigTable topics, ConsumerOffsetTable offsets, MessageStore store,
                               String clusterName, java.util.function.Supplier<java.util.Set<String>> systemTopics) {
        this.systemTopics = systemTopics;
        this.topics = topics;
        this.offsets = offsets;
        this.store = store;
        this.clusterName = clusterName;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER -> {
                return RemotingCommand.response(ResponseCode.SUCCESS, null)
                        .body(Json.toBytes(new TopicList(systemTopics.get())));
            }
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> {
                CreateTopicRequestHeader h = request.readHeader(CreateTopicRequestHeader::decode);
                String bad = TopicNames.invalidReason(h.topic());
                if (bad != null) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, bad);
                }
                if (h.topic().equals(TopicNames.AUTO_CREATE_TOPIC_KEY)
                        || h.topic().equals(TopicNames.SCHEDULE_TOPIC)) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "the topic[" + h.topic()
                            + "] is a system topic and cannot be changed");
                }
                if (h.readQueueNums() <= 0 || h.writeQueueNums() <= 0 || h.readQueueNums() > 1024
                        || h.writeQueueNums() > 1024) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                            "readQueueNums and writeQueueNums must be in 1..1024");
                }
                String filter = h.topicFilterType() == null ? TopicConfig.SINGLE_TAG : h.topicFilterType();
                topics.put(new TopicConfig(h.topic(), h.readQueueNums(), h.writeQueueNums(), h.perm(), filter,
                        h.topicSysFlag() == null ? 0 : h.topicSysFlag(), h.order(), parseAttributes(h.attributes())));
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.UPDATE_AND_CREATE_TOPIC_LIST -> {
                return createTopicList(request);
            }
            case RequestCode.DELETE_TOPIC_IN_BROKER -> {
                DeleteTopicRequestHeader h = request.readHeader(DeleteTopicRequestHeader::decode);
                if (h.topic().equals(TopicNames.SCHEDULE_TOPIC)
                        || h.topic().equals(TopicNames.replyTopic(clusterName))) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "the topic[" + h.topic()
                            + "] is a system topic and cannot be deleted");
                }
                topics.delete(h.topic());
                offsets.removeTopic(h.topic());
                store.deleteTopic(h.topic());
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.GET_ALL_TOPIC_CONFIG -> {
                TopicConfigTable.FileContent snap = topics.snapshot();
                Map<String, io.ferrymq.remoting.protocol.body.TopicConfig> table = new HashMap<>();
                snap.topicConfigTable().forEach((k, v) -> table.put(k, WireBodies.topicConfig(v)));
                TopicConfigSerializeWrapper w = new TopicConfigSerializeWrapper(table,
                        WireBodies.dataVersion(snap.dataVersion()));
                return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(w));
            }
            case RequestCode.GET_TOPIC_CONFIG -> {
                GetTopicConfigRequestHeader h = request.readHeader(GetTopicConfigRequestHeader::decode);
                TopicConfig tc = topics.get(h.topic());
                if (tc == null) {
                    return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "no topic " + h.topic()
                            + " on this broker");
                }
                return RemotingCommand.response(ResponseCode.SUCCESS, null)
                        .body(Json.toBytes(WireBodies.topicConfig(tc)));
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "code " + request.code() + " not handled here");
            }
        }
    }

    /**
     * UPDATE_AND_CREATE_TOPIC_LIST: every topic of the body is checked first, so a bad entry changes nothing and
     * the answer names it; then all are created or updated.
     */
    private RemotingCommand createTopicList(RemotingCommand request) {
        io.ferrymq.remoting.protocol.body.CreateTopicListRequestBody body;
        try {
            body = Json.parse(request.body(), io.ferrymq.remoting.protocol.body.CreateTopicListRequestBody.class);
        } catch (io.ferrymq.remoting.protocol.JsonBodyException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        if (body == null || body.getTopicConfigList() == null || body.getTopicConfigList().isEmpty()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                    "body must be {\"topicConfigList\":[...]} with at least one topic");
        }
        java.util.List<TopicConfig> configs = new java.util.ArrayList<>();
        for (io.ferrymq.remoting.protocol.body.TopicConfig w : body.getTopicConfigList()) {
            String name = w.getTopicName();
            String bad = TopicNames.invalidReason(name);
            if (bad != null) {
                return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, bad);
            }
            if (name.equals(TopicNames.AUTO_CREATE_TOPIC_KEY) || name.equals(TopicNames.SCHEDULE_TOPIC)) {
                return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "the topic[" + name
                        + "] is a system topic and cannot be changed");
            }
            if (w.getReadQueueNums() <= 0 || w.getWriteQueueNums() <= 0 || w.getReadQueueNums() > 1024
                    || w.getWriteQueueNums() > 1024) {
                return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "topic " + name
                        + ": readQueueNums and writeQueueNums must be in 1..1024");
            }
            String filter = w.getTopicFilterType() == null ? TopicConfig.SINGLE_TAG : w.getTopicFilterType().name();
            configs.add(new TopicConfig(name, w.getReadQueueNums(), w.getWriteQueueNums(), w.getPerm(), filter,
                    w.getTopicSysFlag(), w.isOrder(), w.getAttributes() == null ? Map.of()
                            : new LinkedHashMap<>(w.getAttributes())));
        }
        configs.forEach(topics::put);
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    /** Parses RocketMQ's attribute syntax {@code +k=v,+k2=v2,-k3} (removals are ignored on create). */
    static Map<String, String> parseAttributes(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.startsWith("+")) {
                int eq = p.indexOf('=');
                if (eq > 1) {
                    out.put(p.substring(1, eq), p.substring(eq + 1));
                }
            }
        }
        return out;
    }
}
