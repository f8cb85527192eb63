package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.TagHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher, stepped round by round: what one round makes visible, and what a failing listener costs. */
class DispatcherStepTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final AtomicLong errors = new AtomicLong();
    private StepTestLog log;
    private ConsumeQueueTable queues;
    private MessageIndex index;
    private Dispatcher dispatcher;

    @BeforeEach
    void openParts() throws Exception {
        log = new StepTestLog(dir, clock, StoreTestSupport.smallConfig(dir));
        queues = new ConsumeQueueTable(log.config, log.reclaimer);
        index = new MessageIndex(log.config.indexDir(),
            MessageIndex.bucketBytesFor(log.config.mappedFileSizeCommitLog()));
        dispatcher = new Dispatcher(log.commitLog, queues::getOrCreate, index, errors, faults);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void oneRoundPutsAppendedMessagesIntoTheirConsumeQueueAndTheIndex() throws Exception {
        for (int i = 0; i < 3; i++) {
            log.append("TopicA", 1, i, StoreTestSupport.props("TagA", "key" + i, "uniq" + i));
        }
        assertNull(queues.find("TopicA", 1), "nothing is dispatched before the round");
        assertTrue(index.queryKey("TopicA", "key0", 10, 0, Long.MAX_VALUE).isEmpty());

        assertEquals(3, dispatcher.step(), "the round dispatched the three messages");

        ConsumeQueue cq = queues.find("TopicA", 1);
        assertEquals(3, cq.maxOffset());
        assertEquals(log.commitLog.maxOffset(), dispatcher.dispatchedOffset());
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(cq.physOffset(i)), index.queryKey("TopicA", "key" + i, 10, 0, Long.MAX_VALUE));
            assertEquals(List.of(cq.physOffset(i)), index.queryUniq("TopicA", "uniq" + i, 10));
        }
        assertEquals(0, dispatcher.step(), "a round with nothing new does no work");
    }

    @Test
    void theTagsCodeIsTheTagsHashSignExtendedAndZeroWithoutTags() throws Exception {
        String[] tags = {"TagA", null, "tag-\u00e9t\u00e9"}; // the last one's hash is negative
        for (int i = 0; i < tags.length; i++) {
            log.append("TopicA", 2, i, StoreTestSupport.props(tags[i], "key" + i, null));
        }
        dispatcher.step();
        ConsumeQueue cq = queues.find("TopicA", 2);
        for (int i = 0; i < tags.length; i++) {
            assertEquals(TagHash.tagsCode(tags[i]), cq.tagsCodeAt(i), "tags " + tags[i]);
        }
        assertTrue(cq.tagsCodeAt(2) < 0);
    }

    @Test
    void appendsWakeTheWorkerOncePerRoundAndEachRoundSeesWhatWasAppendedBeforeItsWakeUp() throws Exception {
        log.append("TopicA", 0, 0, StoreTestSupport.props("TagA", null, null));
        dispatcher.wakeup();
        assertTrue(dispatcher.wakeRequested());
        log.append("TopicA", 0, 1, StoreTestSupport.props("TagA", null, null));
        dispatcher.wakeup(); // already requested: does not reach the worker again
        assertEquals(2, dispatcher.step(), "the round that took the wake-up dispatches both appends");
        assertTrue(!dispatcher.wakeRequested(), "cleared by the round");
        log.append("TopicA", 0, 2, StoreTestSupport.props("TagA", null, null));
        dispatcher.wakeup();
        assertTrue(!dispatcher.wakeRequested(), "appends flow: the dispatcher polls, the append does not wake it");
        assertTrue(dispatcher.polling());
        assertEquals(1, dispatcher.step(), "the next poll dispatches it");
        assertEquals(3, queues.find("TopicA", 0).maxOffset());
    }

    @Test
    void theDispatcherPollsWhileAppendsFlowAndIsWokenAgainAfterQuietRounds() throws Exception {
        assertTrue(!dispatcher.polling());
        assertEquals(Long.MAX_VALUE, dispatcher.nanosUntilNextRound(), "idle: waits to be woken");
        log.append("TopicA", 0, 0, StoreTestSupport.props("TagA", null, null));
        assertEquals(1, dispatcher.step());
        assertTrue(dispatcher.polling());
        assertEquals(Dispatcher.POLL_NANOS, dispatcher.nanosUntilNextRound());
        for (int i = 1; i < Dispatcher.QUIET_ROUNDS; i++) {
            assertEquals(0, dispatcher.step());
            assertTrue(dispatcher.polling(), "still polling after " + i + " quiet rounds");
        }
        assertEquals(0, dispatcher.step());
        assertTrue(!dispatcher.polling(), "stopped polling");
        log.append("TopicA", 0, 1, StoreTestSupport.props("TagA", null, null));
        dispatcher.wakeup();
        assertTrue(dispatcher.wakeRequested(), "not polling: an append wakes the worker");
        assertEquals(1, dispatcher.step());
    }

    @Test
    void anAppendJustBeforePollingWouldStopIsDispatchedAndPollingGoesOn() throws Exception {
        log.append("TopicA", 0, 0, StoreTestSupport.props("TagA", null, null));
        assertEquals(1, dispatcher.step());
        for (int i = 1; i < Dispatcher.QUIET_ROUNDS; i++) {
            assertEquals(0, dispatcher.step());
        }
        // appended one poll before the quiet count runs out; its wakeup() saw polling and did nothing
        log.append("TopicA", 0, 1, StoreTestSupport.props("TagA", null, null));
        dispatcher.wakeup();
        assertTrue(!dispatcher.wakeRequested());
        // the round that would have stopped polling dispatches it (it reads the commit-log end first)
        assertEquals(1, dispatcher.step());
        assertTrue(dispatcher.polling());
    }

    @Test
    void listenersHearOfEveryDispatchedMessageInOrder() throws Exception {
        List<Long> heard = new ArrayList<>();
        dispatcher.addListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> heard.add(queueOffset));
        log.append("TopicA", 0, 0, StoreTestSupport.props("TagA", null, null));
        log.append("TopicA", 0, 1, StoreTestSupport.props("TagA", null, null));
        dispatcher.step();
        assertEquals(List.of(0L, 1L), heard);
    }

    @Test
    void aFailingListenerIsCountedAsAFaultAndDispatchGoesOn() throws Exception {
        dispatcher.addListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> {
            throw new IllegalStateException("listener broke");
        });
        log.append("TopicA", 0, 0, StoreTestSupport.props("TagA", null, null));
        log.append("TopicA", 0, 1, StoreTestSupport.props("TagA", null, null));

        assertEquals(2, dispatcher.step());

        assertEquals(2, queues.find("TopicA", 0).maxOffset(), "the messages are still dispatched");
        assertEquals(2, faults.count(Dispatcher.LISTENER_FAILED));
        assertEquals(2, errors.get());
    }

    @Test
    void aCommandSubmittedWhileTheWorkerIsNotRunningRunsOnTheCallersThread() {
        List<String> ran = new ArrayList<>();
        dispatcher.submit(() -> ran.add(Thread.currentThread().getName())).join();
        assertEquals(List.of(Thread.currentThread().getName()), ran);
    }
}
