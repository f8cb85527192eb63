package io.ferrymq.broker.admin;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.acl.AclFile;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.Perm;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL 2.0 codes on a broker's accounts file, with headers and bodies as the official client 5.3.3 sends them:
 * a change is on disk and in force when answered; a refusal changes nothing; unknown names answer SUCCESS without a
 * body (copyUser and copyAcl rely on it).
 */
class AuthMetadataProcessorTest {
    private static final String ACL = """
            accounts:
              - accessKey: root
                secretKey: root-secret
                admin: true
            """;
    @TempDir
    Path dir;
    private final RemotingChannel channel = RemotingChannel.detached(new EmbeddedChannel());
    private final BrokerIdentity identity = BrokerIdentity.of("C1", "broker-a", 0, "127.0.0.1", 10911);
    private Path file;
    private AclFile aclFile;
    private AuthMetadataProcessor processor;

    @BeforeEach
    void open() throws Exception {
        file = Files.writeString(dir.resolve("plain_acl.yml"), ACL);
        aclFile = new AclFile(file, "t", Clock.SYSTEM, 3_600_000, new FaultRegistry(Clock.SYSTEM)).open();
        processor = new AuthMetadataProcessor(aclFile, identity);
    }

    @AfterEach
    void close() {
        aclFile.close();
    }

    private RemotingCommand call(int code, String body, String... ext) throws Exception {
        RemotingCommand r = RemotingCommand.request(code);
        for (int i = 0; i < ext.length; i += 2) {
            r.putExt(ext[i], ext[i + 1]);
        }
        if (body != null) {
            r.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return processor.process(channel, r);
    }

    private static String text(RemotingCommand r) {
        return r.body() == null ? null : new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aUserAndItsAclAreInTheFileAndInForceWhenAnswered() throws Exception {
        RemotingCommand created = call(RequestCode.AUTH_CREATE_USER,
                "{\"password\":\"app-secret\",\"userType\":\"Normal\",\"username\":\"app\"}", "username", "app");
        assertEquals(ResponseCode.SUCCESS, created.code(), created.remark());
        assertEquals("app-secret", aclFile.rules().account("app").secretKey(), "in force");
        assertEquals("app-secret", AclRules.parse(Files.readString(file)).account("app").secretKey(), "on disk");

        RemotingCommand acl = call(RequestCode.AUTH_CREATE_ACL, "{\"policies\":[{\"entries\":[{\"actions\":[\"Pub\","
                + "\"Sub\"],\"decision\":\"Allow\",\"resource\":\"Topic:orders\",\"sourceIps\":[]}]}],"
                + "\"subject\":\"User:app\"}", "subject", "User:app");
        assertEquals(ResponseCode.SUCCESS, acl.code(), acl.remark());
        assertEquals(Perm.PUB_SUB, aclFile.rules().account("app").topicPerm("orders"));

        String got = text(call(RequestCode.AUTH_GET_ACL, null, "subject", "User:app"));
        assertTrue(got.contains("\"resource\":\"Topic:orders\"") && got.contains("\"subject\":\"User:app\""), got);
        String users = text(call(RequestCode.AUTH_LIST_USER, null, "filter", "ap"));
        assertTrue(users.startsWith("[") && users.contains("\"username\":\"app\"") && !users.contains("root"), users);

        RemotingCommand deleted = call(RequestCode.AUTH_DELETE_ACL, null, "subject", "User:app", "resource",
                "Topic:orders");
        assertEquals(ResponseCode.SUCCESS, deleted.code(), deleted.remark());
        assertEquals(Perm.DENY, aclFile.rules().account("app").topicPerm("orders"));
        assertEquals(ResponseCode.SUCCESS, call(RequestCode.AUTH_DELETE_USER, null, "username", "app").code());
        assertNull(aclFile.rules().account("app"));
    }

    @Test
    void unknownNamesAnswerSuccessWithoutABody() throws Exception {
        RemotingCommand user = call(RequestCode.AUTH_GET_USER, null, "username", "nobody");
        assertEquals(ResponseCode.SUCCESS, user.code());
        assertNull(user.body());
        RemotingCommand acl = call(RequestCode.AUTH_GET_ACL, null, "subject", "User:nobody");
        assertEquals(ResponseCode.SUCCESS, acl.code());
        assertNull(acl.body());
    }

    @Test
    void refusalsNameThePartAndChangeNothing() throws Exception {
        String before = Files.readString(file);
        RemotingCommand create = call(RequestCode.AUTH_CREATE_ACL, "{\"policies\":[{\"entries\":[{\"actions\":"
                + "[\"Create\"],\"decision\":\"Allow\",\"resource\":\"Topic:t\"}]}],\"subject\":\"User:root\"}",
                "subject", "User:root");
        assertEquals(ResponseCode.INVALID_PARAMETER, create.code());
        assertTrue(create.remark().contains("AUTH_CREATE_ACL refused, nothing changed: action 'Create' on Topic:t"),
                create.remark());
        RemotingCommand last = call(RequestCode.AUTH_DELETE_USER, null, "username", "root");
        assertEquals(ResponseCode.INVALID_PARAMETER, last.code());
        assertTrue(last.remark().contains("no enabled admin account"), last.remark());
        RemotingCommand disableLast = call(RequestCode.AUTH_UPDATE_USER, "{\"userStatus\":\"disable\"}",
                "username", "root");
        assertEquals(ResponseCode.INVALID_PARAMETER, disableLast.code(), "the last admin may not be disabled");
        RemotingCommand badJson = call(RequestCode.AUTH_CREATE_USER, "{\"username\":", "username", "x");
        assertEquals(ResponseCode.INVALID_PARAMETER, badJson.code());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void withAclOffEveryCodeIsRefusedWithTheReason() throws Exception {
        RemotingCommand r = new AuthMetadataProcessor(null, identity).process(channel,
                RemotingCommand.request(RequestCode.AUTH_LIST_USER));
        assertEquals(ResponseCode.SYSTEM_ERROR, r.code());
        assertTrue(r.remark().contains("aclEnable=false"), r.remark());
    }
}
