package io.ferrymq.nameserver;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.header.GetRouteInfoRequestHeader;
import io.ferrymq.remoting.protocol.header.GetTopicsByClusterRequestHeader;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.Collection;

/**
 * Client-facing queries: GET_ROUTEINFO_BY_TOPIC, GET_BROKER_CLUSTER_INFO and the topic lists. Runs on its own
 * executor so that a storm of broker registrations cannot delay route lookups.
 */
final class RouteQueryProcessor implements RequestProcessor {
    /** TopicSysFlag bits used by the unit-topic lists. */
    private static final int FLAG_UNIT = 0x1;
    private static final int FLAG_UNIT_SUB = 0x2;

    private final RouteTable routes;
    private final KvConfigTable kv;
    private final NameServerConfig config;

    RouteQueryProcessor(RouteTable routes, KvConfigTable kv, NameServerConfig config) {
        this.routes = routes;
        this.kv = kv;
        this.config = config;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> ok(Json.toBytes(routes.clusterInfo()));
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> config.enableAllTopicList()
                    ? topicList(routes.allTopics(), null)
                    : RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "disable");
            case RequestCode.GET_TOPICS_BY_CLUSTER ->
                    topicList(routes.topicsOfCluster(
                            request.readHeader(GetTopicsByClusterRequestHeader::decode).cluster()), null);
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> {
                RouteTable.SystemTopics st = routes.systemTopics();
                yield topicList(st.topics(), st.brokerAddr());
            }
            case RequestCode.GET_UNIT_TOPIC_LIST -> topicList(routes.topicsWithSysFlags(FLAG_UNIT, 0), null);
            case RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST ->
                    topicList(routes.topicsWithSysFlags(FLAG_UNIT_SUB, 0), null);
            case RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST ->
                    topicList(routes.topicsWithSysFlags(FLAG_UNIT_SUB, FLAG_UNIT), null);
            default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand route(RemotingCommand request) throws Exception {
        String topic = request.readHeader(GetRouteInfoRequestHeader::decode).topic();
        TopicRouteData route = routes.routeOf(topic);
        if (route == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic
                            + "; no registered broker serves it (create it on a broker, or enable auto-creation)");
        }
        if (config.orderMessageEnable()) {
            route.setOrderTopicConf(kv.get(KvConfigTable.NAMESPACE_ORDER_TOPIC_CONFIG, topic));
        }
        return ok(Json.toBytes(route));
    }

    private static RemotingCommand topicList(Collection<String> topics, String brokerAddr) {
        TopicList list = new TopicList(topics);
        list.setBrokerAddr(brokerAddr);
        return ok(Json.toBytes(list));
    }

    private static RemotingCommand ok(byte[] body) {
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(body);
    }
}
