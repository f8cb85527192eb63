package io.ferrymq.nameserver;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.header.AddWritePermOfBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.ferrymq.remoting.protocol.header.GetKVConfigRequestHeader;
import io.ferrymq.remoting.protocol.header.GetKVListByNamespaceRequestHeader;
import io.ferrymq.remoting.protocol.header.GetTopicsByClusterRequestHeader;
import io.ferrymq.remoting.protocol.header.PutKVConfigRequestHeader;
import io.ferrymq.remoting.protocol.header.QueryDataVersionRequestHeader;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.UnregisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.WipeWritePermOfBrokerRequestHeader;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ferrymq.nameserver.TestBrokers.TIMEOUT;
import static io.ferrymq.nameserver.TestBrokers.await;
import static io.ferrymq.nameserver.TestBrokers.body;
import static io.ferrymq.nameserver.TestBrokers.header;
import static io.ferrymq.nameserver.TestBrokers.register;
import static io.ferrymq.nameserver.TestBrokers.registerOk;
import static io.ferrymq.nameserver.TestBrokers.route;
import static io.ferrymq.nameserver.TestBrokers.routeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real name server on loopback, driven by our RemotingClient. */
class NameServerTest {
    private static final String CLUSTER = "C1";
    private static final String A_MASTER = "127.0.0.1:10911";

