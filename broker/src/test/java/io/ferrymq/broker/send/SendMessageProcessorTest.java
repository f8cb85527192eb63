package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.testing.FakeMessageStore;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.message.BatchCodec;
import io.ferrymq.common.message.BatchCodec.BatchRecord;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.BatchToStore;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** SEND_BATCH_MESSAGE of one record a properties string, bodies "b0", "b1", ... */
    private static RemotingCommand sendBatch(String topic, List<String> recordProperties) {
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < recordProperties.size(); i++) {
            records.add(BatchRecord.of(0, ("b" + i).getBytes(StandardCharsets.UTF_8), recordProperties.get(i)));
        }
        RemotingCommand req = sendV2(topic, 0, Map.of(), "");
        req.code(RequestCode.SEND_BATCH_MESSAGE);
        return req.body(BatchCodec.encode(records));
    }

    private static String pairs(String... nameValues) {
        return BatchRecordPropertiesTest.pairs(nameValues);
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
    void aSendThatQueuedPastWaitTimeMillisInSendQueueIsAnsweredBusyAndNotStored() throws Exception {
        RemotingCommand queued = sendV2("T", 0, Map.of(), "x").arrivedAt(clock.nanoTime());
        RemotingCommand queuedBatch = sendBatch("T", List.of("")).arrivedAt(clock.nanoTime());
        clock.advance(250); // behind other sends on the executor

        for (RemotingCommand req : List.of(queued, queuedBatch)) {
            RemotingCommand resp = answer(req);
            assertEquals(ResponseCode.SYSTEM_BUSY, resp.code());
            assertTrue(resp.remark().startsWith("[TIMEOUT_CLEAN_QUEUE]"), resp.remark());
        }
        assertTrue(store.puts().isEmpty());
        assertTrue(store.batches().isEmpty());
    }

    @Test
    void aSendWhileTheAppenderIsStuckPastItsLimitIsAnsweredBusyWithoutWaitingForIt() throws Exception {
        store.appendBusyFor(java.util.concurrent.TimeUnit.SECONDS.toNanos(2));
        RemotingCommand resp = answer(sendV2("T", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SYSTEM_BUSY, resp.code());
        assertTrue(resp.remark().startsWith("[PC_SYNCHRONIZED]"), resp.remark());
        assertTrue(store.puts().isEmpty(), "never reached the store");
    }

    @Test
    void theStoresOwnAppendLockTimeoutCarriesTheSameTag() throws Exception {
        store.refuseWith(PutStatus.OS_PAGE_CACHE_BUSY); // the appender stalled after the look
        RemotingCommand resp = answer(sendV2("T", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SYSTEM_BUSY, resp.code());
        assertTrue(resp.remark().startsWith("[PC_SYNCHRONIZED] store refused the message: OS_PAGE_CACHE_BUSY"),
                resp.remark());
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

    @Test
    void everyRecordOfABatchIsStoredWithBrokerPropertiesAndEachNameOnce() throws Exception {
        RemotingCommand resp = answer(sendBatch("T", List.of(
                pairs("WAIT", "true", "UNIQ_KEY", "U0", "TAGS", "a"), // as the official client sends them
                pairs("TAGS", "b"), // no UNIQ_KEY
                pairs("CLUSTER", "other", "UNIQ_KEY", "U2", "MSG_REGION", "R2", "TRACE_ON", "false"),
                "junk\u0002" + pairs("KEYS", "k1", "UNIQ_KEY", "U3", "KEYS", "k2") + "UNIQ_KEY\u0001\u0002")));

        assertEquals(ResponseCode.SUCCESS, resp.code(), resp.remark());
        assertEquals(1, store.batches().size());
        BatchToStore batch = store.batches().get(0);
        assertEquals(4, batch.records().size());
        List<Map<String, String>> stored = new ArrayList<>();
        for (BatchRecord r : batch.records()) {
            Set<String> names = new HashSet<>();
            for (String segment : r.properties().split("\u0002")) {
                int nv = segment.indexOf('\u0001');
                assertTrue(nv > 0 && nv < segment.length() - 1 && names.add(segment.substring(0, nv)),
                        "one well-formed pair a name: " + r.properties());
            }
            Map<String, String> p = MessageProperties.decode(r.properties());
            assertEquals("C1", p.get(MessageConst.PROPERTY_CLUSTER));
            assertNotNull(p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
            stored.add(p);
        }
        assertEquals(Map.of("WAIT", "true", "UNIQ_KEY", "U0", "TAGS", "a", "CLUSTER", "C1",
                "MSG_REGION", "DefaultRegion", "TRACE_ON", "true"), stored.get(0));
        assertEquals("b", stored.get(1).get(MessageConst.PROPERTY_TAGS));
        assertEquals(Map.of("UNIQ_KEY", "U2", "CLUSTER", "C1", "MSG_REGION", "R2", "TRACE_ON", "false"),
                stored.get(2));
        assertEquals(Map.of("KEYS", "k2", "UNIQ_KEY", "U3", "CLUSTER", "C1", "MSG_REGION", "DefaultRegion",
                "TRACE_ON", "true"), stored.get(3));
    }

    @Test
    void aBatchWithADelayedTimerOrTransactionalRecordIsRefusedAndNothingIsStored() throws Exception {
        String delay = "delay levels are not supported inside a batch";
        String timerOrTx = "timer and transactional messages are not supported inside a batch; send them one by one";
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(pairs("DELAY", " 2 "), delay);
        refusals.put(pairs("DELAY", "3", "TRAN_MSG", "true"), delay);
        refusals.put(pairs("TIMER_DELIVER_MS", "1"), timerOrTx);
        refusals.put(pairs("TIMER_DELAY_SEC", "x"), timerOrTx);
        refusals.put(pairs("TIMER_DELAY_MS", "5"), timerOrTx);
        refusals.put(pairs("TRAN_MSG", "TRUE"), timerOrTx);
        for (Map.Entry<String, String> e : refusals.entrySet()) {
            RemotingCommand resp = answer(sendBatch("T", List.of(pairs("TAGS", "ok"), e.getKey())));
            assertEquals(ResponseCode.MESSAGE_ILLEGAL, resp.code(), e.getKey());
            assertEquals(e.getValue(), resp.remark(), e.getKey());
        }
        assertTrue(store.batches().isEmpty());

        RemotingCommand accepted = answer(sendBatch("T", List.of(pairs("DELAY", "0", "TRAN_MSG", "false"),
                pairs("DELAY", "-1", "TIMER_DELAY_MS", "") + "TIMER_DELAY_SEC\u0001\u0002")));
        assertEquals(ResponseCode.SUCCESS, accepted.code(), "no delay level, no timer or transaction property");
        assertFalse(store.batches().isEmpty());
    }
}
