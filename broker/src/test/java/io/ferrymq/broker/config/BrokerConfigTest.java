package io.ferrymq.broker.config;

import io.ferrymq.broker.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerConfigTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsFollowRocketMq() {
        BrokerConfig c = BrokerConfig.fromProperties(new Properties());
        assertEquals(10911, c.listenPort());
        assertEquals(BrokerRole.ASYNC_MASTER, c.brokerRole());
        assertFalse(c.autoCreateTopicEnable());
        assertTrue(c.autoCreateSubscriptionGroup());
        assertEquals(5000, c.registerNameServerPeriod());
        assertEquals(120_000, c.channelExpiredTimeout());
        assertEquals(18, c.delayLevelMillis().length);
        assertEquals(5000, c.delayLevelMillis()[1]);
    }

    @Test
    void theSendQueueBoundDefaultsToRocketMqsAndTakesItsSpellingToo() {
        assertEquals(200, new BrokerConfig().waitTimeMillisInSendQueue());
        assertEquals(1000, BrokerConfig.fromProperties(props("waitTimeMillsInSendQueue", "1000"))
                .waitTimeMillisInSendQueue(), "Apache RocketMQ's key name");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerConfig.fromProperties(props("waitTimeMillisInSendQueue", "-1")));
        assertTrue(e.getMessage().contains("waitTimeMillisInSendQueue"), e.getMessage());
        BrokerConfig c = new BrokerConfig();
        c.update(props("waitTimeMillisInSendQueue", "500"));
        assertEquals(500, c.waitTimeMillisInSendQueue(), "changeable at run time (UPDATE_BROKER_CONFIG)");
    }

    @Test
    void unknownKeyStopsStartUpNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerConfig.fromProperties(props("brokerNmae", "x")));
        assertTrue(e.getMessage().contains("brokerNmae"), e.getMessage());
    }

    @Test
    void badValuesNameTheKey() {
        for (String[] kv : List.of(new String[] {"listenPort", "70000"}, new String[] {"brokerRole", "LEADER"},
                new String[] {"autoCreateTopicEnable", "yes"}, new String[] {"namesrvAddr", "a:1;nohost"},
                new String[] {"messageDelayLevel", "1s 5x"}, new String[] {"registerNameServerPeriod", "abc"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BrokerConfig.fromProperties(props(kv[0], kv[1])), kv[0]);
            assertTrue(e.getMessage().contains(kv[0]), e.getMessage());
        }
    }

    @Test
    void slaveNeedsNonZeroId() {
        assertThrows(IllegalArgumentException.class,
                () -> BrokerConfig.fromProperties(props("brokerRole", "SLAVE")));
        BrokerConfig c = BrokerConfig.fromProperties(props("brokerRole", "SLAVE", "brokerId", "1"));
        assertFalse(c.isWriteable());
    }

    @Test
    void storeKeysPassThroughAndNamesrvListSplits() {
        BrokerConfig c = BrokerConfig.fromProperties(props("mappedFileSizeCommitLog", "1048576",
                "namesrvAddr", "127.0.0.1:9876;127.0.0.1:9877"));
        assertEquals("1048576", c.storeValues().text("mappedFileSizeCommitLog"));
        assertEquals(List.of("127.0.0.1:9876", "127.0.0.1:9877"), c.namesrvAddrList());
    }

    @Test
    void delayLevelsParseUnits() {
        assertArrayEquals(new long[] {500, 1000, 120_000, 3_600_000, 86_400_000L},
                DelayLevels.parse("500ms 1s 2m 1h 1d"));
    }

    @Test
    void delayLevelsFollowAChangedTextAndHandOutCopies() {
        BrokerConfig c = new BrokerConfig();
        assertEquals(18, c.delayLevelCount());
        c.delayLevelMillis()[0] = -1; // a caller scribbling on its copy changes nothing
        assertEquals(1000, c.delayLevelMillis()[0]);

        c.messageDelayLevel("2s 3m");
        assertEquals(2, c.delayLevelCount());
        assertArrayEquals(new long[] {2000, 180_000}, c.delayLevelMillis());
    }

    @Test
    void runtimeUpdateIsAllOrNothing() {
        BrokerConfig c = new BrokerConfig();
        assertThrows(IllegalArgumentException.class,
                () -> c.update(props("maxMessageSize", "2048", "defaultQueryMaxNum", "-1")));
        assertEquals(4 * 1024 * 1024, c.maxMessageSize());
        c.update(props("maxMessageSize", "2048", "defaultQueryMaxNum", "7"));
        assertEquals(2048, c.maxMessageSize());
        assertEquals(7, c.defaultQueryMaxNum());
    }

    @Test
    void runtimeUpdateRefusesEverySettingThatIsNotDynamicAndUnknownKeys() {
        BrokerConfig c = new BrokerConfig();
        String root = c.storePathRootDir();
        for (String key : List.of("storePathRootDir", "listenPort", "aclEnable", "aclFile", "innerSecretKey",
                "namesrvAddr", "brokerName", "filterServerNums", "rocketmqHome", "mappedFileSizeCommitLog")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.update(props("maxMessageSize", "2048", key, "/tmp/x")), key);
            assertTrue(e.getMessage().contains("'" + key + "' cannot be changed at run time"), e.getMessage());
            assertTrue(e.getMessage().contains("maxMessageSize"), "lists what can change: " + e.getMessage());
        }
        assertEquals(root, c.storePathRootDir());
        assertEquals(4 * 1024 * 1024, c.maxMessageSize());
    }

    @Test
    void noRunTimeSettingNamesAPathAClassOrACommand() {
        java.util.Set<String> dangerous = java.util.Set.of("path", "dir", "home", "file", "class", "command",
                "script", "cmd", "exec", "url", "addr", "address", "host", "ip", "port", "key", "secret", "acl");
        for (String key : RuntimeChanges.dynamicKeys()) {
            for (String word : key.split("(?=[A-Z0-9])")) {
                assertFalse(dangerous.contains(word.toLowerCase(java.util.Locale.ROOT)), key + " (word " + word + ")");
            }
        }
        assertTrue(RuntimeChanges.dynamicKeys().contains("brokerPermission"));
    }

    @Test
    void secretsAreMaskedInTheConfigListing() {
        BrokerConfig c = new BrokerConfig().innerCredentials("broker-ak", "broker-secret-1");
        assertEquals("******", c.asMap().get("innerSecretKey"));
        assertEquals("broker-ak", c.asMap().get("innerAccessKey"));
        assertFalse(c.asMap().toString().contains("broker-secret-1"));
    }

    @Test
    void brokerMainReadsThePropertiesFileAndStoreKeys(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broker.properties");
        Files.writeString(f, "brokerName=broker-b\nlistenPort=0\nfileReservedTime=1\n");
        BrokerConfig c = BrokerMain.parse(new String[] {"-c", f.toString(), "-n", "127.0.0.1:9876"});
        assertEquals("broker-b", c.brokerName());
        assertEquals("1", c.storeValues().text("fileReservedTime"));
        assertEquals(List.of("127.0.0.1:9876"), c.namesrvAddrList());
        Files.writeString(f, "fileReservedTimeX=1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerMain.parse(new String[] {"-c", f.toString()}));
        assertTrue(e.getMessage().contains("fileReservedTimeX"));
        Files.writeString(f, "brokerName=broker-b\n");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BrokerMain.parse(new String[] {"-c", f.toString()}));
        assertTrue(missing.getMessage().contains("namesrvAddr"), missing.getMessage());
        assertEquals("broker-b", BrokerMain.parse(new String[] {"-c", f.toString(), "-n", "127.0.0.1:1"}).brokerName());
    }
}
