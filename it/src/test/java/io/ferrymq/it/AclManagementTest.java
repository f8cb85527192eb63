package io.ferrymq.it;

import io.ferrymq.remoting.RemotingClient;
import io.ferrymq.remoting.RemotingClientConfig;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.Credentials;
import io.ferrymq.remoting.acl.SigningHook;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * RocketMQ's ACL 1.0 management codes 50-53 against a broker with ACL on, sent with the ext fields older
 * {@code mqadmin updateAclConfig / deleteAclConfig / clusterAclConfigVersion / updateGlobalWhiteAddr} (RocketMQ 4.x
 * to 5.2) send; the 5.3.3 tool no longer has these commands. A change is written to the accounts file and in force
 * for the next request; only admin accounts may make one.
 */
@Timeout(120)
class AclManagementTest {
    private static final String ACL = """
            accounts:
              - accessKey: it-admin
                secretKey: it-admin-secret
                admin: true
              - accessKey: it-broker
                secretKey: it-broker-secret
                admin: true
              - accessKey: orders-app
                secretKey: orders-secret
                topicPerms: [AclMgmt=PUB]
            """;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RemotingClient client(String ak, String sk) {
        RemotingClient c = new RemotingClient(new RemotingClientConfig().name("acl-mgmt-" + ak));
        c.setRequestHook(new SigningHook(new Credentials(ak, sk)));
        open.add(c::shutdown);
        return c;
    }

    /** UPDATE_AND_CREATE_ACL_CONFIG as mqadmin's updateAclConfig sends it (admin is always present). */
    private static RemotingCommand update(String accessKey, String secretKey, boolean admin, String topicPerms) {
        RemotingCommand r = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG)
                .putExt("accessKey", accessKey).putExt("admin", Boolean.toString(admin))
                .putExt("defaultTopicPerm", "DENY").putExt("defaultGroupPerm", "SUB");
        if (secretKey != null) {
            r.putExt("secretKey", secretKey);
        }
        if (topicPerms != null) {
            r.putExt("topicPerms", topicPerms);
        }
        return r;
    }

    @Test
    void adminAccountsManageAccountsOverTheWireAndChangesApplyAtOnce() throws Exception {
        Path aclFile = Files.writeString(dir.resolve("plain_acl.yml"), ACL);
        TestCluster cluster = TestCluster.start(Files.createDirectory(dir.resolve("cluster")),
                ns -> ns.aclEnable(true).aclFile(aclFile.toString()),
                b -> b.aclEnable(true).aclFile(aclFile.toString()).innerCredentials("it-broker", "it-broker-secret"),
                new Credentials("it-admin", "it-admin-secret"));
        open.add(cluster);
        cluster.createTopic("AclMgmt", 2);
        String broker = cluster.brokerAddr();
        RemotingClient admin = client("it-admin", "it-admin-secret");

        RemotingCommand before = admin.invokeSync(broker, RemotingCommand.request(
                RequestCode.GET_BROKER_CLUSTER_ACL_INFO), 5000);
        assertEquals(ResponseCode.SUCCESS, before.code(), before.remark());
        assertEquals("broker-a", before.extFields().get("brokerName"));
        assertEquals(TestCluster.CLUSTER, before.extFields().get("clusterName"));
        assertTrue(before.extFields().get("version").contains("\"counter\":1"), before.extFields().toString());

        // a new account: written to the file and usable by the official client at once
        RemotingCommand created = admin.invokeSync(broker, update("billing-app", "billing-secret-1", false,
                "AclMgmt=PUB"), 5000);
        assertEquals(ResponseCode.SUCCESS, created.code(), created.remark());
        AclRules onDisk = AclRules.parse(Files.readString(aclFile));
        assertNotNull(onDisk.account("billing-app"), "persisted to the accounts file");
        assertEquals(4, onDisk.accounts().size());
        // the broker judges by the new file at once; the name server (same file here) within its 1 s check
        TestCluster.awaitTrue("the new account to send", java.time.Duration.ofSeconds(20), () -> {
            try {
                return send(cluster, "billing-app", "billing-secret-1") == SendStatus.SEND_OK;
            } catch (Exception e) {
                return false;
            }
        });
        RemotingCommand after = admin.invokeSync(broker, RemotingCommand.request(
                RequestCode.GET_BROKER_CLUSTER_ACL_INFO), 5000);
        assertTrue(after.extFields().get("version").contains("\"counter\":2"), after.extFields().toString());

        // a non-admin account may not change accounts
        RemotingCommand byApp = client("orders-app", "orders-secret").invokeSync(broker,
                update("orders-app", null, true, null), 5000);
        assertEquals(ResponseCode.NO_PERMISSION, byApp.code());
        assertFalse(AclRules.parse(Files.readString(aclFile)).account("orders-app").admin());

        // bad input is refused naming what is wrong, and nothing changes
        RemotingCommand badPerm = admin.invokeSync(broker, update("billing-app", null, false, "AclMgmt=WRITE"), 5000);
        assertEquals(ResponseCode.INVALID_PARAMETER, badPerm.code());
        assertTrue(badPerm.remark().contains("WRITE"), badPerm.remark());
        RemotingCommand noSecret = admin.invokeSync(broker, update("nobody-yet", null, false, null), 5000);
        assertEquals(ResponseCode.INVALID_PARAMETER, noSecret.code());
        assertTrue(noSecret.remark().contains("give its secret key"), noSecret.remark());
        RemotingCommand lastAdmins = admin.invokeSync(broker, update("it-admin", null, false, null), 5000);
        assertEquals(ResponseCode.SUCCESS, lastAdmins.code(), "it-broker is still an admin");
        RemotingCommand lastAdmin = client("it-broker", "it-broker-secret").invokeSync(broker,
                update("it-broker", null, false, null), 5000);
        assertEquals(ResponseCode.INVALID_PARAMETER, lastAdmin.code());
        assertTrue(lastAdmin.remark().contains("no admin account"), lastAdmin.remark());

        // deleting the account: its next request is refused
        RemotingCommand deleted = client("it-broker", "it-broker-secret").invokeSync(broker,
                RemotingCommand.request(RequestCode.DELETE_ACL_CONFIG).putExt("accessKey", "billing-app"), 5000);
        assertEquals(ResponseCode.SUCCESS, deleted.code(), deleted.remark());
        assertNull(AclRules.parse(Files.readString(aclFile)).account("billing-app"));
        assertThrows(Exception.class, () -> send(cluster, "billing-app", "billing-secret-1"));

        RemotingCommand white = client("it-broker", "it-broker-secret").invokeSync(broker,
                RemotingCommand.request(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG)
                        .putExt("globalWhiteAddrs", "10.0.0.*"), 5000);
        assertEquals(ResponseCode.NO_PERMISSION, white.code());
        assertTrue(white.remark().contains("whiteRemoteAddress"), white.remark());
    }

    private static SendStatus send(TestCluster cluster, String ak, String sk) throws Exception {
        DefaultMQProducer p = cluster.configure(new DefaultMQProducer("acl-mgmt-" + ak + "-" + System.nanoTime(),
                new AclClientRPCHook(new SessionCredentials(ak, sk))));
        p.setSendMsgTimeout(5000);
        p.setRetryTimesWhenSendFailed(0);
        p.start();
        try {
            return p.send(new Message("AclMgmt", "x".getBytes(StandardCharsets.UTF_8))).getSendStatus();
        } finally {
            p.shutdown();
        }
    }
}
