package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.testing.FakeMessageStore;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SEND_MESSAGE_V2 against a fake store: what is stored, and what the producer is answered (docs/protocol.md 2.4). */
class SendMessageProcessorTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FakeMessageStore store = new FakeMessageStore();
    private final EmbeddedChannel wire = new EmbeddedChannel();
    private final RemotingChannel channel = RemotingChannel.detached(wire);
    private SendMessageProcessor send;

    @BeforeEach
    void wire() throws Exception {
        BrokerConfig config = new BrokerConfig().brokerClusterName("C1").brokerName("broker-a");
        TopicConfigTable topics = new TopicConfigTable(dir.resolve("topics.json"), clock);
        send = SendProcessors.of(config, topics, dir.resolve("groups.json"), store, clock);
        topics.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
    }

    private static RemotingCommand sendV2(String topic, int queueId, Map<String, String> props, String body) {
        RemotingCommand req = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        req.putExt("a", "PG");
        req.putExt("b", topic);
        req.putExt("c", "TBW102");
        req.putExt("d", "4");
        req.putExt("e", Integer.toString(queueId));
        req.putExt("f", "0");
        req.putExt("g", "1700000000000");
        req.putExt("h", "0");
        req.putExt("i", MessageProperties.encode(props));
        return req.body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the request and returns the answer, whether given at once or written to the channel later. */
    private RemotingCommand answer(RemotingCommand req) throws Exception {
        RemotingCommand direct = send.process(channel, req);
        if (direct != null) {
            return direct;
        }
        wire.runPendingTasks();
        RemotingCommand written = wire.readOutbound();
        assertNotNull(written, "the send was answered on the channel");
        return written;
    }

    @Test
    void aSendIsStoredWithBrokerPropertiesAndAnsweredWithItsPlace() throws Exception {
        RemotingCommand resp = answer(sendV2("T", 2, Map.of("TAGS", "A", "UNIQ_KEY", "U1"), "hello"));

        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertEquals("2", resp.extFields().get("queueId"));
        assertEquals("0", resp.extFields().get("queueOffset"));
        assertNotNull(resp.extFields().get("msgId"));
        assertEquals(1, store.puts().size());
        MessageToStore stored = store.puts().get(0);
        assertEquals("T", stored.topic());
        assertEquals(2, stored.queueId());
        Map<String, String> props = MessageProperties.decode(stored.properties());
        assertEquals("U1", props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        assertEquals("C1", props.get(MessageConst.PROPERTY_CLUSTER), "CLUSTER is needed by request/reply");
    }

    @Test
    void aSendWithoutUniqKeyGetsOneFromTheBroker() throws Exception {
        RemotingCommand resp = answer(sendV2("T", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SUCCESS, resp.code());
        String uniq = MessageProperties.decode(store.puts().get(0).properties())
                .get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        assertNotNull(uniq);
        assertEquals(uniq, resp.extFields().get("transactionId"));
    }

    @Test
    void aDelayedSendGoesToTheScheduleTopicButIsAnsweredWithItsRealQueue() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "3");
        RemotingCommand resp = answer(sendV2("T", 1, props, "later"));

        assertEquals(ResponseCode.SUCCESS, resp.code());
        assertEquals("1", resp.extFields().get("queueId"));
        MessageToStore stored = store.puts().get(0);
        assertEquals(TopicNames.SCHEDULE_TOPIC, stored.topic());
        assertEquals(2, stored.queueId(), "queue = level - 1");
        Map<String, String> p = MessageProperties.decode(stored.properties());
        assertEquals("T", p.get(MessageConst.PROPERTY_REAL_TOPIC));
        assertEquals("1", p.get(MessageConst.PROPERTY_REAL_QUEUE_ID));
    }

    @Test
    void anUnknownTopicWithoutAutoCreateIsRefusedAndNothingIsStored() throws Exception {
        RemotingCommand resp = answer(sendV2("Nope", 0, Map.of(), "x"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, resp.code());
        assertNotNull(resp.remark());
        assertTrue(store.puts().isEmpty());
    }

    @Test
    void aSendToAReservedTopicIsRefusedWithNoPermission() throws Exception {
        RemotingCommand resp = answer(sendV2(TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, 0, Map.of(), "x"));
        assertEquals(ResponseCode.NO_PERMISSION, resp.code());
        assertTrue(store.puts().isEmpty());
    }

    @Test
    void aStoreRefusalIsAnsweredWithItsCodeAndReasonAndNoPlace() throws Exception {
        store.refuseWith(PutStatus.SERVICE_NOT_AVAILABLE);
        RemotingCommand resp = answer(sendV2("T", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, resp.code());
        assertTrue(resp.remark().contains("SERVICE_NOT_AVAILABLE"), resp.remark());
        assertNull(resp.extFields() == null ? null : resp.extFields().get("msgId"));
    }

    @Test
    void aConsumersRetryCopyWithoutItsSlaveCopyIsAnsweredSystemErrorSoTheOfficialClientConsumesItAgain()
            throws Exception {
        send.replicateWith((r, resp) -> java.util.concurrent.CompletableFuture.completedFuture(
                io.ferrymq.broker.ha.SyncAck.apply(io.ferrymq.store.ha.ReplicaAck.NO_SLAVE, resp, "broker-a", 1, 1000)));
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "3");
        RemotingCommand retry = answer(sendV2("%RETRY%G", 0, props, "failed once"));
        assertEquals(ResponseCode.SYSTEM_ERROR, retry.code(), "the fallback producer must not take it as sent");
        assertTrue(retry.remark().contains("SLAVE_NOT_AVAILABLE"), retry.remark());

        RemotingCommand plain = answer(sendV2("T", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, plain.code(), "a producer's own send keeps its code");
    }
}
