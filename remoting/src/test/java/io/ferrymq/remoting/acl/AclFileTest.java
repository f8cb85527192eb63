package io.ferrymq.remoting.acl;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ACL file: read at start, reloaded on change, a broken version keeps the last good rules and is reported. */
class AclFileTest {
    private static final String ONE = "accounts: [{accessKey: a1, secretKey: secret-1, admin: true}]\n";

    private static void rewrite(Path f, String text, long mtimeMillis) throws Exception {
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtimeMillis));
    }

    @Test
    void reloadsOnChangeAndKeepsTheLastGoodRulesWhenTheFileBreaks(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("plain_acl.yml");
        rewrite(f, ONE, 1_000_000);
        FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);
        try (AclFile acl = new AclFile(f, "t", Clock.SYSTEM, 3_600_000, faults).open()) {
            assertNotNull(acl.rules().account("a1"));

            rewrite(f, "accounts:\n  - {accessKey: a1, secretKey: secret-1}\n  - {accessKey: a2, secretKey: secret-2}\n",
                    2_000_000);
            acl.checkNow();
            assertNotNull(acl.rules().account("a2"));
            assertFalse(acl.rules().account("a1").admin());

            rewrite(f, "accounts: [ {accessKey: broken", 3_000_000);
            acl.checkNow();
            assertNotNull(acl.rules().account("a2"), "last good rules stay");
            assertFalse(faults.healthy());
            assertEquals(1, faults.count(AclFile.FAULT_INVALID));

            rewrite(f, ONE, 4_000_000);
            acl.checkNow();
            assertNull(acl.rules().account("a2"));
            assertTrue(faults.healthy());
        }
    }

    @Test
    void aMissingOrInvalidFileFailsTheStart(@TempDir Path dir) throws Exception {
        FaultRegistry faults = new FaultRegistry(Clock.SYSTEM);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new AclFile(dir.resolve("none.yml"), "t", Clock.SYSTEM, 1000, faults).start());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "accounts: [{accessKey: a1, secretKey: CHANGE-ME-x}]");
        IllegalArgumentException placeholder = assertThrows(IllegalArgumentException.class,
                () -> new AclFile(bad, "t", Clock.SYSTEM, 1000, faults).start());
        assertTrue(placeholder.getMessage().contains("placeholder"), placeholder.getMessage());
    }

    @Test
    void writeReplacesTheFileReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("acl.yml");
        AclRules rules = AclRules.parse(ONE);
        AclFile.write(f, rules);
        assertEquals("secret-1", AclRules.parse(Files.readString(f)).account("a1").secretKey());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temp file left behind");
        }
    }

    @Test
    void addressPatterns() throws Exception {
        AddressPattern p = AddressPattern.parse("192.168.1.10-20, 10.0.0.0/8, 172.16.*.*, ::1");
        assertTrue(p.allows(InetAddress.getByName("192.168.1.15")));
        assertFalse(p.allows(InetAddress.getByName("192.168.1.21")));
        assertTrue(p.allows(InetAddress.getByName("10.200.3.4")));
        assertTrue(p.allows(InetAddress.getByName("172.16.9.9")));
        assertFalse(p.allows(InetAddress.getByName("172.17.0.1")));
        assertTrue(p.allows(InetAddress.getByName("::1")));
        assertFalse(p.allows(InetAddress.getByName("127.0.0.1")));
        assertTrue(AddressPattern.parse("").allows(InetAddress.getByName("8.8.8.8")));
        assertThrows(IllegalArgumentException.class, () -> AddressPattern.parse("300.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> AddressPattern.parse("10.0.0.0/40"));
        assertThrows(IllegalArgumentException.class, () -> AddressPattern.parse("example.com"));
    }

    @Test
    void namePatterns() {
        assertTrue(NamePattern.parse("orders-*").matches("orders-eu"));
        assertFalse(NamePattern.parse("orders-*").matches("order"));
        assertTrue(NamePattern.parse("*-dlq").matches("x-dlq"));
        assertTrue(NamePattern.parse("a*b*c").matches("a.x.b-c"));
        assertFalse(NamePattern.parse("a.c").matches("abc"), "dots are literal");
        assertTrue(NamePattern.parse("*").matches("anything"));
    }
}
