package io.ferrymq.client.admin;

import io.ferrymq.client.BrokerException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.ConsumeStats;
import io.ferrymq.remoting.protocol.body.OffsetWrapper;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin client's calls addressed to one broker (what the web console uses), against a fake broker. */
class AdminClientBrokerCallsTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<RemotingCommand> received = new CopyOnWriteArrayList<>();
    private RemotingServer broker;
    private AdminClient admin;

    @BeforeEach
    void start() {
        broker = new RemotingServer(new RemotingServerConfig().name("fake-broker").bindAddress("127.0.0.1")
                .listenPort(0)).start();
        broker.registerProcessor(RequestCode.GET_BROKER_CONFIG, (ch, req) -> RemotingCommand.responseTo(req,
                ResponseCode.SUCCESS, null).body("brokerName=broker-a\nflushDiskType=ASYNC_FLUSH\n"
                .getBytes(StandardCharsets.UTF_8)), executor);
        broker.registerProcessor(RequestCode.UPDATE_BROKER_CONFIG, (ch, req) -> {
            received.add(req);
            String body = new String(req.body(), StandardCharsets.UTF_8);
            return body.contains("unknownKey")
                    ? RemotingCommand.responseTo(req, ResponseCode.INVALID_PARAMETER, "unknown key unknownKey")
                    : RemotingCommand.responseTo(req, ResponseCode.SUCCESS, "applied");
        }, executor);
        broker.registerProcessor(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, (ch, req) -> {
            SubscriptionGroupWrapper w = new SubscriptionGroupWrapper();
            w.getSubscriptionGroupTable().put("g1", new SubscriptionGroupConfig("g1"));
            w.getSubscriptionGroupTable().put("g2", new SubscriptionGroupConfig("g2"));
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null).body(Json.toBytes(w));
        }, executor);
        broker.registerProcessor(RequestCode.GET_CONSUME_STATS, (ch, req) -> {
            received.add(req);
            ConsumeStats cs = new ConsumeStats();
            OffsetWrapper o = new OffsetWrapper();
            o.setBrokerOffset(10);
            o.setConsumerOffset(4);
            o.setLastTimestamp(1234);
            cs.getOffsetTable().put(new io.ferrymq.remoting.protocol.body.MessageQueue("T", "broker-a", 0), o);
            cs.setConsumeTps(2.5);
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null).body(Json.toBytes(cs));
        }, executor);
        admin = new AdminClient(new AdminConfig().nameServers("127.0.0.1:1")).start();
    }

    @AfterEach
    void stop() {
        admin.shutdown();
        broker.shutdown();
        executor.shutdownNow();
    }

    private String addr() {
        return "127.0.0.1:" + broker.port();
    }

    @Test
    void readsTheBrokerConfigurationAsSortedKeys() {
        assertEquals(Map.of("brokerName", "broker-a", "flushDiskType", "ASYNC_FLUSH"), admin.brokerConfig(addr()));
    }

    @Test
    void updatesTheConfigurationAsPropertiesAndReportsARefusal() throws Exception {
        assertEquals("applied", admin.updateBrokerConfig(addr(), Map.of("flushDiskType", "SYNC_FLUSH")));
        Properties p = new Properties();
        p.load(new StringReader(new String(received.get(0).body(), StandardCharsets.UTF_8)));
        assertEquals("SYNC_FLUSH", p.getProperty("flushDiskType"));
        BrokerException e = assertThrows(BrokerException.class,
                () -> admin.updateBrokerConfig(addr(), Map.of("unknownKey", "1")));
        assertEquals(ResponseCode.INVALID_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("unknownKey"), e.getMessage());
    }

    @Test
    void listsSubscriptionGroups() {
        assertEquals(Set.of("g1", "g2"), admin.subscriptionGroups(addr()));
    }

    @Test
    void readsAGroupsProgressOnOneBrokerWithoutARoute() {
        ConsumerProgress p = admin.consumeStatsOn(addr(), "g1", null);
        QueueProgress q = p.queues().get(new MessageQueue("T", "broker-a", 0));
        assertEquals(6, q.lag());
        assertEquals(2.5, p.consumeTps());
        assertEquals("g1", received.get(0).extFields().get("consumerGroup"));
        assertTrue(!received.get(0).extFields().containsKey("topic"), "no topic: all of the group's topics");
    }

    @Test
    void refusesANegativeOffsetBeforeCallingTheBroker() {
        assertThrows(io.ferrymq.client.ClientException.class,
                () -> admin.commitOffset(addr(), "g1", new MessageQueue("T", "broker-a", 0), -1));
    }
}
