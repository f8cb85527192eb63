package io.ferrymq.it.ha;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.nameserver.NameServer;
import io.ferrymq.nameserver.NameServerConfig;
import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.header.CreateTopicRequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A slave copies its master's topics, subscription groups and consumer offsets within seconds, and an offset
 * committed on the slave (as consumers do while the master is gone) is merged into the master: larger wins.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlaveMetadataSyncTest {
    @TempDir
    Path dir;
    private NameServer nameServer;
    private Broker master;
    private Broker slave;
    private final RemotingClient client = new RemotingClient(new RemotingClientConfig().name("sync-test"));

    @AfterEach
    void stop() {
        client.shutdown();
        if (slave != null) {
            slave.shutdown();
        }
        if (master != null) {
            master.shutdown();
        }
        if (nameServer != null) {
            nameServer.stop();
        }
    }

    private BrokerConfig config(long id) {
        BrokerConfig c = new BrokerConfig().brokerClusterName("SyncCluster").brokerName("broker-s").brokerId(id)
                .brokerRole(id == 0 ? BrokerRole.ASYNC_MASTER : BrokerRole.SLAVE).brokerIP1("127.0.0.1")
                .listenPort(0).haListenPort(0).namesrvAddr("127.0.0.1:" + nameServer.port())
                .storePathRootDir(dir.resolve("broker-" + id).toString()).registerNameServerPeriod(500)
                .haMetadataSyncIntervalMillis(300);
        c.storeValues().setText("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        return c;
    }

    private RemotingCommand call(String addr, RemotingCommand req) throws Exception {
        return client.invokeSync(addr, req, 3000);
    }

    private long committed(String addr, String group, String topic, int queue) {
        try {
            RemotingCommand r = call(addr, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                    .putExt("consumerGroup", group).putExt("topic", topic).putExt("queueId", Integer.toString(queue))
                    .putExt("setZeroIfNotFound", "false"));
            return r.code() == ResponseCode.SUCCESS ? Long.parseLong(r.extFields().get("offset")) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private void commit(String addr, String group, String topic, int queue, long offset) throws Exception {
        RemotingCommand r = call(addr, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .putExt("consumerGroup", group).putExt("topic", topic).putExt("queueId", Integer.toString(queue))
                .putExt("commitOffset", Long.toString(offset)));
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
    }

    private boolean answers(String addr, RemotingCommand req) {
        try {
            return call(addr, req).code() == ResponseCode.SUCCESS;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void slaveCopiesTopicsGroupsAndOffsetsAndPushesLargerOffsetsBack() throws Exception {
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)).start();
        master = new Broker(config(0)).start();
        slave = new Broker(config(1)).start();
        String m = master.address();
        String s = slave.address();

        assertEquals(ResponseCode.SUCCESS, call(m, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader().topic("SyncTopic").defaultTopic("TBW102").readQueueNums(4)
                        .writeQueueNums(4).perm(6).topicFilterType("SINGLE_TAG").topicSysFlag(0).order(false))).code());
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName("sync-group");
        group.setRetryMaxTimes(5);
        assertEquals(ResponseCode.SUCCESS, call(m, RemotingCommand.request(
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP).body(Json.toBytes(group))).code());
        commit(m, "sync-group", "SyncTopic", 2, 7);

        await("the topic on the slave", () -> answers(s, RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG)
                .putExt("topic", "SyncTopic")));
        await("the group on the slave", () -> answers(s, RemotingCommand.request(
                RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG).putExt("group", "sync-group")));
        await("the offset on the slave", () -> committed(s, "sync-group", "SyncTopic", 2) == 7);

        // A consumer that moved to the slave (master gone) commits further there; the master learns it.
        commit(s, "sync-group", "SyncTopic", 2, 11);
        await("the slave's larger offset on the master", () -> committed(m, "sync-group", "SyncTopic", 2) == 11);
        // ... and a smaller one on the slave never moves the master back.
        commit(m, "sync-group", "SyncTopic", 2, 15);
        await("the master's newer offset on the slave", () -> committed(s, "sync-group", "SyncTopic", 2) == 15);
        assertEquals(15, committed(m, "sync-group", "SyncTopic", 2));
    }
}
