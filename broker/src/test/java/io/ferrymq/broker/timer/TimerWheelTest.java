package io.ferrymq.broker.timer;

import io.ferrymq.broker.durability.ReplicatedPuts;
import io.ferrymq.broker.testing.ScriptedReplicaWait;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.DiskUsage;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.ha.ReplicaAck;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer wheel stepped with a manual clock over a real store: nothing early, everything due delivered in due
 * order exactly once, and restarts (clean, or with a batch in flight) neither lose nor repeat a message.
 */
class TimerWheelTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final String TOPIC = "Timed";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private MessageStore store;
    private TimerWheel wheel;

    @BeforeEach
    void open() throws Exception {
        store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir.resolve("store"))
                .mappedFileSizeCommitLog(4 << 20).mappedFileSizeConsumeQueue(20 * 10_000).maxMessageSize(64 * 1024)
                .build(), clock, DiskUsage.FILE_SYSTEM, ZoneId.systemDefault());
        store.start();
        wheel = new TimerWheel(store, clock, HOST, dir.resolve("timer"), faults);
    }

    @AfterEach
    void close() {
        wheel.close();
        store.shutdown();
    }

    private PutResult putTimer(String uniq, long due) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
        TimerMessages.redirectToTimer(props, TOPIC, 0, due);
        PutResult r = store.put(MessageToStore.of(TopicNames.TIMER_TOPIC, 0, uniq.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props), clock.currentTimeMillis(), HOST, HOST)).get(5, TimeUnit.SECONDS);
        assertTrue(r.ok());
        return r;
    }

    private void awaitDispatched(String topic, long count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.maxOffset(topic, 0) < count) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + count + " on " + topic);
            Thread.sleep(2);
        }
    }

    private List<DecodedMessage> delivered() throws InterruptedException {
        long n = store.maxOffset(TOPIC, 0);
        List<DecodedMessage> out = new ArrayList<>();
        long offset = 0;
        while (offset < n) {
            GetResult g = store.get(TOPIC, 0, offset, 512, Integer.MAX_VALUE, MessageFilter.ALL);
            try {
                for (ByteBuffer b : g.messages()) {
                    out.add(MessageDecoder.decode(b.duplicate()));
                }
                offset = g.nextBeginOffset();
            } finally {
                g.release();
            }
        }
        return out;
    }

    /** Steps until the wheel reports no work (bounded). */
    private void drain() {
        for (int i = 0; i < 10_000 && wheel.step() > 0; i++) {
            // each step indexes or delivers one batch
        }
    }

    @Test
    void nothingIsDeliveredBeforeItsDueTimeAndEverythingDueIsDeliveredInDueOrder() throws Exception {
        long t0 = clock.currentTimeMillis();
        putTimer("late", t0 + 7000);
        putTimer("early", t0 + 1000);
        putTimer("middle", t0 + 3000);
        awaitDispatched(TopicNames.TIMER_TOPIC, 3);

        drain();
        assertEquals(0, store.maxOffset(TOPIC, 0), "nothing due yet");
        assertEquals(1000, wheel.millisUntilNextRound(), "the wheel sleeps until the first due time");

        clock.advance(999);
        drain();
        assertEquals(0, store.maxOffset(TOPIC, 0), "not a millisecond early");
        clock.advance(1);
        drain();
        awaitDispatched(TOPIC, 1);
        clock.advance(10_000);
        drain();
        awaitDispatched(TOPIC, 3);
        List<String> order = delivered().stream().map(DecodedMessage::uniqKey).toList();
        assertEquals(List.of("early", "middle", "late"), order);
        DecodedMessage first = delivered().get(0);
        assertEquals(Long.toString(t0 + 1000), first.properties().get(MessageConst.PROPERTY_TIMER_OUT_MS));
        assertEquals(null, first.properties().get(MessageConst.PROPERTY_REAL_TOPIC));
        assertEquals(3, wheel.deliveredCount());
    }

    @Test
    void thousandsOfMessagesInRandomDueOrderArriveOnceEachInDueOrderAcrossACleanRestart() throws Exception {
        long t0 = clock.currentTimeMillis();
        Random random = new Random(17);
        Map<String, Long> dueOf = new HashMap<>();
        int n = 3000;
        for (int i = 0; i < n; i++) {
            long due = t0 + 1000 + random.nextInt(60_000);
            dueOf.put("m" + i, due);
            putTimer("m" + i, due);
        }
        awaitDispatched(TopicNames.TIMER_TOPIC, n);
        for (int s = 0; s < 30; s++) { // half of the minute
            clock.advance(1000);
            drain();
        }
        long firstHalf = store.maxOffset(TOPIC, 0);
        assertTrue(firstHalf > 0 && firstHalf < n, "part delivered: " + firstHalf);

        wheel.close();
        wheel = new TimerWheel(store, clock, HOST, dir.resolve("timer"), faults);
        for (int s = 0; s < 40; s++) {
            clock.advance(1000);
            drain();
        }
        awaitDispatched(TOPIC, n);
        List<DecodedMessage> got = delivered();
        assertEquals(n, got.size(), "each message once");
        assertEquals(n, got.stream().map(DecodedMessage::uniqKey).distinct().count());
        long last = 0;
        for (DecodedMessage m : got) {
            long due = dueOf.get(m.uniqKey());
            assertTrue(due >= last, "due order");
            last = due;
        }
    }

    @Test
    void aBatchInFlightAtACrashIsNotDeliveredTwice() throws Exception {
        long t0 = clock.currentTimeMillis();
        PutResult a = putTimer("a", t0 + 1000);
        putTimer("b", t0 + 1000);
        awaitDispatched(TopicNames.TIMER_TOPIC, 2);
        drain(); // indexed, nothing due
        wheel.close();

        // The crash: "a" was delivered and the batch marked in flight, but the batch was never removed.
        try (TimerIndex index = new TimerIndex(dir.resolve("timer"))) {
            List<TimerIndex.Entry> due = index.due(t0 + 1000, 10);
            assertEquals(2, due.size());
            index.markInflight(due.get(1));
        }
        DecodedMessage waitingA = MessageDecoder.decode(store.messageAt(a.wroteOffset()).duplicate());
        assertNotNull(waitingA);
        assertTrue(store.put(TimerMessages.delivered(waitingA, HOST, t0 + 1000)).get(5, TimeUnit.SECONDS).ok());
        awaitDispatched(TOPIC, 1);

        wheel = new TimerWheel(store, clock, HOST, dir.resolve("timer"), faults);
        clock.advance(1000);
        drain();
        awaitDispatched(TOPIC, 2);
        assertEquals(List.of("a", "b"), delivered().stream().map(DecodedMessage::uniqKey).toList());
        clock.advance(5000);
        drain();
        assertEquals(2, store.maxOffset(TOPIC, 0), "a is not repeated");
    }

    /** What the master did: stores the delivered copy of the waiting timer message written at {@code waiting}. */
    private void deliverCopy(PutResult waiting) throws Exception {
        DecodedMessage m = MessageDecoder.decode(store.messageAt(waiting.wroteOffset()).duplicate());
        assertNotNull(m);
        assertTrue(store.put(TimerMessages.delivered(m, HOST, clock.currentTimeMillis())).get(5, TimeUnit.SECONDS)
                .ok());
    }

    @Test
    void aFollowingSlaveDeliversNothingForgetsWhatItsMasterDeliveredAndOncePromotedNeitherLosesNorRepeats()
            throws Exception {
        long t0 = clock.currentTimeMillis();
        // this store plays the slave's: the timer messages arrive by replication
        PutResult a = putTimer("a", t0 + 1000);
        PutResult b = putTimer("b", t0 + 2000);
        PutResult c = putTimer("c", t0 + 3000);
        PutResult d = putTimer("d", t0 + 60_000);
        awaitDispatched(TopicNames.TIMER_TOPIC, 4);
        wheel.follow();
        clock.advance(5000);
        drain();
        assertEquals(0, store.maxOffset(TOPIC, 0), "a following slave delivers nothing");
        assertEquals(null, wheel.progress(), "a slave publishes no progress of its own");

        // the master delivered a and b (their copies replicated here) and published that c waits first
        deliverCopy(a);
        deliverCopy(b);
        awaitDispatched(TOPIC, 2);
        TimerWheel.Progress notHereYet = new TimerWheel.Progress(t0 + 3000, c.wroteOffset(), d.wroteOffset(),
                store.commitLogMaxOffset() + 4096);
        wheel.adoptMasterProgress(notHereYet);
        drain();
        assertEquals("0", wheel.figures().get("timerForgottenAsDeliveredByMaster"),
                "progress taken beyond this store's end waits until replication catches up");
        wheel.adoptMasterProgress(new TimerWheel.Progress(t0 + 3000, c.wroteOffset(), d.wroteOffset(),
                store.commitLogMaxOffset()));
        drain();
        assertEquals("2", wheel.figures().get("timerForgottenAsDeliveredByMaster"));

        // the master then delivered c, after its last published progress, and died
        deliverCopy(c);
        awaitDispatched(TOPIC, 3);

        // an operator promotes the slave: restarted as master on the same store and timer index
        wheel.close();
        wheel = new TimerWheel(store, clock, HOST, dir.resolve("timer"), faults);
        drain();
        assertEquals(3, store.maxOffset(TOPIC, 0), "nothing the old master delivered is delivered again");
        assertEquals(t0 + 60_000, wheel.progress().firstWaitingDue(), "d still waits");
        clock.advance(60_000);
        drain();
        awaitDispatched(TOPIC, 4);
        clock.advance(5000);
        drain();
        assertEquals(List.of("a", "b", "c", "d"), delivered().stream().map(DecodedMessage::uniqKey).toList(),
                "each exactly once, none lost");
        assertEquals(Long.MAX_VALUE, wheel.progress().firstWaitingDue(), "nothing waits");
    }

    @Test
    void dueTimesComeFromTheOfficialClientsPropertiesAndAreBounded() {
        long now = 1_000_000L;
        long max = 3 * 24 * 3600 * 1000L;
        assertEquals(now + 7000, TimerMessages.dueTime(Map.of(MessageConst.PROPERTY_TIMER_DELAY_SEC, "7"), now, max)
                .dueMillis());
        assertEquals(now + 1500, TimerMessages.dueTime(Map.of(MessageConst.PROPERTY_TIMER_DELAY_MS, "1500"), now,
                max).dueMillis());
        assertEquals(now + 42, TimerMessages.dueTime(Map.of(MessageConst.PROPERTY_TIMER_DELIVER_MS,
                Long.toString(now + 42)), now, max).dueMillis());
        String tooFar = TimerMessages.dueTime(Map.of(MessageConst.PROPERTY_TIMER_DELAY_SEC,
                Long.toString(3 * 24 * 3600 + 1)), now, max).refusal();
        assertTrue(tooFar != null && tooFar.contains("timerMaxDelaySec"), tooFar);
        assertNotNull(TimerMessages.dueTime(Map.of(MessageConst.PROPERTY_TIMER_DELAY_MS, "soon"), now, max)
                .refusal());
        assertNotNull(TimerMessages.dueTime(Map.of(MessageConst.PROPERTY_TIMER_DELAY_SEC, "-3"), now, max)
                .refusal());
        assertTrue(!TimerMessages.dueTime(Map.of("OTHER", "1"), now, max).isTimer());
    }

    @Test
    void underSyncMasterADueMessageLeavesTheWheelOnlyOnceItsCopyIsReplicatedAndIsStoredOnce() throws Exception {
        wheel.close();
        ScriptedReplicaWait slave = new ScriptedReplicaWait(ReplicaAck.NO_SLAVE);
        ReplicatedPuts puts = new ReplicatedPuts(store);
        puts.replicateWith(slave);
        wheel = new TimerWheel(store, puts, clock, HOST, dir.resolve("timer"), faults);
        long t0 = clock.currentTimeMillis();
        putTimer("slaveless", t0 + 1000);
        awaitDispatched(TopicNames.TIMER_TOPIC, 1);
        clock.advance(1000);

        drain();
        awaitDispatched(TOPIC, 1);
        assertEquals(0, wheel.deliveredCount(), "stored on the master only: not delivered yet");
        assertEquals(1, faults.count("timer.delivery_not_replicated"));
        assertTrue(wheel.millisUntilNextRound() > 0, "a failed batch waits before it is tried again");

        clock.advance(TimerWheel.RETRY_MILLIS);
        drain();
        assertEquals(2, slave.asked().size(), "the retry waited for the slaves again");
        assertEquals(slave.asked().get(0), slave.asked().get(1), "for the copy already stored");

        slave.answer(ReplicaAck.OK);
        clock.advance(TimerWheel.RETRY_MILLIS);
        drain();
        assertEquals(1, wheel.deliveredCount());
        assertEquals(1, store.maxOffset(TOPIC, 0), "one copy, never a second");
        clock.advance(TimerWheel.RETRY_MILLIS);
        drain();
        assertEquals(3, slave.asked().size(), "once replicated, the entry left the wheel");
    }
}
