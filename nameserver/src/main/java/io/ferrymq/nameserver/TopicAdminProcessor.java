package io.ferrymq.nameserver;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.header.AddWritePermOfBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.AddWritePermOfBrokerResponseHeader;
import io.ferrymq.remoting.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.ferrymq.remoting.protocol.header.RegisterTopicRequestHeader;
import io.ferrymq.remoting.protocol.header.WipeWritePermOfBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.WipeWritePermOfBrokerResponseHeader;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admin changes to routes: DELETE_TOPIC_IN_NAMESRV, REGISTER_TOPIC_IN_NAMESRV, WIPE/ADD_WRITE_PERM_OF_BROKER. */
final class TopicAdminProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(TopicAdminProcessor.class);

    private final RouteTable routes;

    TopicAdminProcessor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        switch (request.code()) {
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> {
                DeleteTopicFromNamesrvRequestHeader h = request.readHeader(DeleteTopicFromNamesrvRequestHeader::decode);
                routes.deleteTopic(h.topic(), h.clusterName());
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.REGISTER_TOPIC_IN_NAMESRV -> {
                RegisterTopicRequestHeader h = request.readHeader(RegisterTopicRequestHeader::decode);
                TopicRouteData route = Json.parse(request.body(), TopicRouteData.class);
                if (route == null || route.getQueueDatas() == null || route.getQueueDatas().isEmpty()) {
                    return RemotingCommand.response(ResponseCode.INVALID_PARAMETER,
                            "REGISTER_TOPIC_IN_NAMESRV for " + h.topic() + " needs a TopicRouteData body with queueDatas");
                }
                int n = routes.registerTopic(h.topic(), route.getQueueDatas());
                log.info("topic {} registered by {} with {} of {} queue data entries", h.topic(),
                        channel.remoteAddress(), n, route.getQueueDatas().size());
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            case RequestCode.WIPE_WRITE_PERM_OF_BROKER -> {
                String brokerName = request.readHeader(WipeWritePermOfBrokerRequestHeader::decode).brokerName();
                int count = routes.wipeWritePerm(brokerName);
                log.info("write permission of broker {} wiped on {} topics (by {})", brokerName, count,
                        channel.remoteAddress());
                return RemotingCommand.response(ResponseCode.SUCCESS, null)
                        .writeHeader(new WipeWritePermOfBrokerResponseHeader().wipeTopicCount(count));
            }
            case RequestCode.ADD_WRITE_PERM_OF_BROKER -> {
                String brokerName = request.readHeader(AddWritePermOfBrokerRequestHeader::decode).brokerName();
                int count = routes.addWritePerm(brokerName);
                log.info("write permission of broker {} restored on {} topics (by {})", brokerName, count,
                        channel.remoteAddress());
                return RemotingCommand.response(ResponseCode.SUCCESS, null)
                        .writeHeader(new AddWritePermOfBrokerResponseHeader().addTopicCount(count));
            }
            default -> {
                return RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        " request type " + request.code() + " not supported");
            }
        }
    }
}
