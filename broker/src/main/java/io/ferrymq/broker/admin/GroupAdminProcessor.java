package io.ferrymq.broker.admin;

import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.wire.WireBodies;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.ferrymq.remoting.protocol.header.GetSubscriptionGroupConfigRequestHeader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, GET_ALL_SUBSCRIPTIONGROUP_CONFIG, DELETE_SUBSCRIPTIONGROUP and
 * GET_SUBSCRIPTIONGROUP_CONFIG (docs/protocol.md 2.9).
 */
public final class GroupAdminProcessor implements RequestProcessor {
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final TopicConfigTable topics;

    public GroupAdminProcessor(SubscriptionGroupTable groups, ConsumerOffsetTable offsets, TopicConfigTable topics) {
        this.groups = groups;
        this.offsets = offsets;
        this.topics = topics;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> {
                io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig w;
                try {
                    w = Json.parse(request.body(), io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig.class);
                } catch (JsonBodyException e) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
                }
                if (w == null || w.getGroupName() == null || w.getGroupName().isBlank()) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                            "body must be a SubscriptionGroupConfig with a groupName");
                }
                groups.put(WireBodies.groupConfig(w));
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST -> {
                io.ferrymq.remoting.protocol.body.SubscriptionGroupList list;
                try {
                    list = Json.parse(request.body(), io.ferrymq.remoting.protocol.body.SubscriptionGroupList.class);
                } catch (JsonBodyException e) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
                }
                if (list == null || list.getGroupConfigList() == null || list.getGroupConfigList().isEmpty()) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                            "body must be {\"groupConfigList\":[...]} with at least one group");
                }
                for (io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig w : list.getGroupConfigList()) {
                    if (w == null || w.getGroupName() == null || w.getGroupName().isBlank()) {
                        return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                                "every entry of groupConfigList needs a groupName; nothing was changed");
                    }
                }
                list.getGroupConfigList().forEach(w -> groups.put(WireBodies.groupConfig(w)));
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> {
                SubscriptionGroupWrapper body = new SubscriptionGroupWrapper();
                for (SubscriptionGroupConfig c : groups.all()) {
                    body.getSubscriptionGroupTable().put(c.groupName(), WireBodies.groupConfig(c));
                }
                return RemotingCommand.response(ResponseCode.SUCCESS, null).body(Json.toBytes(body));
            }
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> {
                DeleteSubscriptionGroupRequestHeader h =
                        request.readHeader(DeleteSubscriptionGroupRequestHeader::decode);
                groups.delete(h.groupName());
                if (h.cleanOffset()) {
                    offsets.removeGroup(h.groupName());
                    topics.delete(TopicNames.retryTopic(h.groupName()));
                    topics.delete(TopicNames.dlqTopic(h.groupName()));
                }
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> {
                GetSubscriptionGroupConfigRequestHeader h =
                        request.readHeader(GetSubscriptionGroupConfigRequestHeader::decode);
                SubscriptionGroupConfig c = groups.get(h.group());
                if (c == null) {
                    return RemotingCommand.response(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                            "subscription group " + h.group() + " does not exist");
                }
                return RemotingCommand.response(ResponseCode.SUCCESS, null)
                        .body(Json.toBytes(WireBodies.groupConfig(c)));
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "code " + request.code() + " not handled here");
            }
        }
    }
}
