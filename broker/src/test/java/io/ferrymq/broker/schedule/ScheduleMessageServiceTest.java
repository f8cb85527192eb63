package io.ferrymq.broker.schedule;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.broker.config.DelayLevels;
import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.testing.ScriptedReplicaWait;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.ha.ReplicaAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled delivery stepped with a fake clock over a real store: due time, delivery, restart without repeats. */
class ScheduleMessageServiceTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    @TempDir
    Path dir;
    private MessageStore store;
    private final ManualClock clock = new ManualClock();
    private final long[] levels = DelayLevels.parse("1s 5s 10s");
    private final FaultRegistry faults = new FaultRegistry(clock);

    @BeforeEach
    void openStore() throws Exception {
        store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir.resolve("store"))
                .mappedFileSizeCommitLog(1 << 20).mappedFileSizeConsumeQueue(20 * 1000).maxMessageSize(64 * 1024)
                .build(), clock, io.ferrymq.store.DiskUsage.FILE_SYSTEM, java.time.ZoneId.systemDefault());
        // store times come from the test's clock too: due times never depend on how slowly the test runs
        store.start();
    }

    @AfterEach
    void closeStore() {
        store.shutdown();
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }

    private void putScheduled(String uniq, int level) throws Exception {
        putScheduled(uniq, level, "T", "0");
    }

    /** Stores a scheduled message; a null real topic or queue id leaves that property out. */
    private void putScheduled(String uniq, int level, String realTopic, String realQid) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
        props.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(level));
        if (realTopic != null) {
            props.put(MessageConst.PROPERTY_REAL_TOPIC, realTopic);
        }
        if (realQid != null) {
            props.put(MessageConst.PROPERTY_REAL_QUEUE_ID, realQid);
        }
        long before = store.maxOffset(TopicNames.SCHEDULE_TOPIC, level - 1);
        store.put(MessageToStore.of(TopicNames.SCHEDULE_TOPIC, level - 1, uniq.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props), clock.currentTimeMillis(), HOST, HOST)).get();
        await(() -> store.maxOffset(TopicNames.SCHEDULE_TOPIC, level - 1) == before + 1);
    }

    private ScheduleMessageService service() {
        ScheduleMessageService s = new ScheduleMessageService(store, clock, levels, HOST,
                dir.resolve("delayOffsets.json"), faults);
        s.load();
        return s;
    }

    @Test
    void deliversOnlyWhenDueThenToTheRealTopic() throws Exception {
        putScheduled("U1", 2);
        ScheduleMessageService s = service();
        long next = s.deliverDue();
        assertEquals(0, store.maxOffset("T", 0));
        assertTrue(next > clock.currentTimeMillis(), "next wake-up is the due time");
        clock.advance(4_000);
        s.deliverDue();
        assertEquals(0, store.maxOffset("T", 0), "not due after 4 s");
        clock.advance(1_500);
        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 1);
        GetResult g = store.get("T", 0, 0, 1, Integer.MAX_VALUE, MessageFilter.ALL);
        DecodedMessage m = MessageDecoder.decode(g.messages().get(0).duplicate());
        assertEquals("U1", new String(m.body(), StandardCharsets.UTF_8));
        assertNull(m.properties().get(MessageConst.PROPERTY_DELAY_TIME_LEVEL));
        assertEquals("T", m.properties().get(MessageConst.PROPERTY_REAL_TOPIC));
        assertEquals(Map.of(2, 1L), s.progress());
    }

    @Test
    void levelsAreIndependent() throws Exception {
        putScheduled("slow", 3);
        putScheduled("fast", 1);
        ScheduleMessageService s = service();
        clock.advance(3_000);
        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 1);
        assertEquals(Map.of(1, 1L), s.progress(), "the 10 s level is not due yet");
        clock.advance(10_000);
        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 2);
    }

    @Test
    void restartWithStaleProgressDoesNotRepeatDelivery() throws Exception {
        putScheduled("U2", 1);
        ScheduleMessageService s = service();
        clock.advance(3_000);
        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 1);
        // The restart looks the copy up in the index, which is written after the consume queue.
        await(() -> !store.queryByUniqKey("T", "U2", 64).messages().isEmpty());
        Files.delete(dir.resolve("delayOffsets.json")); // as if the process died before persisting progress
        ScheduleMessageService afterCrash = service();
        assertEquals(1L, afterCrash.progress().get(1), "delivered copy found, progress moved past it");
        afterCrash.deliverDue();
        Thread.sleep(50); // observation window: a second (duplicate) put would have reached the store by now
        assertEquals(1, store.maxOffset("T", 0), "no second copy");
        assertFalse(afterCrash.progress().isEmpty());
    }

    private DecodedMessage deadLetter(long offset) {
        GetResult g = store.get(TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, 0, offset, 1, Integer.MAX_VALUE,
                MessageFilter.ALL);
        try {
            return MessageDecoder.decode(g.messages().get(0).duplicate());
        } finally {
            g.release();
        }
    }

    @Test
    void aMessageWhoseRealQueueIdIsNotANumberIsMovedToTheDeadLetterTopicNotToQueueZero() throws Exception {
        putScheduled("BADQ", 1, "T", "zero");
        ScheduleMessageService s = service();
        clock.advance(1_500);
        s.deliverDue();

        await(() -> store.maxOffset(TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, 0) == 1);
        DecodedMessage dead = deadLetter(0);
        assertEquals("BADQ", new String(dead.body(), StandardCharsets.UTF_8));
        assertEquals("T", dead.properties().get(MessageConst.PROPERTY_REAL_TOPIC), "kept findable with its origin");
        assertEquals("1:0", dead.properties().get(ScheduleMessageService.PROPERTY_DELAY_SOURCE));
        assertTrue(dead.properties().get(ScheduleMessageService.PROPERTY_DEAD_LETTER_REASON).contains("zero"));
        assertEquals(0, store.maxOffset("T", 0), "never guessed onto queue 0");
        assertEquals(1, faults.count(ScheduleMessageService.FAULT_BAD_REAL_QUEUE_ID));
        assertEquals(1, s.deadLetteredCount());
        assertEquals(Map.of(1, 1L), s.progress(), "delivery goes on after the bad message");
    }

    @Test
    void aMessageWithoutRealTopicIsMovedToTheDeadLetterTopicNotDropped() throws Exception {
        putScheduled("NOTOPIC", 1, null, "0");
        putScheduled("GOOD", 1);
        ScheduleMessageService s = service();
        clock.advance(1_500);
        s.deliverDue();

        await(() -> store.maxOffset(TopicNames.SCHEDULE_DEAD_LETTER_TOPIC, 0) == 1);
        await(() -> store.maxOffset("T", 0) == 1);
        assertEquals("NOTOPIC", new String(deadLetter(0).body(), StandardCharsets.UTF_8));
        assertEquals(1, faults.count(ScheduleMessageService.FAULT_MISSING_REAL_TOPIC));
        assertEquals(1, s.deliveredCount(), "the good message behind it is delivered");
    }

    @Test
    void aProgressWriteFailureMakesTheBrokerUnhealthyUntilAWriteSucceeds() throws Exception {
        putScheduled("P1", 1);
        ScheduleMessageService s = service();
        Path progressFile = dir.resolve("delayOffsets.json");
        Files.deleteIfExists(progressFile);
        // A non-empty directory where the file should be: every write fails.
        Files.writeString(Files.createDirectories(progressFile).resolve("blocker"), "x");
        clock.advance(1_500);
        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 1);
        assertFalse(faults.healthy());
        assertEquals(1, faults.count(ScheduleMessageService.FAULT_PROGRESS_PERSIST));

        Files.delete(progressFile.resolve("blocker"));
        Files.delete(progressFile);
        putScheduled("P2", 1);
        clock.advance(1_500);
        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 2);
        assertTrue(faults.healthy(), "recovered after a successful write");
        assertTrue(Files.isRegularFile(progressFile));
    }

    @Test
    void underSyncMasterTheProgressPassesADeliveryOnlyOnceTheSlavesHoldItsCopyAndTheCopyIsNeverStoredTwice()
            throws Exception {
        putScheduled("R1", 1);
        ScriptedReplicaWait slave = new ScriptedReplicaWait(ReplicaAck.TIMEOUT);
        ReplicatedPuts puts = new ReplicatedPuts(store);
        puts.replicateWith(slave);
        ScheduleMessageService s = new ScheduleMessageService(store, puts, clock, levels, HOST,
                dir.resolve("delayOffsets.json"), faults);
        s.load();
        clock.advance(1_500);

        s.deliverDue();
        await(() -> store.maxOffset("T", 0) == 1);
        assertEquals(0L, s.progress().getOrDefault(1, 0L), "the copy is not replicated: progress stays on it");
        assertEquals(0, s.deliveredCount());
        assertEquals(1, faults.count(ScheduleMessageService.FAULT_NOT_REPLICATED));

        slave.answer(ReplicaAck.NO_SLAVE);
        clock.advance(1_100);
        s.deliverDue();
        assertEquals(0L, s.progress().getOrDefault(1, 0L), "still no slave copy");
        assertEquals(2, slave.asked().size(), "the second round waited again");
        assertEquals(slave.asked().get(0), slave.asked().get(1), "for the same copy");

        slave.answer(ReplicaAck.OK);
        clock.advance(1_100);
        s.deliverDue();
        assertEquals(Map.of(1, 1L), s.progress(), "replicated: the progress moves past the message");
        assertEquals(1, s.deliveredCount());
        assertEquals(1, store.maxOffset("T", 0), "one copy only, however many rounds waited for it");
    }
}
