package io.ferrymq.nameserver;

import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerResponseHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official rocketmq-remoting 5.3.3 client registers brokers the way an official broker does and fetches
 * routes the way the official producer/consumer does; the answers decode with the official classes.
 */
class OfficialClientCompatibilityTest {
    private NameServer ns;
    private NettyRemotingClient official;

    @BeforeEach
    void start() {
        ns = new NameServer(new NameServerConfig().listenPort(0).bindAddress("127.0.0.1")).start();
        official = new NettyRemotingClient(new NettyClientConfig());
        official.start();
    }

    @AfterEach
    void stop() {
        official.shutdown();
        ns.stop();
    }

    private RemotingCommand registerOfficially(String name, long id, String brokerAddr, boolean compressed,
                                               TopicConfig... topics) throws Exception {
        RegisterBrokerBody body = new RegisterBrokerBody();
        for (TopicConfig t : topics) {
            body.getTopicConfigSerializeWrapper().getTopicConfigTable().put(t.getTopicName(), t);
        }
        byte[] bytes = body.encode(compressed);
        RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader();
        h.setBrokerName(name);
        h.setBrokerId(id);
        h.setBrokerAddr(brokerAddr);
        h.setClusterName("DefaultCluster");
        h.setHaServerAddr(brokerAddr.replaceAll(":\\d+$", ":10912"));
        h.setCompressed(compressed);
        h.setBodyCrc32(org.apache.rocketmq.common.UtilAll.crc32(bytes));
        RemotingCommand req = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, h);
        req.setVersion(MQVersion.Version.V5_3_3.ordinal());
        req.setBody(bytes);
        RemotingCommand resp = official.invokeSync(ns.address(), req, 3000);
        assertEquals(ResponseCode.SUCCESS, resp.getCode(), resp.getRemark());
        return resp;
    }

    @Test
    void officialClientFetchesRouteAndDecodesIt() throws Exception {
        registerOfficially("broker-a", 0, "127.0.0.1:10911", false, new TopicConfig("TopicA", 4, 4, 6),
                new TopicConfig("TBW102", 8, 8, 7));
        RemotingCommand slaveResp = registerOfficially("broker-a", 1, "127.0.0.1:10921", true);
        RegisterBrokerResponseHeader rh = (RegisterBrokerResponseHeader) slaveResp
                .decodeCommandCustomHeader(RegisterBrokerResponseHeader.class);
        assertEquals("127.0.0.1:10911", rh.getMasterAddr());
        registerOfficially("broker-b", 0, "127.0.0.1:11911", true, new TopicConfig("TopicA", 2, 2, 6));

        GetRouteInfoRequestHeader h = new GetRouteInfoRequestHeader();
        h.setTopic("TopicA");
        RemotingCommand resp = official.invokeSync(ns.address(),
                RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, h), 3000);
        assertEquals(ResponseCode.SUCCESS, resp.getCode(), resp.getRemark());
        TopicRouteData route = TopicRouteData.decode(resp.getBody(), TopicRouteData.class);
        assertEquals(2, route.getQueueDatas().size());
        assertEquals(2, route.getBrokerDatas().size());
        BrokerData a = route.getBrokerDatas().stream().filter(b -> b.getBrokerName().equals("broker-a"))
                .findFirst().orElseThrow();
        assertEquals("127.0.0.1:10911", a.getBrokerAddrs().get(0L));
        assertEquals("127.0.0.1:10921", a.getBrokerAddrs().get(1L));
        assertEquals("DefaultCluster", a.getCluster());
        QueueData qb = route.getQueueDatas().stream().filter(q -> q.getBrokerName().equals("broker-b"))
                .findFirst().orElseThrow();
        assertEquals(2, qb.getWriteQueueNums());
        assertEquals(6, qb.getPerm());
        assertTrue(route.getFilterServerTable().isEmpty());

        h.setTopic("Missing");
        RemotingCommand missing = official.invokeSync(ns.address(),
                RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, h), 3000);
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, missing.getCode());

        RemotingCommand ci = official.invokeSync(ns.address(),
                RemotingCommand.createRequestCommand(RequestCode.GET_BROKER_CLUSTER_INFO, null), 3000);
        ClusterInfo info = ClusterInfo.decode(ci.getBody(), ClusterInfo.class);
        assertEquals(2, info.getClusterAddrTable().get("DefaultCluster").size());
        assertEquals("127.0.0.1:11911", info.getBrokerAddrTable().get("broker-b").selectBrokerAddr());
    }
}
