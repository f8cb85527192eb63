package io.ferrymq.it;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration-update surface holds against the payloads of CVE-2023-33246 (broker: filterServerNums +
 * rocketmqHome carrying a shell command) and CVE-2023-37582 (name server: configStorePath pointing the KV file
 * elsewhere), sent with the official DefaultMQAdminExt 5.3.3 to a cluster with ACL off (the worst case: anyone may
 * send them). Only run-time settings change; everything else is refused with a remark naming the key.
 */
@Timeout(120)
class AdminSurfaceCompatibilityTest {
    private static TestCluster cluster;
    private static DefaultMQAdminExt admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        admin = cluster.configure(new DefaultMQAdminExt(5000));
        admin.start();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void cve202333246PayloadIsRefusedAndChangesNothing() throws Exception {
        Path marker = cluster.dir().resolve("pwned-33246");
        Properties before = admin.getBrokerConfig(cluster.brokerAddr());
        Properties payload = new Properties();
        payload.setProperty("filterServerNums", "1");
        payload.setProperty("rocketmqHome", "-c $@|sh . echo touch " + marker + ";");

        MQBrokerException e = assertThrows(MQBrokerException.class,
                () -> admin.updateBrokerConfig(cluster.brokerAddr(), payload));
        assertEquals(16, e.getResponseCode(), e.getErrorMessage()); // NO_PERMISSION
        assertTrue(e.getErrorMessage().contains("'filterServerNums' cannot be changed at run time"),
                e.getErrorMessage());
        assertTrue(e.getErrorMessage().contains("brokerPermission"), "lists what may change: " + e.getErrorMessage());

        Properties after = admin.getBrokerConfig(cluster.brokerAddr());
        assertEquals(before, after);
        assertFalse(after.containsKey("rocketmqHome"));
        assertFalse(Files.exists(marker));
    }

    @Test
    void pathsAndStartupSettingsAreRefusedWhileRunTimeSettingsApply() throws Exception {
        for (String key : List.of("storePathRootDir", "aclEnable", "aclFile", "listenPort", "namesrvAddr")) {
            Properties p = new Properties();
            p.setProperty(key, "/tmp/elsewhere");
            MQBrokerException e = assertThrows(MQBrokerException.class,
                    () -> admin.updateBrokerConfig(cluster.brokerAddr(), p), key);
            assertEquals(16, e.getResponseCode());
            assertTrue(e.getErrorMessage().contains("'" + key + "' cannot be changed at run time"),
                    e.getErrorMessage());
        }
        Properties ok = new Properties();
        ok.setProperty("defaultQueryMaxNum", "21");
        admin.updateBrokerConfig(cluster.brokerAddr(), ok);
        assertEquals("21", admin.getBrokerConfig(cluster.brokerAddr()).getProperty("defaultQueryMaxNum"));
        ok.setProperty("defaultQueryMaxNum", "32");
        admin.updateBrokerConfig(cluster.brokerAddr(), ok);
    }

    @Test
    void cve202337582PayloadIsRefusedAndChangesNothing() throws Exception {
        Path target = cluster.dir().resolve("evil-kv.json");
        List<String> ns = List.of(cluster.namesrvAddr());
        Properties payload = new Properties();
        payload.setProperty("configStorePath", target.toString());
        Exception e = assertThrows(Exception.class, () -> admin.updateNameServerConfig(payload, ns));
        assertTrue(e.getMessage().contains("'configStorePath' cannot be changed at run time"), e.getMessage());
        assertTrue(e.getMessage().contains("brokerExpiredMillis"), "lists what may change: " + e.getMessage());

        admin.putKVConfig("cve-ns", "k", "v"); // the second step of the exploit writes the KV table
        Map<String, Properties> config = admin.getNameServerConfig(ns);
        assertFalse(config.get(cluster.namesrvAddr()).containsKey("configStorePath"));
        assertFalse(Files.exists(target));

        Properties ok = new Properties();
        ok.setProperty("brokerExpiredMillis", "20000");
        admin.updateNameServerConfig(ok, ns);
        assertEquals("20000", admin.getNameServerConfig(ns).get(cluster.namesrvAddr())
                .getProperty("brokerExpiredMillis"));
    }
}
