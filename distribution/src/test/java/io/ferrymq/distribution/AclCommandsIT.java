package io.ferrymq.distribution;

import io.ferrymq.distribution.admin.AdminMain;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.Perm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferry-admin updateAclAccount / deleteAclAccount / listAclAccounts edit an ACL file the servers can read. */
class AclCommandsIT {
    private record Run(int code, String out, String err) {
    }

    private static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createChangeListAndDeleteAccounts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("plain_acl.yml");
        String file = f.toString();
        Run r = admin("updateAclAccount", "-f", file, "-a", "ops", "-s", "ops-secret-1", "-m", "true");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("created ACL account ops"), r.out);
        r = admin("updateAclAccount", "-f", file, "-a", "app", "-s", "app-secret-1", "-t", "orders=PUB|SUB,orders-*=PUB",
                "-g", "app-consumers=SUB", "-w", "10.0.0.0/8");
        assertEquals(0, r.code, r.err);

        AclRules rules = AclRules.parse(Files.readString(f));
        assertTrue(rules.account("ops").admin());
        assertEquals(Perm.PUB_SUB, rules.account("app").topicPerm("orders"));
        assertEquals(Perm.PUB, rules.account("app").topicPerm("orders-eu"));
        assertEquals(Perm.DENY, rules.account("app").topicPerm("payments"));
        assertEquals(Perm.SUB, rules.account("app").groupPerm("app-consumers"));

        // a change keeps what is not given, including the secret
        assertEquals(0, admin("updateAclAccount", "-f", file, "-a", "app", "-i", "SUB").code);
        rules = AclRules.parse(Files.readString(f));
        assertEquals("app-secret-1", rules.account("app").secretKey());
        assertEquals(Perm.SUB, rules.account("app").topicPerm("payments"));
        assertEquals(Perm.PUB, rules.account("app").topicPerm("orders-eu"));

        r = admin("listAclAccounts", "-f", file);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("ops") && r.out.contains("app") && r.out.contains("orders=PUB|SUB"), r.out);
        assertFalse(r.out.contains("secret-1"), "secrets are never printed: " + r.out);

        assertEquals(0, admin("deleteAclAccount", "-f", file, "-a", "app").code);
        assertTrue(AclRules.parse(Files.readString(f)).account("app") == null);
    }

    @Test
    void badInputIsRefusedWithOneLineAndLeavesTheFileAlone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("plain_acl.yml");
        String file = f.toString();
        assertEquals(0, admin("updateAclAccount", "-f", file, "-a", "ops", "-s", "ops-secret-1", "-m", "true").code);
        String before = Files.readString(f);

        Run r = admin("updateAclAccount", "-f", file, "-a", "new-one");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("is new: give its secret key"), r.err);
        r = admin("updateAclAccount", "-f", file, "-a", "x", "-s", "short");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("shorter than 6"), r.err);
        r = admin("updateAclAccount", "-f", file, "-a", "x", "-s", "long-enough", "-t", "t=WRITE");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("WRITE"), r.err);
        r = admin("deleteAclAccount", "-f", file, "-a", "ghost");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("no ACL account 'ghost'"), r.err);
        assertEquals(before, Files.readString(f));
    }
}
