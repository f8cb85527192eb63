package io.ferrymq.nameserver;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.acl.SigningHook;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ferrymq.nameserver.TestBrokers.await;
import static io.ferrymq.nameserver.TestBrokers.body;
import static io.ferrymq.nameserver.TestBrokers.header;
import static io.ferrymq.nameserver.TestBrokers.register;
import static io.ferrymq.nameserver.TestBrokers.registerOk;
import static io.ferrymq.nameserver.TestBrokers.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A REGISTER_BROKER claiming a live broker's name and id from another address: refused without ACL while the
 * broker is alive (remark, log line, fault count), allowed once it is gone; with ACL on, only an admin account may
 * register at all, and it may move the broker.
 */
class BrokerImpersonationTest {
    private static final String REAL = "127.0.0.1:10911";
    private static final String IMPOSTOR = "10.66.6.6:10911";

    @TempDir
    Path dir;
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    private NameServer nameServer(NameServerConfig config) {
        NameServer ns = new NameServer(config.listenPort(0).bindAddress("127.0.0.1")).start();
        cleanup.add(ns::stop);
        return ns;
    }

    private RemotingClient client(String name, Credentials signer) {
        RemotingClient c = new RemotingClient(new RemotingClientConfig().name(name));
        if (signer != null) {
            c.setRequestHook(new SigningHook(signer));
        }
        cleanup.add(c::shutdown);
        return c;
    }

    @Test
    void withoutAclAStrangerCannotTakeALiveBrokersNameAndId() throws Exception {
        NameServer ns = nameServer(new NameServerConfig().brokerExpiredMillis(60_000));
        RemotingClient real = client("real-broker", null);
        registerOk(real, ns.address(), header("C1", "broker-a", 0, REAL), body(new DataVersion(),
                new TopicConfig("Orders", 4, 4, 6)));

        RemotingClient stranger = client("stranger", null);
        RemotingCommand refused = register(stranger, ns.address(), header("C1", "broker-a", 0, IMPOSTOR),
                body(new DataVersion(), new TopicConfig("Orders", 4, 4, 6)));
        assertEquals(ResponseCode.NO_PERMISSION, refused.code());
        assertTrue(refused.remark().contains("broker broker-a id 0 of cluster C1 is registered from " + REAL
                + " and alive"), refused.remark());
        assertEquals(Map.of(0L, REAL), route(real, ns.address(), "Orders").getBrokerDatas().get(0).getBrokerAddrs(),
                "the route still points at the real broker");
        assertEquals(1, ns.faults().count(BrokerRegistrationProcessor.FAULT_NAME_TAKEN));

        // another id of the group, or the real broker refreshing, are not affected
        registerOk(stranger, ns.address(), header("C1", "broker-a", 1, IMPOSTOR), body(new DataVersion()));
        registerOk(real, ns.address(), header("C1", "broker-a", 0, REAL), body(new DataVersion(),
                new TopicConfig("Orders", 4, 4, 6)));

        // once the real broker is gone (its connection closed), the name and id are free again
        real.shutdown();
        await(Duration.ofSeconds(10), () -> !ns.routeTable().clusterInfo().getBrokerAddrTable().get("broker-a")
                .getBrokerAddrs().containsKey(0L), "the real broker's registration to end with its connection");
        registerOk(stranger, ns.address(), header("C1", "broker-a", 0, "10.66.6.7:10911"), body(new DataVersion()));
    }

    @Test
    void withAclOnOnlyAnAdminAccountMayRegisterAndItMayMoveABroker() throws Exception {
        Path acl = Files.writeString(dir.resolve("plain_acl.yml"), """
                accounts:
                  - accessKey: ferry-broker
                    secretKey: broker-secret-1
                    admin: true
                  - accessKey: orders-app
                    secretKey: orders-secret-1
                    topicPerms: [Orders=PUB|SUB]
                """);
        NameServer ns = nameServer(new NameServerConfig().brokerExpiredMillis(60_000).aclEnable(true)
                .aclFile(acl.toString()));
        Credentials broker = new Credentials("ferry-broker", "broker-secret-1");
        registerOk(client("real-broker", broker), ns.address(), header("C1", "broker-a", 0, REAL),
                body(new DataVersion(), new TopicConfig("Orders", 4, 4, 6)));

        RemotingCommand unsigned = register(client("stranger", null), ns.address(),
                header("C1", "broker-a", 0, IMPOSTOR), body(new DataVersion()));
        assertEquals(ResponseCode.NO_PERMISSION, unsigned.code());
        assertTrue(unsigned.remark().contains("carries no AccessKey"), unsigned.remark());
        RemotingCommand notAdmin = register(client("app", new Credentials("orders-app", "orders-secret-1")),
                ns.address(), header("C1", "broker-a", 0, IMPOSTOR), body(new DataVersion()));
        assertEquals(ResponseCode.NO_PERMISSION, notAdmin.code());
        assertTrue(notAdmin.remark().contains("not an admin account"), notAdmin.remark());

        String moved = "127.0.0.1:20911";
        registerOk(client("moved-broker", broker), ns.address(), header("C1", "broker-a", 0, moved),
                body(new DataVersion(), new TopicConfig("Orders", 4, 4, 6)));
        assertEquals(moved, ns.routeTable().clusterInfo().getBrokerAddrTable().get("broker-a").getBrokerAddrs()
                .get(0L));
    }
}
