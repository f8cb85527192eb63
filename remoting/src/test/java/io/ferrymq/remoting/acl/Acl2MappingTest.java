package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.AclInfo;
import io.ferrymq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RocketMQ 5 ACL 2.0 users and ACLs onto FerryMQ accounts and back: what maps, and what is refused naming the part
 * (nothing is dropped silently).
 */
class Acl2MappingTest {
    private static final AclRules RULES = AclRules.parse("""
            accounts:
              - accessKey: root
                secretKey: root-secret
                admin: true
              - accessKey: orders-app
                secretKey: orders-secret
                whiteRemoteAddress: 127.0.0.1, 10.1.0.0/16
                defaultTopicPerm: DENY
                defaultGroupPerm: SUB
                topicPerms: [orders=PUB|SUB, audit-*=PUB, audit-secret=DENY]
                groupPerms: [orders-consumers=SUB]
            """);

    private static AclInfo acl(String subject, String resource, List<String> actions, List<String> ips,
                               String decision) {
        return new AclInfo(subject, List.of(new AclInfo.PolicyInfo(null,
                List.of(new AclInfo.PolicyEntryInfo(resource, actions, ips, decision)))));
    }

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void anAccountReadsAsAUserAndAUserBecomesAnAccount() {
        assertEquals(new UserInfo("root", "root-secret", "Super", "enable"), Acl2Mapping.user(RULES.account("root")));
        assertEquals(new UserInfo("orders-app", "orders-secret", "Normal", "enable"),
                Acl2Mapping.user(RULES.account("orders-app")));

        AclRules r = Acl2Mapping.createUser(RULES, new UserInfo("billing", "billing-secret", null, null));
        AclAccount billing = r.account("billing");
        assertEquals("billing-secret", billing.secretKey());
        assertFalse(billing.admin());
        assertEquals(Perm.DENY, billing.topicPerm("anything"), "a new normal user may do nothing until an ACL says so");
        AclAccount ops = Acl2Mapping.createUser(r, new UserInfo("ops", "ops-secret", "super", "ENABLE"))
                .account("ops");
        assertTrue(ops.admin());
        assertEquals(Perm.PUB_SUB, ops.topicPerm("anything"));

        AclRules updated = Acl2Mapping.updateUser(r, new UserInfo("billing", null, "Super", "disable"));
        assertTrue(updated.account("billing").admin());
        assertTrue(updated.account("billing").disabled());
        assertEquals("billing-secret", updated.account("billing").secretKey(), "no password given: kept");
        assertTrue(updated.toYaml().contains("disabled: true"), updated.toYaml());
        assertTrue(AclRules.parse(updated.toYaml()).account("billing").disabled(), "survives the file");
        assertFalse(Acl2Mapping.updateUser(updated, new UserInfo("billing", "new-secret", "Normal", "enable"))
                .account("billing").disabled());

        assertNull(Acl2Mapping.deleteUser(r, "billing").account("billing"));
    }

    @Test
    void badUsersAreRefusedNamingThePart() {
        assertTrue(refusal(() -> Acl2Mapping.createUser(RULES, new UserInfo("root", "x-secret", null, null)))
                .contains("already exists"));
        assertTrue(refusal(() -> Acl2Mapping.createUser(RULES, new UserInfo("nopw", null, null, null)))
                .contains("needs a password"));
        assertTrue(refusal(() -> Acl2Mapping.createUser(RULES, new UserInfo("short", "abc", null, null)))
                .contains("shorter than 6"));
        assertTrue(refusal(() -> Acl2Mapping.createUser(RULES, new UserInfo("u", "u-secret", "Root", null)))
                .contains("userType 'Root'"));
        assertTrue(refusal(() -> Acl2Mapping.updateUser(RULES, new UserInfo("ghost", "g-secret", null, null)))
                .contains("no user 'ghost'"));
        assertTrue(refusal(() -> Acl2Mapping.createUser(RULES, new UserInfo("bad name", "b-secret", null, null)))
                .contains("accessKey may only contain"));
    }

