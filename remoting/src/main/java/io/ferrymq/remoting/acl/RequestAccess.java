package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.ConsumerData;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.body.LockBatchRequestBody;
import io.ferrymq.remoting.protocol.body.SubscriptionData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request needs when ACL is on, by request code. Client codes need a signed account plus a permission on
 * the topics and consumer groups the request names (sends: PUB on the topic; pulls, offsets, heartbeats: SUB on the
 * topic and the group; a retry topic {@code %RETRY%g} counts as group {@code g}). A few codes need only a signed
 * account (route lookups, transaction ends). Every other code, known or not, is an admin request: it needs an admin
 * account. Stateless.
 */
public final class RequestAccess {
    private static final String RETRY_PREFIX = "%RETRY%";

    /** A topic or group permission a request needs. */
    public record Need(boolean group, String name, Perm perm) {
        public String describe() {
            return perm.text() + " on " + (group ? "group" : "topic") + " '" + name + "'";
        }
    }

    /** Codes any signed account may use without a resource permission. */
    private static final Set<Integer> SIGNED_ONLY = Set.of(RequestCode.GET_ROUTEINFO_BY_TOPIC,
            RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.END_TRANSACTION, RequestCode.CHECK_CLIENT_CONFIG);

    /** Codes with resource checks (see {@link #needs}). */
    private static final Set<Integer> RESOURCE_CODES = Set.of(RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2,
            RequestCode.SEND_BATCH_MESSAGE, RequestCode.SEND_REPLY_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2,
            RequestCode.CONSUMER_SEND_MSG_BACK, RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE,
            RequestCode.QUERY_MESSAGE, RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT,
            RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.UPDATE_CONSUMER_OFFSET,
            RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ,
            RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
            RequestCode.GET_EARLIEST_MSG_STORETIME);

    /** Admin codes that change state: always written to the audit log. */
    private static final Set<Integer> MUTATING_ADMIN = Set.of(RequestCode.UPDATE_AND_CREATE_TOPIC,
            RequestCode.UPDATE_AND_CREATE_TOPIC_LIST, RequestCode.DELETE_TOPIC_IN_BROKER,
            RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.DELETE_SUBSCRIPTIONGROUP,
            RequestCode.UPDATE_BROKER_CONFIG, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
            RequestCode.CONSUME_MESSAGE_DIRECTLY, RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
            RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER,
            RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_TOPIC_IN_NAMESRV,
            RequestCode.UPDATE_NAMESRV_CONFIG, RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
            RequestCode.DELETE_ACL_CONFIG, RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, RequestCode.AUTH_CREATE_USER,
            RequestCode.AUTH_UPDATE_USER, RequestCode.AUTH_DELETE_USER, RequestCode.AUTH_CREATE_ACL,
            RequestCode.AUTH_UPDATE_ACL, RequestCode.AUTH_DELETE_ACL);

    private RequestAccess() {
    }

    /** Whether {@code code} needs an admin account (every code not known as a client code). */
    public static boolean isAdmin(int code) {
        return !SIGNED_ONLY.contains(code) && !RESOURCE_CODES.contains(code);
    }

    /** Whether {@code code} changes broker or name-server state as an admin operation (audit log). */
    public static boolean isMutatingAdmin(int code) {
        return MUTATING_ADMIN.contains(code);
    }

    /**
     * The topic and group permissions {@code request} needs (empty for signed-only and admin codes).
     *
     * @throws IllegalArgumentException when the request lacks the field naming its resource, or its body
     *                                  cannot be read (the remark names which)
     */
    public static List<Need> needs(RemotingCommand request) {
        Map<String, String> ext = request.extFields() == null ? Map.of() : request.extFields();
        List<Need> out = new ArrayList<>();
        switch (request.code()) {
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_REPLY_MESSAGE -> topic(out, required(ext, "topic"),
                    Perm.PUB);
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2 ->
                    topic(out, required(ext, "b"), Perm.PUB);
            // the message goes back to the group's retry topic, so the group's SUB is what counts
            case RequestCode.CONSUMER_SEND_MSG_BACK -> group(out, required(ext, "group"));
            case RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE, RequestCode.UPDATE_CONSUMER_OFFSET,
                 RequestCode.QUERY_CONSUMER_OFFSET -> {
                topic(out, required(ext, "topic"), Perm.SUB);
                group(out, required(ext, "consumerGroup"));
            }
            case RequestCode.QUERY_MESSAGE, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                 RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_EARLIEST_MSG_STORETIME ->
                    topic(out, required(ext, "topic"), Perm.SUB);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> group(out, required(ext, "consumerGroup"));
            case RequestCode.UNREGISTER_CLIENT -> {
                String g = ext.get("consumerGroup");
                if (g != null && !g.isEmpty()) {
                    group(out, g);
                }
            }
            case RequestCode.HEART_BEAT -> {
                HeartbeatData hb = body(request, HeartbeatData.class);
                if (hb != null && hb.getConsumerDataSet() != null) {
                    for (ConsumerData c : hb.getConsumerDataSet()) {
                        group(out, c.getGroupName());
                        if (c.getSubscriptionDataSet() != null) {
                            for (SubscriptionData s : c.getSubscriptionDataSet()) {
                                topic(out, s.getTopic(), Perm.SUB);
                            }
                        }
                    }
                }
            }
            case RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ -> {
                LockBatchRequestBody b = body(request, LockBatchRequestBody.class);
                if (b == null || b.getConsumerGroup() == null) {
                    throw new IllegalArgumentException("the request body names no consumerGroup");
                }
                group(out, b.getConsumerGroup());
            }
            default -> {
            }
        }
        return out;
    }

    private static String required(Map<String, String> ext, String field) {
        String v = ext.get(field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the request has no '" + field + "' field");
        }
        return v;
    }

    private static <T> T body(RemotingCommand request, Class<T> type) {
        try {
            return Json.parse(request.body(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the request body is not a valid " + type.getSimpleName());
        }
    }

    private static void topic(List<Need> out, String topic, Perm perm) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("a topic name is empty");
        }
        if (topic.startsWith(RETRY_PREFIX)) {
            group(out, topic.substring(RETRY_PREFIX.length()));
        } else {
            out.add(new Need(false, topic, perm));
        }
    }

    private static void group(List<Need> out, String group) {
        if (group == null || group.isEmpty()) {
            throw new IllegalArgumentException("a consumer group name is empty");
        }
        out.add(new Need(true, group, Perm.SUB));
    }
}
