package io.ferrymq.it;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.BrokerRole;
import io.ferrymq.nameserver.NameServer;
import io.ferrymq.nameserver.NameServerConfig;
import io.ferrymq.remoting.acl.AclAccount;
import io.ferrymq.remoting.acl.AclRules;
import io.ferrymq.remoting.acl.Perm;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.command.MQAdminStartup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.ferrymq.it.TestCluster.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * RocketMQ 5's ACL 2.0 commands of the official {@code mqadmin} (rocketmq-tools 5.3.3: createUser, updateUser,
 * deleteUser, getUser, listUser, copyUser, createAcl, updateAcl, deleteAcl, getAcl, listAcl, copyAcl) against a
 * FerryMQ master and slave with ACL on, each broker with its own accounts file. mqadmin runs as an operator runs it:
 * its own JVM, signing with the admin account of {@code $ROCKETMQ_HOME/conf/tools.yml}. Asserted: what it prints,
 * what lands in each broker's file, and the effect on the official producer signing with {@code AclClientRPCHook}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class Acl2MqadminTest {
    private static final String CLUSTER = "Acl2Cluster";
    private static final String TOPIC = "Acl2Topic";
    private static final String ACL = """
            accounts:
              - accessKey: it-admin
                secretKey: it-admin-secret
                admin: true
              - accessKey: it-broker
                secretKey: it-broker-secret
                admin: true
            """;
    private static final Pattern FAILURE = Pattern.compile("Exception|(?i)\\bfail(ed|ure)?\\b|usage:");

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private String namesrv;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void everyAcl2CommandWorksOnTheAccountsFiles() throws Exception {
        Path masterAcl = Files.writeString(dir.resolve("master_acl.yml"), ACL);
        Path slaveAcl = Files.writeString(dir.resolve("slave_acl.yml"), ACL);
        // the name server without ACL: route look-ups succeed for anyone, so a refusal below is the broker's verdict
        NameServer ns = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)).start();
        open.add(ns::stop);
        namesrv = "127.0.0.1:" + ns.port();
        Broker master = new Broker(brokerConfig(0, masterAcl)).start();
        open.add(master::shutdown);
        Broker slave = new Broker(brokerConfig(1, slaveAcl)).start();
        open.add(slave::shutdown);
        String m = master.address();
        String s = slave.address();
        Path home = Files.createDirectories(dir.resolve("admin-home/conf")).getParent();
        Files.writeString(home.resolve("conf/tools.yml"), "accessKey: it-admin\nsecretKey: it-admin-secret\n");
        Path appHome = Files.createDirectories(dir.resolve("app-home/conf")).getParent();
        Files.writeString(appHome.resolve("conf/tools.yml"), "accessKey: app1\nsecretKey: app1-secret\n");
        awaitTrue("both brokers registered", Duration.ofSeconds(30), () -> {
            String brokers = run(home, "clusterList");
            return brokers.contains(s) && brokers.contains(m);
        });
        assertContains(ok(home, "updateTopic", "-b", m, "-t", TOPIC, "-r", "2", "-w", "2"), "success");

        // createUser to the cluster: master and slave, each in its own file
        String out = ok(home, "createUser", "-c", CLUSTER, "-u", "app1", "-p", "app1-secret");
        assertContains(out, "create user to " + m + " success.");
        assertContains(out, "create user to " + s + " success.");
        for (Path f : List.of(masterAcl, slaveAcl)) {
            AclAccount app1 = account(f, "app1");
            assertNotNull(app1, f + " holds the new user");
            assertEquals("app1-secret", app1.secretKey());
            assertFalse(app1.admin());
        }
        // a new user may do nothing until an ACL says so
        assertRefused("app1", "app1-secret", "has no PUB on topic '" + TOPIC + "'");

        out = ok(home, "createAcl", "-c", CLUSTER, "-s", "User:app1", "-r", "Topic:" + TOPIC, "-a", "Pub,Sub",
                "-d", "Allow", "-i", "127.0.0.1");
        assertContains(out, "create acl to " + m + " success.");
        assertContains(out, "create acl to " + s + " success.");
        assertEquals(Perm.PUB_SUB, account(slaveAcl, "app1").topicPerm(TOPIC));
        assertEquals("127.0.0.1", account(masterAcl, "app1").whiteRemoteAddress().toString());
        awaitTrue("app1 to send once the ACL allows it", Duration.ofSeconds(20), () -> sends("app1", "app1-secret"));
        ok(home, "createAcl", "-b", m, "-s", "User:app1", "-r", "Group:app1-group", "-a", "Sub", "-d", "Allow");

        // reads render the accounts in ACL 2.0 shape
        out = ok(home, "getUser", "-b", m, "-u", "app1");
        assertTrue(out.lines().anyMatch(l -> l.matches("app1\\s+app1-secret\\s+Normal\\s+enable\\s*")), out);
        out = ok(home, "listUser", "-b", m);
        assertTrue(out.lines().anyMatch(l -> l.matches("it-admin\\s+\\S+\\s+Super\\s+enable\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("app1\\s+\\S+\\s+Normal\\s+enable\\s*")), out);
        out = ok(home, "getAcl", "-b", m, "-s", "User:app1");
        assertTrue(out.lines().anyMatch(l -> l.matches("User:app1\\s+Custom\\s+Topic:" + TOPIC
                + "\\s+\\[Pub, Sub]\\s+\\[127\\.0\\.0\\.1]\\s+Allow\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("User:app1\\s+Custom\\s+Group:app1-group\\s+\\[Sub]\\s+"
                + "\\[127\\.0\\.0\\.1]\\s+Allow\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("User:app1\\s+Custom\\s+Topic:\\*\\s+\\[Pub, Sub]\\s+\\[]\\s+"
                + "Deny\\s*")), "the default as Topic:*:\n" + out);
        out = ok(home, "listAcl", "-b", m, "-s", "app1", "-r", "Group");
        assertTrue(out.contains("Group:app1-group") && !out.contains("Topic:" + TOPIC), out);

        // updateAcl: a Deny refuses at once
        out = ok(home, "updateAcl", "-c", CLUSTER, "-s", "User:app1", "-r", "Topic:" + TOPIC, "-a", "All",
                "-d", "Deny");
        assertContains(out, "update acl to " + m + " success.");
        assertContains(out, "update acl to " + s + " success.");
        assertEquals(Perm.DENY, account(slaveAcl, "app1").topicPerm(TOPIC));
        assertRefused("app1", "app1-secret", "has no PUB on topic '" + TOPIC + "' (granted: DENY");

        // what the accounts cannot hold is refused, naming the part; nothing changes
        String before = Files.readString(masterAcl);
        out = run(home, "createAcl", "-b", m, "-s", "User:app1", "-r", "Topic:" + TOPIC, "-a", "Create",
                "-d", "Allow");
        assertContains(out, "action 'Create' on Topic:" + TOPIC + " cannot be represented");
        out = run(home, "updateAcl", "-b", m, "-s", "User:app1", "-r", "Topic:" + TOPIC, "-a", "Pub",
                "-d", "Deny");
        assertContains(out, "Deny of Pub on Topic:" + TOPIC + " cannot be represented");
        assertEquals(before, Files.readString(masterAcl));

        // deleteAcl: the entry goes, the default (DENY) applies
        out = ok(home, "deleteAcl", "-c", CLUSTER, "-s", "User:app1", "-r", "Topic:" + TOPIC);
        assertContains(out, "delete acl to " + s + " success.");
        assertTrue(account(masterAcl, "app1").topicPerms().isEmpty());
        ok(home, "updateAcl", "-c", CLUSTER, "-s", "User:app1", "-r", "Topic:" + TOPIC, "-a", "Pub", "-d", "Allow");
        awaitTrue("app1 to send again", Duration.ofSeconds(20), () -> sends("app1", "app1-secret"));

        // updateUser: disable refuses its signatures with a remark; a new password replaces the old
        out = ok(home, "updateUser", "-c", CLUSTER, "-u", "app1", "-s", "disable");
        assertContains(out, "update user to " + m + " success.");
        assertRefused("app1", "app1-secret", "AccessKey 'app1' is disabled");
        ok(home, "updateUser", "-c", CLUSTER, "-u", "app1", "-s", "enable"); // -p, -t, -s: one per run
        ok(home, "updateUser", "-c", CLUSTER, "-u", "app1", "-p", "app1-secret-2");
        assertRefused("app1", "app1-secret", "signature mismatch for AccessKey 'app1'");
        awaitTrue("app1 to send with its new password", Duration.ofSeconds(20),
                () -> sends("app1", "app1-secret-2"));

        // only admin accounts may use these commands
        Files.writeString(appHome.resolve("conf/tools.yml"), "accessKey: app1\nsecretKey: app1-secret-2\n");
        out = run(appHome, "listUser", "-b", m);
        assertContains(out, "request code 3005 is an admin request and AccessKey 'app1' is not an admin account");

        // copyUser / copyAcl: a user made on the master only, then copied to the slave
        ok(home, "createUser", "-b", m, "-u", "app2", "-p", "app2-secret", "-t", "Normal");
        ok(home, "createAcl", "-b", m, "-s", "User:app2", "-r", "Topic:orders-*", "-a", "Pub", "-d", "Allow");
        assertNull(account(slaveAcl, "app2"));
        out = ok(home, "copyUser", "-f", m, "-t", s, "-u", "app2");
        assertContains(out, "copy user of app2 from " + m + " to " + s + " success.");
        assertEquals("app2-secret", account(slaveAcl, "app2").secretKey());
        out = ok(home, "copyAcl", "-f", m, "-t", s, "-s", "User:app2");
        assertContains(out, "copy acl of User:app2 from " + m + " to " + s + " success.");
        AclAccount copied = account(slaveAcl, "app2");
        AclAccount original = account(masterAcl, "app2");
        assertEquals(original.topicPerms(), copied.topicPerms());
        assertEquals(original.defaultTopicPerm(), copied.defaultTopicPerm());
        assertEquals(original.defaultGroupPerm(), copied.defaultGroupPerm());
        assertEquals(Perm.PUB, copied.topicPerm("orders-eu"));

        // deleteUser from the cluster: gone from both files, its requests refused
        out = ok(home, "deleteUser", "-c", CLUSTER, "-u", "app1");
        assertContains(out, "delete user to " + m + " success.");
        assertContains(out, "delete user to " + s + " success.");
        assertNull(account(masterAcl, "app1"));
        assertNull(account(slaveAcl, "app1"));
        assertRefused("app1", "app1-secret-2", "unknown AccessKey 'app1'");
        // the last admin accounts stay
        ok(home, "deleteUser", "-b", m, "-u", "it-broker");
        out = run(home, "deleteUser", "-b", m, "-u", "it-admin");
        assertContains(out, "no enabled admin account");
        assertNotNull(account(masterAcl, "it-admin"));
    }

    private BrokerConfig brokerConfig(long id, Path acl) {
        BrokerConfig c = new BrokerConfig().brokerClusterName(CLUSTER).brokerName("broker-acl2").brokerId(id)
                .brokerRole(id == 0 ? BrokerRole.SYNC_MASTER : BrokerRole.SLAVE).brokerIP1("127.0.0.1")
                .listenPort(0).haListenPort(0).namesrvAddr(namesrv)
                .storePathRootDir(dir.resolve("broker-" + id).toString()).registerNameServerPeriod(500)
                .aclEnable(true).aclFile(acl.toString()).innerCredentials("it-broker", "it-broker-secret");
        c.storeValues().setText("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        return c;
    }

    private static AclAccount account(Path file, String accessKey) throws IOException {
        return AclRules.parse(Files.readString(file)).account(accessKey);
    }

    private boolean sends(String ak, String sk) {
        try {
            return send(ak, sk) == SendStatus.SEND_OK;
        } catch (Exception e) {
            return false;
        }
    }

    private SendStatus send(String ak, String sk) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer("acl2-" + ak + "-" + System.nanoTime(),
                new AclClientRPCHook(new SessionCredentials(ak, sk)));
        p.setNamesrvAddr(namesrv);
        p.setInstanceName("acl2-" + System.nanoTime());
        p.setSendMsgTimeout(5000);
        p.setRetryTimesWhenSendFailed(0);
        p.start();
        try {
            return p.send(new Message(TOPIC, "x".getBytes(StandardCharsets.UTF_8))).getSendStatus();
        } finally {
            p.shutdown();
        }
    }

    /** The broker refuses {@code ak}'s send with a remark containing {@code why} (ACL changes apply at once). */
    private void assertRefused(String ak, String sk, String why) throws Exception {
        Exception e = null;
        try {
            send(ak, sk);
        } catch (MQBrokerException | org.apache.rocketmq.client.exception.MQClientException ex) {
            e = ex;
        }
        assertNotNull(e, ak + " was not refused");
        String text = e + (e.getCause() == null ? "" : " / " + e.getCause());
        assertTrue(text.contains(why), "expected '" + why + "' in: " + text);
    }

    private String ok(Path home, String... args) {
        String out = run(home, args);
        if (FAILURE.matcher(out).find()) {
            fail("mqadmin " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    /** {@code mqadmin <args> -n <namesrv>} in its own JVM with {@code home} as ROCKETMQ_HOME (bounded: 60 s). */
    private String run(Path home, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Drocketmq.home.dir=" + home, MQAdminStartup.class.getName()));
        cmd.addAll(List.of(args));
        cmd.add("-n");
        cmd.add(namesrv);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                byte[] bytes;
                java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                return p.getInputStream().readAllBytes();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    fail("mqadmin " + String.join(" ", args) + " did not end within 60 s");
                }
                bytes = read.get(10, TimeUnit.SECONDS);
                String out = new String(bytes, StandardCharsets.UTF_8);
                System.out.println("$ mqadmin " + String.join(" ", args) + "\n" + out);
                return out;
            } finally {
                p.destroyForcibly();
            }
        } catch (Exception e) {
            throw new AssertionError("mqadmin " + String.join(" ", args) + ": " + e, e);
        }
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), "expected '" + part + "' in:\n" + text);
    }
}
