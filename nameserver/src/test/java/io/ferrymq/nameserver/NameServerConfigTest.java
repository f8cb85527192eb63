package io.ferrymq.nameserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void rocketMqNamesrvConfIsAcceptedWithItsNamesHonoured() throws Exception {
        Path f = dir.resolve("namesrv.conf");
        Files.writeString(f, "listenPort=19876\nscanNotActiveBrokerInterval=5000\nserverSelectorThreads=3\n"
                + "orderMessageEnable=true\nrocketmqHome=/opt/rocketmq\nclusterTest=false\n");
        NameServerConfig c = NameServerMain.parse(new String[] {"-c", f.toString()});
        assertEquals(5000, c.scanIntervalMillis(), "RocketMQ's name for scanIntervalMillis");
        assertEquals(3, c.ioThreads(), "RocketMQ's name for ioThreads");
        assertTrue(c.orderMessageEnable());
        assertEquals(java.util.List.of("clusterTest", "rocketmqHome"),
                c.ignoredKeys().stream().map(io.ferrymq.common.config.ConfigReader.IgnoredKey::name).toList());

        Files.writeString(f, "scanNotActiveBrokerIntervall=5000\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NameServerConfig.load(f));
        assertTrue(e.getMessage().endsWith("unknown name server config key 'scanNotActiveBrokerIntervall'; did you mean "
                + "'scanNotActiveBrokerInterval'?"), e.getMessage());
        Files.writeString(f, "scanNotActiveBrokerInterval=5000\nscanIntervalMillis=10\n");
        e = assertThrows(IllegalArgumentException.class, () -> NameServerConfig.load(f));
        assertTrue(e.getMessage().contains("set twice"), e.getMessage());
    }

    @Test
    void defaults() {
        NameServerConfig c = new NameServerConfig();
        assertEquals(9876, c.listenPort());
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals(10_000, c.brokerExpiredMillis());
        assertTrue(io.ferrymq.common.config.ConfigMarkdown.table(NameServerConfig.DEF).contains("brokerExpiredMillis"));
    }

    @Test
    void fileIsReadAndPortFlagOverridesIt() throws Exception {
        Path f = dir.resolve("ns.properties");
        Files.writeString(f, "listenPort=19876\nbrokerExpiredMillis=30000\nbindAddress=127.0.0.1\n");
        NameServerConfig c = NameServerMain.parse(new String[] {"-c", f.toString()});
        assertEquals(19876, c.listenPort());
        assertEquals(30_000, c.brokerExpiredMillis());
        assertEquals("127.0.0.1", c.bindAddress());
        assertEquals(29876, NameServerMain.parse(new String[] {"-c", f.toString(), "-p", "29876"}).listenPort());
        assertEquals(39876, NameServerMain.parse(new String[] {"-p", "39876"}).listenPort());
    }

    @Test
    void unknownKeyAndBadValuesAreNamed() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "listenPortt=1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NameServerConfig.load(f));
        assertTrue(e.getMessage().contains("listenPortt"), e.getMessage());

        Properties p = new Properties();
        p.setProperty("brokerExpiredMillis", "soon");
        e = assertThrows(IllegalArgumentException.class, () -> NameServerConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("brokerExpiredMillis") && e.getMessage().contains("soon"), e.getMessage());

        p.setProperty("brokerExpiredMillis", "1");
        e = assertThrows(IllegalArgumentException.class, () -> NameServerConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NameServerMain.parse(new String[] {"-p", "x"}));
        assertTrue(e.getMessage().contains("x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NameServerMain.parse(new String[] {"-q"}));
        assertTrue(e.getMessage().contains("-q"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NameServerMain.parse(new String[] {"-p", "70000"}));
        assertTrue(e.getMessage().contains("listenPort"), e.getMessage());
    }

    @Test
    void runtimeUpdateRefusesStartupOnlyKeysAndLeavesConfigUnchanged() {
        NameServerConfig c = new NameServerConfig();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.applyRuntimeUpdate("brokerExpiredMillis=5000\nlistenPort=1\n"));
        assertTrue(e.getMessage().contains("listenPort"), e.getMessage());
        assertEquals(10_000, c.brokerExpiredMillis(), "nothing applied when one key fails");
        c.applyRuntimeUpdate("brokerExpiredMillis=5000\n");
        assertEquals(5_000, c.brokerExpiredMillis());
    }
}
