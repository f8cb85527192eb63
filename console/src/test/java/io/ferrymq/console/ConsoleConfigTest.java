package io.ferrymq.console;

import io.ferrymq.common.config.ConfigMarkdown;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's settings: typed keys with defaults and ranges, families of keys, errors that name the key. */
class ConsoleConfigTest {
    private static final String NS = "nameServers.local";

    private static ConsoleConfig apply(Map<String, String> m) {
        return new ConsoleConfig().apply(m, Path.of("conf/console.conf"));
    }

    @Test
    void defaultsHoldUntilAKeySetsThem() {
        ConsoleConfig c = apply(Map.of(NS, "127.0.0.1:9876"));
        assertEquals("127.0.0.1", c.listenAddress());
        assertEquals(8480, c.listenPort());
        assertEquals(Path.of("console-data"), c.dataDir());
        assertEquals(5000, c.snapshotIntervalMillis());
        assertFalse(c.tls());
        assertNull(c.tlsKeyStore());
        ConsoleConfig set = apply(Map.of(NS, "127.0.0.1:9876;127.0.0.1:9877", "listenPort", "0",
                "sessionIdleSeconds", "60", "maxBodyPreviewBytes", "128"));
        assertEquals(0, set.listenPort());
        assertEquals(60, set.sessionIdleSeconds());
        assertEquals(128, set.maxBodyPreviewBytes());
        assertEquals(Map.of("local", "127.0.0.1:9876;127.0.0.1:9877"), set.nameServerSets());
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheClosestKnownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(Map.of(NS, "127.0.0.1:9876", "listenPrt", "8481")));
        assertTrue(e.getMessage().contains("listenPrt") && e.getMessage().contains("did you mean 'listenPort'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("conf/console.conf"), "names the file: " + e.getMessage());
    }

    @Test
    void aBadValueIsRefusedNamingTheKeyAndWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(Map.of(NS, "127.0.0.1:9876", "listenPort", "70000", "snapshotIntervalMillis", "x")));
        assertTrue(e.getMessage().contains("listenPort") && e.getMessage().contains("65535"), e.getMessage());
        assertTrue(e.getMessage().contains("snapshotIntervalMillis"), "every bad key at once: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> apply(Map.of(NS, "nohostport")));
        assertThrows(IllegalArgumentException.class, () -> apply(Map.of("nameServers.bad name", "127.0.0.1:1")));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> apply(Map.of()));
        assertTrue(none.getMessage().contains("nameServers.<name>"), none.getMessage());
    }

    @Test
    void theKeyStorePasswordIsNeverEchoedAndGoesWithTheKeyStore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(Map.of(NS, "127.0.0.1:9876", "tls.keyStorePassword", "s3cret-pw")));
        assertTrue(e.getMessage().contains("go together"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
    }

    @Test
    void everyPlainKeyIsDocumentedInTheGeneratedReference() {
        String table = ConfigMarkdown.table(ConsoleConfig.DEF);
        for (String key : ConsoleConfig.DEF.names()) {
            assertTrue(table.contains("`" + key + "`"), key);
        }
    }
}
