package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.ConsumerData;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ACL decision for every kind of request: who may do what, and what the refusal says. */
class AccessGateTest {
    private static final AclRules RULES = AclRules.parse("""
            accounts:
              - accessKey: admin-ak
                secretKey: admin-secret
                admin: true
              - accessKey: orders-app
                secretKey: orders-secret
                whiteRemoteAddress: 127.0.0.1, 10.1.0.0/16
                defaultTopicPerm: DENY
                defaultGroupPerm: DENY
                topicPerms: [orders=PUB|SUB, audit-*=PUB, audit-secret=DENY]
                groupPerms: [orders-consumers=SUB]
            """);
    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private static String refusal(RemotingCommand req, InetAddress from) {
        return AccessGate.decide(RULES, from, req).refusal();
    }

    private static RemotingCommand signed(RemotingCommand req, String ak, String sk) {
        SigningHook.sign(req, new Credentials(ak, sk));
        return req;
    }

    private static RemotingCommand send(String topic) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExt("a", "pg").putExt("b", topic)
                .body(new byte[] {1, 2});
    }

    @Test
    void unsignedUnknownAndBadlySignedRequestsAreRefusedNamingWhatWasWrong() {
        String none = refusal(send("orders"), LOCAL);
        assertTrue(none.contains("carries no AccessKey"), none);

        String unknown = refusal(signed(send("orders"), "nobody", "whatever1"), LOCAL);
        assertTrue(unknown.contains("unknown AccessKey 'nobody'"), unknown);

        String wrong = refusal(signed(send("orders"), "orders-app", "not-the-secret"), LOCAL);
        assertTrue(wrong.contains("signature mismatch for AccessKey 'orders-app'"), wrong);
        assertFalse(wrong.contains("orders-secret"));

        RemotingCommand altered = signed(send("orders"), "orders-app", "orders-secret");
        altered.putExt("b", "audit-x");
        assertTrue(refusal(altered, LOCAL).contains("signature mismatch"));

        RemotingCommand noSig = send("orders").putExt("AccessKey", "orders-app");
        assertTrue(refusal(noSig, LOCAL).contains("carries no Signature"));
    }

    @Test
    void topicPermissionsExactNamesBeatPatternsAndDefaultsApply() throws Exception {
        assertNull(refusal(signed(send("orders"), "orders-app", "orders-secret"), LOCAL));
        assertNull(refusal(signed(send("audit-2024"), "orders-app", "orders-secret"), LOCAL));
        String denied = refusal(signed(send("audit-secret"), "orders-app", "orders-secret"), LOCAL);
        assertTrue(denied.contains("has no PUB on topic 'audit-secret' (granted: DENY"), denied);
        String unlisted = refusal(signed(send("payments"), "orders-app", "orders-secret"), LOCAL);
        assertTrue(unlisted.contains("has no PUB on topic 'payments'"), unlisted);

        RemotingCommand pullAudit = RemotingCommand.request(RequestCode.PULL_MESSAGE).putExt("topic", "audit-1")
                .putExt("consumerGroup", "orders-consumers");
        assertTrue(refusal(signed(pullAudit, "orders-app", "orders-secret"), LOCAL)
                .contains("has no SUB on topic 'audit-1' (granted: PUB"));
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE).putExt("topic", "orders")
                .putExt("consumerGroup", "orders-consumers");
        assertNull(refusal(signed(pull, "orders-app", "orders-secret"), LOCAL));
        RemotingCommand otherGroup = RemotingCommand.request(RequestCode.PULL_MESSAGE).putExt("topic", "orders")
                .putExt("consumerGroup", "billing");
        assertTrue(refusal(signed(otherGroup, "orders-app", "orders-secret"), LOCAL)
                .contains("has no SUB on group 'billing'"));
        // the retry topic of a group counts as the group
        RemotingCommand pullRetry = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("topic", "%RETRY%orders-consumers").putExt("consumerGroup", "orders-consumers");
        assertNull(refusal(signed(pullRetry, "orders-app", "orders-secret"), LOCAL));
    }

    @Test
    void heartbeatNeedsSubOnEveryGroupAndSubscribedTopic() {
        HeartbeatData hb = new HeartbeatData();
        ConsumerData c = new ConsumerData();
        c.setGroupName("orders-consumers");
        SubscriptionData s = new SubscriptionData();
        s.setTopic("payments");
        s.setSubString("*");
        c.setSubscriptionDataSet(new HashSet<>(Set.of(s)));
        hb.setConsumerDataSet(new HashSet<>(Set.of(c)));
        RemotingCommand req = RemotingCommand.request(RequestCode.HEART_BEAT).body(Json.toBytes(hb));
        String r = refusal(signed(req, "orders-app", "orders-secret"), LOCAL);
        assertTrue(r.contains("has no SUB on topic 'payments'"), r);

        RemotingCommand garbage = RemotingCommand.request(RequestCode.HEART_BEAT).body("{not json".getBytes());
        assertTrue(refusal(signed(garbage, "orders-app", "orders-secret"), LOCAL).contains("not a valid"));
    }

    @Test
    void adminCodesNeedAnAdminAccount() {
        RemotingCommand create = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC).putExt("topic", "x");
        String r = refusal(signed(create, "orders-app", "orders-secret"), LOCAL);
        assertTrue(r.contains("is an admin request and AccessKey 'orders-app' is not an admin account"), r);
        RemotingCommand byAdmin = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC).putExt("topic", "x");
        assertNull(refusal(signed(byAdmin, "admin-ak", "admin-secret"), LOCAL));
        // an unknown code is an admin code
        assertTrue(RequestAccess.isAdmin(99_999));
        assertNotNull(refusal(signed(RemotingCommand.request(99_999), "orders-app", "orders-secret"), LOCAL));
    }

    @Test
    void everyAdminCodeIsRefusedWithoutCredentials() throws Exception {
        List<Integer> adminCodes = new java.util.ArrayList<>();
        for (Field f : RequestCode.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && RequestAccess.isAdmin(f.getInt(null))) {
                adminCodes.add(f.getInt(null));
            }
        }
        assertTrue(adminCodes.size() > 30, "admin codes: " + adminCodes);
        for (int code : adminCodes) {
            assertNotNull(refusal(RemotingCommand.request(code), LOCAL), "code " + code);
            assertNotNull(refusal(signed(RemotingCommand.request(code), "orders-app", "orders-secret"), LOCAL),
                    "code " + code + " by a non-admin");
        }
    }

    @Test
    void addressAllowListIsEnforced() throws Exception {
        RemotingCommand req = signed(send("orders"), "orders-app", "orders-secret");
        assertNull(refusal(req, InetAddress.getByName("10.1.200.3")));
        String r = refusal(req, InetAddress.getByName("10.2.0.1"));
        assertTrue(r.contains("may not connect from 10.2.0.1"), r);
    }

    @Test
    void aclFileErrorsNameTheAccountButNeverTheSecret() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AclRules.parse("""
                        accounts:
                          - accessKey: a1
                            secretKey: very-secret-1
                            topicPerms: [t=WRITE]
                        """));
        assertTrue(e.getMessage().contains("account #1 ('a1')") && e.getMessage().contains("WRITE"), e.getMessage());
        assertFalse(e.getMessage().contains("very-secret-1"));
        assertThrows("defined twice", """
                accounts:
                  - {accessKey: a1, secretKey: secret1}
                  - {accessKey: a1, secretKey: secret2}
                """);
        assertThrows("shorter than", "accounts: [{accessKey: a1, secretKey: abc}]");
        assertThrows("unknown key 'secretkey'", "accounts: [{accessKey: a1, secretkey: abcdefg}]");
        assertThrows("globalWhiteRemoteAddresses is not supported", "globalWhiteRemoteAddresses: [10.*.*.*]");
        assertThrows("address pattern", "accounts: [{accessKey: a1, secretKey: abcdefg, whiteRemoteAddress: host.x}]");
    }

    private static void assertThrows(String fragment, String yaml) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AclRules.parse(yaml));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void rulesSurviveAYamlRoundTrip() {
        AclRules again = AclRules.parse(RULES.toYaml());
        assertEquals(RULES.accounts().toString(), again.accounts().toString());
        assertEquals("orders-secret", again.account("orders-app").secretKey());
    }
}
