package io.ferrymq.remoting.acl;

import io.ferrymq.remoting.RemotingCommand;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our signature is byte-for-byte the official client's (AclClientRPCHook of rocketmq-client 5.3.3). */
class AclSignatureTest {

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand officialSigned(Map<String, String> ext,
                                                                                       byte[] body, String ak,
                                                                                       String sk, String token) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand cmd =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null);
        ext.forEach(cmd::addExtField);
        cmd.setBody(body);
        SessionCredentials creds = token == null ? new SessionCredentials(ak, sk)
                : new SessionCredentials(ak, sk, token);
        new AclClientRPCHook(creds).doBeforeRequest("127.0.0.1:10911", cmd);
        return cmd;
    }

    @Test
    void signatureEqualsTheOfficialHookForHeaderAndBody() {
        Map<String, String> ext = new HashMap<>(Map.of("a", "producer-group", "b", "OrderTopic", "c", "TBW102",
                "d", "4", "e", "2", "f", "0", "g", "1700000000000", "i", "KEYS\u0001k1\u0002TAGS\u0001tagA\u0002"));
        byte[] body = "hello ferry \u00e9\u4e2d".getBytes(StandardCharsets.UTF_8);
        org.apache.rocketmq.remoting.protocol.RemotingCommand official = officialSigned(ext, body, "app-ak",
                "app-secret-1", null);

        RemotingCommand ours = RemotingCommand.request(310).body(body);
        ext.forEach(ours::putExt);
        SigningHook.sign(ours, new Credentials("app-ak", "app-secret-1"));

        assertEquals(official.getExtFields().get("Signature"), ours.extFields().get("Signature"));
        assertEquals(official.getExtFields(), ours.extFields());
    }

    @Test
    void securityTokenIsCoveredAndEmptyBodyIsHeaderOnly() {
        Map<String, String> ext = Map.of("topic", "T", "consumerGroup", "G");
        org.apache.rocketmq.remoting.protocol.RemotingCommand official = officialSigned(ext, null, "ak1",
                "secret-xyz", "token-1");
        RemotingCommand ours = RemotingCommand.request(11);
        ext.forEach(ours::putExt);
        SigningHook.sign(ours, new Credentials("ak1", "secret-xyz", "token-1"));
        assertEquals(official.getExtFields().get("Signature"), ours.extFields().get("Signature"));
    }

    @Test
    void verifyAcceptsTheOfficialSignatureAndRejectsAlteredContentOrWrongSecret() {
        Map<String, String> ext = Map.of("topic", "T");
        byte[] body = {1, 2, 3};
        Map<String, String> signed = officialSigned(ext, body, "ak", "right-secret", null).getExtFields();
        String sig = signed.get("Signature");

        assertTrue(AclSignature.verify(AclSignature.content(signed, body), "right-secret", sig));
        assertFalse(AclSignature.verify(AclSignature.content(signed, body), "wrong-secret", sig));
        assertFalse(AclSignature.verify(AclSignature.content(signed, new byte[] {1, 2, 4}), "right-secret", sig));
        Map<String, String> altered = new HashMap<>(signed);
        altered.put("topic", "Other");
        assertFalse(AclSignature.verify(AclSignature.content(altered, body), "right-secret", sig));
        assertFalse(AclSignature.verify(AclSignature.content(signed, body), "right-secret", null));
    }

    @Test
    void signingTwiceGivesTheSameFields() {
        RemotingCommand cmd = RemotingCommand.request(105).putExt("topic", "T");
        Credentials c = new Credentials("ak", "secret-123");
        SigningHook.sign(cmd, c);
        Map<String, String> first = new HashMap<>(cmd.extFields());
        SigningHook.sign(cmd, c);
        assertEquals(first, cmd.extFields());
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertFalse(new Credentials("ak", "top-secret-value", "tok").toString().contains("top-secret-value"));
    }
}
