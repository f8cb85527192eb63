package io.ferrymq.broker.config;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.BrokerMain;
import io.ferrymq.common.config.ConfigReader;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.store.MessageToStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A team moving from Apache RocketMQ brings its broker.conf: FerryMQ starts with it as is. */
class RocketMqBrokerConfTest {

    /** A typical RocketMQ 5.3.3 broker.conf (from its distribution's conf/2m-2s-async plus common additions). */
    private static String rocketMqBrokerConf(Path root, int namesrvPort) {
        return String.join("\n",
                "brokerClusterName=DefaultCluster",
                "brokerName=broker-a",
                "brokerId=0",
                "deleteWhen=04",
                "fileReservedTime=48",
                "brokerRole=ASYNC_MASTER",
                "flushDiskType=ASYNC_FLUSH",
                "storePathRootDir=" + root.resolve("store"),
                "storePathCommitLog=" + root.resolve("disk2/commitlog"),
                "namesrvAddr=127.0.0.1:" + namesrvPort,
                "listenPort=0",
                "haListenPort=0",
                "bindAddress=127.0.0.1",
                "brokerIP1=127.0.0.1",
                "slaveReadEnable=true",
                "autoCreateTopicEnable=true",
                "autoCreateSubscriptionGroup=true",
                "sendMessageThreadPoolNums=8",
                "serverSelectorThreads=3",
                "serverWorkerThreads=8",
                "waitTimeMillsInSendQueue=1000",
                "transientStorePoolEnable=false",
                "enableDLegerCommitLog=false",
                "traceTopicEnable=false",
                "mappedFileSizeCommitLog=16777216",
                "diskMaxUsedSpaceRatio=88",
                "") + "\n";
    }

    @Test
    void brokerStartsWithARocketMqBrokerConf(@TempDir Path dir) throws Exception {
        int unusedNamesrvPort;
        try (ServerSocket s = new ServerSocket(0)) {
            unusedNamesrvPort = s.getLocalPort();
        }
        Path file = dir.resolve("broker.conf");
        Files.writeString(file, rocketMqBrokerConf(dir, unusedNamesrvPort));
        BrokerConfig config = BrokerMain.parse(new String[] {"-c", file.toString()});

        assertEquals("127.0.0.1", config.bindAddress());
        assertTrue(config.slaveReadEnable());
        assertEquals(8, config.sendMessageThreadPoolNums());
        assertEquals(3, new RemotingServerConfig(config.networkValues()).ioThreads(), "Netty selector threads");
        Map<String, String> ignored = config.ignoredKeys().stream()
                .collect(Collectors.toMap(ConfigReader.IgnoredKey::name, ConfigReader.IgnoredKey::reason));
        assertEquals(1000, config.waitTimeMillisInSendQueue(), "RocketMQ's waitTimeMillsInSendQueue is honoured");
        assertEquals(List.of("enableDLegerCommitLog", "serverWorkerThreads", "transientStorePoolEnable"),
                ignored.keySet().stream().sorted().toList());
        assertFalse(config.traceTopicEnable(), "traceTopicEnable is honoured (issue 17)");
        assertTrue(ignored.get("enableDLegerCommitLog").contains("DLedger"), ignored.toString());
        assertTrue(config.ignoredKeys().get(0).warning().startsWith("config key 'enableDLegerCommitLog' (Apache "
                + "RocketMQ) has no effect in FerryMQ: "), config.ignoredKeys().get(0).warning());

        Broker broker = new Broker(config);
        try {
            BrokerMain.start(broker);
            // Client port bound on bindAddress; the commit log lives where storePathCommitLog says.
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5000);
            }
            assertEquals("48", config.asMap().get("fileReservedTime"));
            InetSocketAddress host = new InetSocketAddress("127.0.0.1", broker.port());
            broker.store().put(MessageToStore.of("T", 0, "hello".getBytes(StandardCharsets.UTF_8),
                    MessageProperties.encode(Map.of()), System.currentTimeMillis(), host, host)).get();
            Path commitLog = dir.resolve("disk2/commitlog");
            try (Stream<Path> files = Files.list(commitLog)) {
                assertFalse(files.toList().isEmpty(), "commit-log segment in storePathCommitLog");
            }
            assertFalse(Files.exists(dir.resolve("store/commitlog")), "nothing in the default commit-log dir");
        } finally {
            broker.shutdown();
        }
    }

    @Test
    void aKeyRocketMqDoesNotKnowEitherIsRefusedWithTheClosestKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.conf");
        Files.writeString(file, "namesrvAddr=127.0.0.1:9876\nslaveReadEnabel=true\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerMain.parse(new String[] {"-c", file.toString()}));
        assertEquals("unknown broker config key 'slaveReadEnabel'; did you mean 'slaveReadEnable'?", e.getMessage());
        Files.writeString(file, "namesrvAddr=127.0.0.1:9876\nwaitTimeMilsInSendQueue=1\n");
        e = assertThrows(IllegalArgumentException.class, () -> BrokerMain.parse(new String[] {"-c", file.toString()}));
        assertTrue(e.getMessage().contains("did you mean 'waitTimeMillsInSendQueue'?"), e.getMessage());
        Files.writeString(file, "namesrvAddr=127.0.0.1:9876\nchannelMaxIdleSeconds=60\n");
        e = assertThrows(IllegalArgumentException.class, () -> BrokerMain.parse(new String[] {"-c", file.toString()}));
        assertTrue(e.getMessage().contains("set 'serverChannelMaxIdleTimeSeconds' instead"), e.getMessage());
    }
}