    @Test
    void aDisabledAccountIsRefusedWithARemark() {
        AclRules r = Acl2Mapping.updateUser(RULES, new UserInfo("orders-app", null, null, "disable"));
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE).putExt("topic", "orders");
        SigningHook.sign(send, new Credentials("orders-app", "orders-secret"));
        String why = AccessGate.decide(r, InetAddress.getLoopbackAddress(), send).refusal();
        assertTrue(why.contains("AccessKey 'orders-app' is disabled"), why);
        assertNull(AccessGate.decide(RULES, InetAddress.getLoopbackAddress(), send).refusal(), "enabled: admitted");
    }

    // ------------------------------------------------------------------------------------------------- ACLs

    @Test
    void anAccountReadsAsOneCustomPolicy() {
        AclInfo info = Acl2Mapping.acl(RULES.account("orders-app"));
        assertEquals("User:orders-app", info.subject());
        assertEquals("Custom", info.policies().get(0).policyType());
        List<String> ips = List.of("127.0.0.1", "10.1.0.0/16");
        assertEquals(List.of(
                new AclInfo.PolicyEntryInfo("Topic:orders", List.of("Pub", "Sub"), ips, "Allow"),
                new AclInfo.PolicyEntryInfo("Topic:audit-*", List.of("Pub"), ips, "Allow"),
                new AclInfo.PolicyEntryInfo("Topic:audit-secret", List.of("Pub", "Sub"), List.of(), "Deny"),
                new AclInfo.PolicyEntryInfo("Group:orders-consumers", List.of("Sub"), ips, "Allow"),
                new AclInfo.PolicyEntryInfo("Topic:*", List.of("Pub", "Sub"), List.of(), "Deny"),
                new AclInfo.PolicyEntryInfo("Group:*", List.of("Sub"), ips, "Allow")),
                info.policies().get(0).entries());
    }

    @Test
    void entriesBecomePermissionsAndTheRestStays() {
        AclRules r = Acl2Mapping.putAcl(RULES, new AclInfo("User:orders-app", List.of(new AclInfo.PolicyInfo("Custom",
                List.of(new AclInfo.PolicyEntryInfo("Topic:payments", List.of("Pub"), List.of("192.168.1.*"), "Allow"),
                        new AclInfo.PolicyEntryInfo("Topic:orders", List.of("All"), null, "Deny"),
                        new AclInfo.PolicyEntryInfo("Topic:pay-*", List.of("Pub", "Sub"), null, "Allow"),
                        new AclInfo.PolicyEntryInfo("Group:pay-consumers", List.of("Sub"), null, "Allow"),
                        new AclInfo.PolicyEntryInfo("Topic:*", List.of("Sub"), List.of("192.168.1.*"), "Allow"))))));
        AclAccount a = r.account("orders-app");
        assertEquals(Perm.PUB, a.topicPerm("payments"));
        assertEquals(Perm.DENY, a.topicPerm("orders"), "replaced the PUB|SUB grant");
        assertEquals(Perm.PUB_SUB, a.topicPerm("pay-x"));
        assertEquals(Perm.PUB, a.topicPerm("audit-log"), "a grant not named keeps its value");
        assertEquals(Perm.SUB, a.topicPerm("elsewhere"), "Topic:* is the default");
        assertEquals(Perm.SUB, a.groupPerm("pay-consumers"));
        assertEquals("192.168.1.*", a.whiteRemoteAddress().toString(), "sourceIps: the account's allow-list");

        AclRules deleted = Acl2Mapping.deleteAcl(r, "User:orders-app", "Topic:payments");
        assertEquals(Perm.SUB, deleted.account("orders-app").topicPerm("payments"), "back to the default");
        AclAccount cleared = Acl2Mapping.deleteAcl(r, "User:orders-app", null).account("orders-app");
        assertEquals(List.of(), cleared.topicPerms());
        assertEquals(Perm.DENY, cleared.defaultTopicPerm());
        assertEquals(Perm.DENY, cleared.defaultGroupPerm());
        assertEquals("192.168.1.*", cleared.whiteRemoteAddress().toString(), "the allow-list guards the account");
        AclAccount defaultReset = Acl2Mapping.deleteAcl(r, "User:orders-app", "Topic:*").account("orders-app");
        assertEquals(Perm.DENY, defaultReset.defaultTopicPerm());
    }

    @Test
    void whatTheAccountsCannotHoldIsRefusedNamingThePart() {
        List<String> none = List.of();
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Topic:t", List.of("Create"), none,
                "Allow"))).contains("action 'Create' on Topic:t"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Cluster:DefaultCluster",
                List.of("All"), none, "Allow"))).contains("resource 'Cluster:DefaultCluster'"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Topic:t", List.of("Pub"), none,
                "Deny"))).contains("Deny of Pub on Topic:t"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Group:g", List.of("Pub"), none,
                "Allow"))).contains("action Pub on Group:g"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Topic:t", List.of("All"),
                List.of("10.0.0.1"), "Deny"))).contains("sourceIps on the Deny entry"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("Role:ops", "Topic:t", List.of("Pub"), none,
                "Allow"))).contains("subject 'Role:ops'"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:ghost", "Topic:t", List.of("Pub"), none,
                "Allow"))).contains("no user 'ghost'"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Topic:t", List.of("Pub"), none,
                "Maybe"))).contains("decision 'Maybe'"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, acl("User:orders-app", "Topic:t", List.of("Pub"),
                List.of("example.org"), "Allow"))).contains("host names are not accepted"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, new AclInfo("User:orders-app", List.of(
                new AclInfo.PolicyInfo("Custom", List.of(
                        new AclInfo.PolicyEntryInfo("Topic:a", List.of("Pub"), List.of("10.0.0.1"), "Allow"),
                        new AclInfo.PolicyEntryInfo("Topic:b", List.of("Pub"), List.of("10.0.0.2"), "Allow")))))))
                .contains("different sourceIps"));
        assertTrue(refusal(() -> Acl2Mapping.putAcl(RULES, new AclInfo("User:orders-app", List.of(
                new AclInfo.PolicyInfo("Default", List.of(
                        new AclInfo.PolicyEntryInfo("Topic:a", List.of("Pub"), null, "Allow")))))))
                .contains("policyType 'Default'"));
        assertTrue(refusal(() -> Acl2Mapping.deleteAcl(RULES, "User:orders-app", "Topic:never"))
                .contains("no entry for Topic:never"));
    }

    @Test
    void listFiltersBySubjectAndResource() {
        assertEquals(List.of("User:orders-app"), Acl2Mapping.listAcls(RULES, "orders", null).stream()
                .map(AclInfo::subject).toList());
        List<AclInfo> audit = Acl2Mapping.listAcls(RULES, null, "audit");
        assertEquals(1, audit.size());
        assertEquals(List.of("Topic:audit-*", "Topic:audit-secret"), audit.get(0).policies().get(0).entries()
                .stream().map(AclInfo.PolicyEntryInfo::resource).toList());
    }

    @Test
    void bodiesReadAndWriteAsRocketMqs() {
        org.apache.rocketmq.remoting.protocol.body.UserInfo theirs =
                org.apache.rocketmq.remoting.protocol.body.UserInfo.of("u1", "u1-secret", "Super");
        UserInfo ours = Json.parse(RemotingSerializable.encode(theirs), UserInfo.class);
        assertEquals(new UserInfo("u1", "u1-secret", "Super", null), ours);
        org.apache.rocketmq.remoting.protocol.body.UserInfo back = RemotingSerializable.decode(
                Json.toBytes(Acl2Mapping.user(RULES.account("root"))),
                org.apache.rocketmq.remoting.protocol.body.UserInfo.class);
        assertEquals("root", back.getUsername());
        assertEquals("Super", back.getUserType());

        org.apache.rocketmq.remoting.protocol.body.AclInfo theirAcl = org.apache.rocketmq.remoting.protocol.body.AclInfo
                .of("User:orders-app", List.of("Topic:a", "Group:g"), List.of("Sub"), List.of("10.0.0.1"), "Allow");
        AclInfo ourAcl = Json.parse(RemotingSerializable.encode(theirAcl), AclInfo.class);
        assertEquals("User:orders-app", ourAcl.subject());
        assertEquals(2, ourAcl.policies().get(0).entries().size());
        assertEquals(List.of("10.0.0.1"), ourAcl.policies().get(0).entries().get(1).sourceIps());
        List<org.apache.rocketmq.remoting.protocol.body.AclInfo> listed = RemotingSerializable.decodeList(
                Json.toBytes(Acl2Mapping.listAcls(RULES, null, null)),
                org.apache.rocketmq.remoting.protocol.body.AclInfo.class);
        assertEquals("Topic:orders", listed.get(1).getPolicies().get(0).getEntries().get(0).getResource());
        assertTrue(new String(Json.toBytes(ourAcl), StandardCharsets.UTF_8).contains("\"subject\":\"User:orders-app\""));
    }
}