    private NameServer ns;
    private RemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        ns = new NameServer(new NameServerConfig().listenPort(0).bindAddress("127.0.0.1")
                .brokerExpiredMillis(60_000)).start();
        addr = ns.address();
        client = new RemotingClient(new RemotingClientConfig().name("test-client"));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        ns.stop();
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(addr, request, TIMEOUT);
    }

    @Test
    void registeredTopicIsRoutedWithQuotedKeys() throws Exception {
        RemotingCommand resp = registerOk(client, addr, header(CLUSTER, "broker-a", 0, A_MASTER),
                body(new DataVersion(0, 1, 1), new TopicConfig("TopicA", 4, 8, 6), new TopicConfig("TBW102", 8, 8, 7)));
        assertNotNull(resp.extFields(), "register response carries its header");
        assertNull(resp.ext().get("masterAddr"));

        RemotingCommand raw = routeRequest(client, addr, "TopicA");
        assertEquals(ResponseCode.SUCCESS, raw.code());
        String json = new String(raw.body(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}"), json);
        TopicRouteData r = Json.parse(raw.body(), TopicRouteData.class);
        assertEquals(List.of(new QueueData("broker-a", 4, 8, 6, 0)), r.getQueueDatas());
        assertEquals(1, r.getBrokerDatas().size());
        assertEquals(CLUSTER, r.getBrokerDatas().get(0).getCluster());
        assertEquals(A_MASTER, r.getBrokerDatas().get(0).selectMasterAddr());

        ClusterInfo ci = Json.parse(call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO)).body(),
                ClusterInfo.class);
        assertEquals(Set.of("broker-a"), ci.getClusterAddrTable().get(CLUSTER));
        assertEquals(A_MASTER, ci.getBrokerAddrTable().get("broker-a").selectMasterAddr());

        TopicList all = Json.parse(call(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER))
                .body(), TopicList.class);
        assertEquals(Set.of("TopicA", "TBW102"), all.getTopicList());
        TopicList byCluster = Json.parse(call(RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER,
                new GetTopicsByClusterRequestHeader().cluster(CLUSTER))).body(), TopicList.class);
        assertEquals(Set.of("TopicA", "TBW102"), byCluster.getTopicList());
        TopicList system = Json.parse(call(RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS))
                .body(), TopicList.class);
        assertEquals(Set.of(CLUSTER, "broker-a"), system.getTopicList());
        TopicList unit = Json.parse(call(RemotingCommand.request(RequestCode.GET_UNIT_TOPIC_LIST)).body(),
                TopicList.class);
        assertTrue(unit.getTopicList().isEmpty());

        assertEquals(ResponseCode.SUCCESS, call(RemotingCommand.request(RequestCode.UNREGISTER_BROKER,
                new UnregisterBrokerRequestHeader().clusterName(CLUSTER).brokerName("broker-a").brokerId(0)
                        .brokerAddr(A_MASTER))).code());
        assertNull(route(client, addr, "TopicA"));
    }

    @Test
    void unknownTopicIsTopicNotExistWithRemark() throws Exception {
        RemotingCommand resp = routeRequest(client, addr, "NoSuchTopic");
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, resp.code());
        assertTrue(resp.remark().contains("NoSuchTopic"), resp.remark());
        assertNull(resp.body());
    }

    @Test
    void slaveRegistrationReturnsMasterAddresses() throws Exception {
        registerOk(client, addr, header(CLUSTER, "broker-a", 0, A_MASTER), body(new DataVersion(),
                new TopicConfig("TopicA", 4, 4, 6)));
        RegisterBrokerRequestHeader slave = header(CLUSTER, "broker-a", 1, "127.0.0.1:10921");
        RemotingCommand resp = registerOk(client, addr, slave, body(new DataVersion()));
        assertEquals(A_MASTER, resp.ext().get("masterAddr"));
        assertEquals("127.0.0.1:10912", resp.ext().get("haServerAddr"));
        TopicRouteData r = route(client, addr, "TopicA");
        assertEquals(Map.of(0L, A_MASTER, 1L, "127.0.0.1:10921"), r.getBrokerDatas().get(0).getBrokerAddrs());
    }

    @Test
    void crcMismatchIsRejected() throws Exception {
        RegisterBrokerRequestHeader h = header(CLUSTER, "broker-a", 0, A_MASTER);
        byte[] bytes = body(new DataVersion(), new TopicConfig("TopicA", 4, 4, 6)).encode(false);
        h.bodyCrc32(RegisterBrokerBody.crc32(bytes) ^ 1);
        RemotingCommand resp = call(RemotingCommand.request(RequestCode.REGISTER_BROKER, h).body(bytes));
        assertEquals(ResponseCode.SYSTEM_ERROR, resp.code());
        assertEquals("crc32 not match", resp.remark());
        assertNull(route(client, addr, "TopicA"));
    }

    @Test
    void compressedRegistrationIsAccepted() throws Exception {
        RegisterBrokerRequestHeader h = header(CLUSTER, "broker-a", 0, A_MASTER).compressed(true);
        registerOk(client, addr, h, body(new DataVersion(), new TopicConfig("Zipped", 2, 2, 6)));
        assertEquals(2, route(client, addr, "Zipped").getQueueDatas().get(0).getReadQueueNums());
    }

    @Test
    void malformedHeaderIsInvalidParameterAndServerKeepsServing() throws Exception {
        RemotingCommand noTopic = call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC));
        assertEquals(ResponseCode.INVALID_PARAMETER, noTopic.code());
        assertTrue(noTopic.remark().contains("topic"), noTopic.remark());

        RemotingCommand badId = call(RemotingCommand.request(RequestCode.REGISTER_BROKER,
                header(CLUSTER, "broker-a", 0, A_MASTER)).putExt("brokerId", "zero"));
        assertEquals(ResponseCode.INVALID_PARAMETER, badId.code());
        assertTrue(badId.remark().contains("brokerId"), badId.remark());

        RemotingCommand badBody = call(RemotingCommand.request(RequestCode.REGISTER_BROKER,
                header(CLUSTER, "broker-a", 0, A_MASTER)).body("{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SYSTEM_ERROR, badBody.code());
        assertTrue(badBody.remark().contains("malformed register-broker body"), badBody.remark());

        registerOk(client, addr, header(CLUSTER, "broker-a", 0, A_MASTER), body(new DataVersion(),
                new TopicConfig("TopicA", 4, 4, 6)));
        assertNotNull(route(client, addr, "TopicA"));
    }

    @Test
    void closedBrokerConnectionRemovesTheBrokerAtOnce() throws Exception {
        RemotingClient brokerSide = new RemotingClient(new RemotingClientConfig().name("broker-side"));
        try {
            registerOk(brokerSide, addr, header(CLUSTER, "broker-a", 0, A_MASTER), body(new DataVersion(),
                    new TopicConfig("TopicA", 4, 4, 6)));
            assertNotNull(route(client, addr, "TopicA"));
        } finally {
            brokerSide.shutdown();
        }
        await(Duration.ofSeconds(5), () -> ns.routeTable().routeOf("TopicA") == null,
                "broker removed after its connection closed");
        assertEquals(0, ns.routeTable().liveBrokerCount());
    }

    @Test
    void silentBrokerExpires() throws Exception {
        NameServer shortLived = new NameServer(new NameServerConfig().listenPort(0).bindAddress("127.0.0.1")
                .brokerExpiredMillis(300).scanIntervalMillis(50)).start();
        // the broker role uses its own connection: expiry closes the expired broker's connection
        RemotingClient brokerSide = new RemotingClient(new RemotingClientConfig().name("broker-side"));
        try {
            registerOk(brokerSide, shortLived.address(), header(CLUSTER, "broker-a", 0, A_MASTER),
                    body(new DataVersion(), new TopicConfig("TopicA", 4, 4, 6)));
            assertNotNull(route(client, shortLived.address(), "TopicA"));
            await(Duration.ofSeconds(5), () -> shortLived.routeTable().liveBrokerCount() == 0,
                    "silent broker expired");
            assertNull(route(client, shortLived.address(), "TopicA"));
            assertEquals(0, shortLived.scanFailures());
            await(Duration.ofSeconds(5), () -> !brokerSide.isConnected(shortLived.address()),
                    "the expired broker's connection is closed by the name server");
        } finally {
            brokerSide.shutdown();
            shortLived.stop();
        }
    }

    @Test
    void adminRequests() throws Exception {
        registerOk(client, addr, header(CLUSTER, "broker-a", 0, A_MASTER), body(new DataVersion(0, 1, 7),
                new TopicConfig("TopicA", 4, 4, 6), new TopicConfig("TopicB", 4, 4, 6)));

        RemotingCommand wipe = call(RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                new WipeWritePermOfBrokerRequestHeader().brokerName("broker-a")));
        assertEquals("2", wipe.ext().get("wipeTopicCount"));
        assertEquals(4, route(client, addr, "TopicA").getQueueDatas().get(0).getPerm());
        RemotingCommand add = call(RemotingCommand.request(RequestCode.ADD_WRITE_PERM_OF_BROKER,
                new AddWritePermOfBrokerRequestHeader().brokerName("broker-a")));
        assertEquals("2", add.ext().get("addTopicCount"));
        assertEquals(6, route(client, addr, "TopicA").getQueueDatas().get(0).getPerm());

        assertEquals(ResponseCode.SUCCESS, call(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV,
                new DeleteTopicFromNamesrvRequestHeader().topic("TopicB"))).code());
        assertNull(route(client, addr, "TopicB"));

        TopicRouteData reg = new TopicRouteData();
        reg.getQueueDatas().add(new QueueData("broker-a", 1, 1, 6, 0));
        assertEquals(ResponseCode.SUCCESS, call(RemotingCommand.request(RequestCode.REGISTER_TOPIC_IN_NAMESRV,
                new io.ferrymq.remoting.protocol.header.RegisterTopicRequestHeader().topic("TopicC"))
                .body(Json.toBytes(reg))).code());
        assertEquals(1, route(client, addr, "TopicC").getQueueDatas().get(0).getWriteQueueNums());

        QueryDataVersionRequestHeader q = new QueryDataVersionRequestHeader().clusterName(CLUSTER)
                .brokerName("broker-a").brokerId(0).brokerAddr(A_MASTER);
        RemotingCommand same = call(RemotingCommand.request(RequestCode.QUERY_DATA_VERSION, q)
                .body(Json.toBytes(new DataVersion(0, 1, 7))));
        assertEquals("false", same.ext().get("changed"));
        assertEquals(7, Json.parse(same.body(), DataVersion.class).getCounter());
        RemotingCommand changed = call(RemotingCommand.request(RequestCode.QUERY_DATA_VERSION, q)
                .body(Json.toBytes(new DataVersion(0, 2, 8))));
        assertEquals("true", changed.ext().get("changed"));
    }

    @Test
    void kvConfigAndOrderTopicConfig() throws Exception {
        RemotingCommand missing = call(RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                new GetKVConfigRequestHeader().namespace("ns").key("k")));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, missing.code());

        assertEquals(ResponseCode.SUCCESS, call(RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                new PutKVConfigRequestHeader().namespace("ORDER_TOPIC_CONFIG").key("TopicA").value("broker-a:4")))
                .code());
        assertEquals("broker-a:4", call(RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                new GetKVConfigRequestHeader().namespace("ORDER_TOPIC_CONFIG").key("TopicA"))).ext().get("value"));
        KVTable list = Json.parse(call(RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE,
                new GetKVListByNamespaceRequestHeader().namespace("ORDER_TOPIC_CONFIG"))).body(), KVTable.class);
        assertEquals(Map.of("TopicA", "broker-a:4"), list.getTable());

        RemotingCommand reg = registerOk(client, addr, header(CLUSTER, "broker-a", 0, A_MASTER),
                body(new DataVersion(), new TopicConfig("TopicA", 4, 4, 6)));
        assertEquals(Map.of("TopicA", "broker-a:4"), Json.parse(reg.body(), KVTable.class).getTable());
        assertNull(route(client, addr, "TopicA").getOrderTopicConf(), "orderMessageEnable is off by default");

        RemotingCommand update = call(RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                .body("orderMessageEnable=true\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SUCCESS, update.code(), update.remark());
        assertEquals("broker-a:4", route(client, addr, "TopicA").getOrderTopicConf());
        String conf = new String(call(RemotingCommand.request(RequestCode.GET_NAMESRV_CONFIG)).body(),
                StandardCharsets.UTF_8);
        assertTrue(conf.contains("orderMessageEnable=true"), conf);

        RemotingCommand refused = call(RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                .body("listenPort=1\nbogusKey=1\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.NO_PERMISSION, refused.code(), "a key that cannot change at run time is refused");
        assertTrue(refused.remark().contains("'bogusKey' cannot be changed at run time"), refused.remark());
        assertFalse(conf.contains("bogusKey"));
    }

    @Test
    void unsupportedCodeIsAnsweredNotSupported() throws Exception {
        RemotingCommand resp = call(RemotingCommand.request(RequestCode.SEND_MESSAGE));
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, resp.code());
    }
}
