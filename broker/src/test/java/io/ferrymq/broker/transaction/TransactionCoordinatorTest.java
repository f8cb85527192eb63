package io.ferrymq.broker.transaction;

import io.ferrymq.broker.Rejection;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.testing.ScriptedReplicaWait;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.store.DiskUsage;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.ha.ReplicaAck;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The half-message coordinator stepped with a manual clock over a real store: decisions, check-back timing,
 * the check maximum, and a restart that neither forgets a decision nor repeats one.
 */
class TransactionCoordinatorTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final String GROUP = "tx-pg";
    private static final String TOPIC = "Orders";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private MessageStore store;
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final List<RemotingCommand> checksSent = new ArrayList<>();
    private boolean producerOnline = true;
    private long timeOut = 6000;
    private int checkMax = 3;
    private long interval = 10_000;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir.resolve("store"))
                .mappedFileSizeCommitLog(1 << 20).mappedFileSizeConsumeQueue(20 * 1000).maxMessageSize(64 * 1024)
                .build(), clock, DiskUsage.FILE_SYSTEM, ZoneId.systemDefault());
        store.start();
    }

    @AfterEach
    void closeStore() {
        store.shutdown();
    }

    private TransactionCoordinator coordinator() {
        return coordinator(new ReplicatedPuts(store));
    }

    private TransactionCoordinator coordinator(ReplicatedPuts puts) {
        TransactionSettings settings = new TransactionSettings() {
            @Override
            public long transactionTimeOut() {
                return timeOut;
            }

            @Override
            public int transactionCheckMax() {
                return checkMax;
            }

            @Override
            public long transactionCheckInterval() {
                return interval;
            }
        };
        CheckBackSender sender = (group, req) -> {
            if (!producerOnline) {
                return null;
            }
            assertEquals(GROUP, group);
            checksSent.add(req);
            return "127.0.0.1:5555";
        };
        TransactionCoordinator c = new TransactionCoordinator(store, puts, clock, settings, sender, HOST, "broker-a",
                faults, dir.resolve("transactionProgress.json"));
        c.load();
        return c;
    }

    /** Stores a half message as the send path does; returns its put result. */
    private PutResult putHalf(String uniq, Map<String, String> extra) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
        props.put(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        props.put(MessageConst.PROPERTY_PRODUCER_GROUP, GROUP);
        props.putAll(extra);
        HalfMessages.redirectToHalf(props, TOPIC, 2);
        PutResult r = store.put(new MessageToStore(TopicNames.TRANS_HALF_TOPIC, 0, 0,
                ByteBuffer.wrap(uniq.getBytes(StandardCharsets.UTF_8)), MessageProperties.encode(props),
                HalfMessages.halfSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE), clock.currentTimeMillis(), HOST,
                HOST, 0, 0L)).get(5, TimeUnit.SECONDS);
        assertTrue(r.ok(), "half message stored");
        await(() -> store.maxOffset(TopicNames.TRANS_HALF_TOPIC, 0) > r.queueOffset());
        return r;
    }

    private static EndTransactionHeader end(PutResult half, Decision d) {
        return new EndTransactionHeader(GROUP, half.queueOffset(), half.wroteOffset(), d.wire(), false, null, null);
    }

    private Rejection decide(TransactionCoordinator c, EndTransactionHeader h) throws Exception {
        var f = c.decide(h);
        c.step();
        return f.get(5, TimeUnit.SECONDS);
    }

    private List<DecodedMessage> visible(String topic, int queueId) {
        List<DecodedMessage> out = new ArrayList<>();
        GetResult g = store.get(topic, queueId, 0, 100, Integer.MAX_VALUE, MessageFilter.ALL);
        try {
            for (ByteBuffer b : g.messages()) {
                out.add(MessageDecoder.decode(b.duplicate()));
            }
        } finally {
            g.release();
        }
        return out;
    }

    private void awaitVisible(String topic, int queueId, int count) throws InterruptedException {
        await(() -> store.maxOffset(topic, queueId) >= count);
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }

    @Test
    void commitMakesTheMessageVisibleOnItsRealTopicAndQueueOnce() throws Exception {
        TransactionCoordinator c = coordinator();
        PutResult half = putHalf("U1", Map.of());
        assertTrue(visible(TOPIC, 2).isEmpty(), "a half message is invisible");

        assertNull(decide(c, end(half, Decision.COMMIT)));
        awaitVisible(TOPIC, 2, 1);
        DecodedMessage m = visible(TOPIC, 2).get(0);
        assertEquals("U1", m.uniqKey());
        assertEquals(MessageSysFlag.TRANSACTION_COMMIT_TYPE, MessageSysFlag.transactionValue(m.sysFlag()));
        assertEquals(half.wroteOffset(), m.preparedTransactionOffset());
        assertNull(m.properties().get(MessageConst.PROPERTY_REAL_TOPIC));

        assertNull(decide(c, end(half, Decision.COMMIT)), "a repeated decision is accepted and ignored");
        assertNull(decide(c, end(half, Decision.ROLLBACK)), "the first decision wins");
        assertEquals(1, store.maxOffset(TOPIC, 2));
        assertEquals(1, c.committedCount());
        // the op record is dispatched to its consume queue after the decision is answered
        await(() -> store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0) >= 1);
        assertEquals(1, store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0), "one op record");
    }

    @Test
    void rollbackNeverShowsTheMessageAndIsNeverCheckedBack() throws Exception {
        TransactionCoordinator c = coordinator();
        PutResult half = putHalf("U2", Map.of());
        assertNull(decide(c, end(half, Decision.ROLLBACK)));
        clock.advance(60_000);
        c.step();
        assertEquals(0, store.maxOffset(TOPIC, 2));
        assertTrue(checksSent.isEmpty());
        assertEquals(1, c.rolledBackCount());
    }

    @Test
    void endTransactionNamingTheWrongMessageOrGroupIsRefusedWithAReason() throws Exception {
        TransactionCoordinator c = coordinator();
        PutResult half = putHalf("U3", Map.of());
        Rejection wrongOffset = decide(c, new EndTransactionHeader(GROUP, half.queueOffset() + 7,
                half.wroteOffset(), Decision.COMMIT.wire(), false, null, null));
        assertNotNull(wrongOffset);
        assertTrue(wrongOffset.remark().contains("tranStateTableOffset"), wrongOffset.remark());
        Rejection wrongGroup = decide(c, new EndTransactionHeader("other", half.queueOffset(), half.wroteOffset(),
                Decision.COMMIT.wire(), false, null, null));
        assertTrue(wrongGroup.remark().contains("producer group " + GROUP), wrongGroup.remark());
        Rejection badValue = decide(c, new EndTransactionHeader(GROUP, half.queueOffset(), half.wroteOffset(), 5,
                false, null, null));
        assertTrue(badValue.remark().contains("commitOrRollback 5"), badValue.remark());
        assertEquals(0, store.maxOffset(TOPIC, 2));
    }

    @Test
    void undecidedHalfMessageIsCheckedAfterTheTimeoutThenEveryIntervalAndTheAnswerApplies() throws Exception {
        TransactionCoordinator c = coordinator();
        PutResult half = putHalf("U4", Map.of());
        c.step();
        assertTrue(checksSent.isEmpty(), "not checked within transactionTimeOut");

        clock.advance(timeOut);
        c.step();
        assertEquals(1, checksSent.size(), "first check once the timeout passed");
        RemotingCommand check = checksSent.get(0);
        assertEquals(RequestCode.CHECK_TRANSACTION_STATE, check.code());
        assertEquals(Long.toString(half.queueOffset()), check.extFields().get("tranStateTableOffset"));
        assertEquals(Long.toString(half.wroteOffset()), check.extFields().get("commitLogOffset"));
        assertEquals("U4", check.extFields().get("transactionId"));
        DecodedMessage body = MessageDecoder.decode(ByteBuffer.wrap(check.body()));
        assertEquals(TOPIC, body.topic(), "the producer sees the real topic");
        assertEquals(2, body.queueId());
        assertEquals("1", body.properties().get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES));

        clock.advance(interval - TransactionCoordinator.ROUND_MILLIS);
        c.step();
        assertEquals(1, checksSent.size(), "not again before transactionCheckInterval");
        clock.advance(TransactionCoordinator.ROUND_MILLIS);
        c.step();
        assertEquals(2, checksSent.size(), "again after transactionCheckInterval");

        // the producer answers the check with commit
        assertNull(decide(c, new EndTransactionHeader(GROUP, half.queueOffset(), half.wroteOffset(),
                Decision.COMMIT.wire(), true, "U4", "U4")));
        awaitVisible(TOPIC, 2, 1);
        clock.advance(interval * 5);
        c.step();
        assertEquals(2, checksSent.size(), "a decided message is not checked any more");
    }

    @Test
    void checkImmunityPropertyOverridesTheBrokerTimeout() throws Exception {
        TransactionCoordinator c = coordinator();
        putHalf("U5", Map.of(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS, "60"));
        clock.advance(59_000);
        c.step();
        assertTrue(checksSent.isEmpty());
        clock.advance(1000);
        c.step();
        assertEquals(1, checksSent.size());
    }

    @Test
    void pastTheMaximumTheHalfMessageIsDiscardedCountedAndKept() throws Exception {
        TransactionCoordinator c = coordinator();
        putHalf("U6", Map.of());
        clock.advance(timeOut);
        for (int i = 0; i < checkMax; i++) {
            c.step();
            clock.advance(interval);
        }
        assertEquals(checkMax, checksSent.size());
        c.step();
        assertEquals(checkMax, checksSent.size(), "no check beyond the maximum");
        assertEquals(1, c.discardedCount());
        assertEquals(1, faults.count("transaction.check_max_exceeded"));
        awaitVisible(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0, 1);
        DecodedMessage kept = visible(TopicNames.TRANS_CHECK_MAX_TIME_TOPIC, 0).get(0);
        assertEquals("U6", kept.uniqKey());
        assertEquals(Integer.toString(checkMax), kept.properties().get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES));
        assertEquals(0, store.maxOffset(TOPIC, 2), "a discarded message never becomes visible");
    }

    @Test
    void aRestartKeepsDecisionsAndCheckCountsAndSettlesACommitWhoseOpRecordWasLost() throws Exception {
        TransactionCoordinator first = coordinator();
        PutResult rolledBack = putHalf("A", Map.of());
        PutResult checked = putHalf("B", Map.of());
        PutResult committedNoOp = putHalf("C", Map.of());
        assertNull(decide(first, end(rolledBack, Decision.ROLLBACK)));
        clock.advance(timeOut);
        first.step();
        assertEquals(2, checksSent.size(), "B and C checked once");
        first.shutdown();

        // a commit stored just before a crash, its op record never written
        DecodedMessage c = MessageDecoder.decode(store.messageAt(committedNoOp.wroteOffset()).duplicate());
        assertTrue(store.put(HalfMessages.committed(c, HOST)).get(5, TimeUnit.SECONDS).ok());
        awaitVisible(TOPIC, 2, 1);

        checksSent.clear();
        TransactionCoordinator second = coordinator();
        clock.advance(interval);
        second.step();
        assertEquals(1, checksSent.size(), "only B is asked again");
        DecodedMessage asked = MessageDecoder.decode(ByteBuffer.wrap(checksSent.get(0).body()));
        assertEquals("B", asked.uniqKey());
        assertEquals("2", asked.properties().get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES),
                "the check count survived the restart");
        assertEquals(1, store.maxOffset(TOPIC, 2), "C is not committed twice");
        assertNull(decide(second, end(checked, Decision.COMMIT)));
        awaitVisible(TOPIC, 2, 2);
        second.shutdown();

        checksSent.clear();
        TransactionCoordinator third = coordinator();
        clock.advance(interval * 10);
        third.step();
        assertTrue(checksSent.isEmpty(), "everything is decided");
        assertEquals(2, store.maxOffset(TOPIC, 2));
    }

    @Test
    void checksWithNoProducerOnlineStillCountTowardsTheMaximum() throws Exception {
        producerOnline = false;
        TransactionCoordinator c = coordinator();
        putHalf("U7", Map.of());
        clock.advance(timeOut);
        for (int i = 0; i <= checkMax; i++) {
            c.step();
            clock.advance(interval);
        }
        assertEquals(1, c.discardedCount(), "as in RocketMQ, an unanswered check counts");
    }

    @Test
    void underSyncMasterACommitIsDecidedOnlyOnceTheSlavesHoldItsCopyAndTheCopyIsStoredOnce() throws Exception {
        ScriptedReplicaWait slave = new ScriptedReplicaWait(ReplicaAck.TIMEOUT);
        ReplicatedPuts puts = new ReplicatedPuts(store);
        puts.replicateWith(slave);
        TransactionCoordinator c = coordinator(puts);
        PutResult half = putHalf("S1", Map.of());

        Rejection notReplicated = decide(c, end(half, Decision.COMMIT));
        assertNotNull(notReplicated, "no slave copy: the commit is not acknowledged");
        assertEquals(ResponseCode.FLUSH_SLAVE_TIMEOUT, notReplicated.code());
        assertTrue(notReplicated.remark().contains("FLUSH_SLAVE_TIMEOUT"), notReplicated.remark());
        assertEquals(0, c.committedCount());
        assertEquals(0, store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0), "not decided: no op record");
        assertEquals(1, faults.count("transaction.commit_not_replicated"));

        slave.answer(ReplicaAck.NO_SLAVE);
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, decide(c, end(half, Decision.COMMIT)).code());

        slave.answer(ReplicaAck.OK);
        assertNull(decide(c, end(half, Decision.COMMIT)), "replicated: the commit is acknowledged");
        assertEquals(1, c.committedCount());
        awaitVisible(TOPIC, 2, 1);
        assertEquals(1, store.maxOffset(TOPIC, 2), "the copy was stored once, then waited for");
        assertEquals(slave.asked().get(0), slave.asked().get(2), "every wait was for that one copy");
        await(() -> store.maxOffset(TopicNames.TRANS_OP_HALF_TOPIC, 0) == 1);
    }
}
