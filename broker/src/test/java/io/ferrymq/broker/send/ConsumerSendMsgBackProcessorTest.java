package io.ferrymq.broker.send;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.testing.ScriptedReplicaWait;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicCreator;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.ha.ReplicaAck;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONSUMER_SEND_MSG_BACK under SYNC_MASTER with a fake slave (issue 15): the consumer's failed message is only
 * acknowledged once its retry (or dead-letter) copy is held by the slaves; otherwise the consumer gets the
 * replication code and keeps the message.
 */
class ConsumerSendMsgBackProcessorTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final EmbeddedChannel wire = new EmbeddedChannel();
    private final RemotingChannel channel = RemotingChannel.detached(wire);
    private final ScriptedReplicaWait slave = new ScriptedReplicaWait(ReplicaAck.OK);
    private MessageStore store;
    private ConsumerSendMsgBackProcessor sendBack;

    @BeforeEach
    void wire() throws Exception {
        store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir.resolve("store"))
                .mappedFileSizeCommitLog(1 << 20).mappedFileSizeConsumeQueue(20 * 1000).maxMessageSize(64 * 1024)
                .build());
        store.start();
        BrokerConfig config = new BrokerConfig().brokerClusterName("C1").brokerName("broker-a");
        TopicConfigTable topics = new TopicConfigTable(dir.resolve("topics.json"), clock);
        TopicCreator creator = new TopicCreator(config, topics);
        creator.createSystemTopics();
        topics.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        SubscriptionGroupTable groups = new SubscriptionGroupTable(dir.resolve("groups.json"), true);
        ReplicatedPuts puts = new ReplicatedPuts(store);
        puts.replicateWith(slave);
        sendBack = new ConsumerSendMsgBackProcessor(config, BrokerIdentity.of("C1", "broker-a", 0, "127.0.0.1",
                10911), new SendChecks(config, topics, creator, groups), groups, creator, store, puts,
                new BrokerStats(clock));
    }

    @AfterEach
    void close() {
        store.shutdown();
    }

    private PutResult original(int reconsumeTimes) throws Exception {
        PutResult r = store.put(new MessageToStore("T", 1, 0, java.nio.ByteBuffer.wrap("failed".getBytes(
                StandardCharsets.UTF_8)), MessageProperties.encode(Map.of(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
                "U1")), 0, clock.currentTimeMillis(), HOST, HOST, reconsumeTimes, 0L)).get(5, TimeUnit.SECONDS);
        assertTrue(r.ok());
        return r;
    }

    /** CONSUMER_SEND_MSG_BACK of {@code original}; delay level -1 asks for the dead-letter topic at once. */
    private RemotingCommand sendBack(PutResult original, int delayLevel) throws Exception {
        RemotingCommand req = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK);
        req.putExt("offset", Long.toString(original.wroteOffset()));
        req.putExt("group", "G");
        req.putExt("delayLevel", Integer.toString(delayLevel));
        req.putExt("originMsgId", original.msgId());
        req.putExt("originTopic", "T");
        RemotingCommand direct = sendBack.process(channel, req);
        if (direct != null) {
            return direct;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        RemotingCommand written;
        while ((written = wire.readOutbound()) == null) {
            assertTrue(System.nanoTime() < deadline, "the send-back was answered on the channel");
            wire.runPendingTasks();
            Thread.onSpinWait();
        }
        return written;
    }

    @Test
    void aSendBackTheSlaveHoldsIsAcknowledged() throws Exception {
        PutResult r = original(0);
        RemotingCommand resp = sendBack(r, 0);
        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertEquals(1, slave.asked().size(), "the answer waited for the slave");
    }

    @Test
    void aSendBackTheSlaveDoesNotConfirmInTimeIsAnsweredFlushSlaveTimeoutSoTheConsumerKeepsTheMessage()
            throws Exception {
        slave.answer(ReplicaAck.TIMEOUT);
        RemotingCommand resp = sendBack(original(0), 0);
        assertEquals(ResponseCode.FLUSH_SLAVE_TIMEOUT, resp.code());
        assertNotNull(resp.remark());
        assertTrue(resp.remark().contains("%RETRY%G") || resp.remark().contains(TopicNames.SCHEDULE_TOPIC),
                resp.remark());
        assertTrue(resp.remark().contains("keeps the message"), resp.remark());
    }

    @Test
    void aMoveToTheDeadLetterTopicWithoutASlaveIsAnsweredSlaveNotAvailable() throws Exception {
        slave.answer(ReplicaAck.NO_SLAVE);
        RemotingCommand resp = sendBack(original(3), -1);
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, resp.code());
        assertTrue(resp.remark().contains("%DLQ%G"), resp.remark());
    }
}
