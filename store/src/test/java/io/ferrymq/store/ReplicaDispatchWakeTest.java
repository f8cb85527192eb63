package io.ferrymq.store;

import static io.ferrymq.store.StoreTestSupport.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slave wakes its dispatcher only once a backlog of replicated bytes has built up; smaller appends are dispatched
 * by the dispatcher's own idle poll, so every replicated entry still reaches the consume queues.
 */
class ReplicaDispatchWakeTest {
    @TempDir
    Path dir;

    @Test
    void aReplicatedAppendWakesTheDispatcherOnlyPastTheBacklogThreshold() {
        long wake = ReplicaWriter.DISPATCH_WAKE_BYTES;
        assertFalse(ReplicaWriter.wakesDispatcher(1_000, 0), "one round of a few messages");
        assertFalse(ReplicaWriter.wakesDispatcher(5_000 + wake - 1, 5_000));
        assertTrue(ReplicaWriter.wakesDispatcher(5_000 + wake, 5_000));
        assertTrue(ReplicaWriter.wakesDispatcher(10 * wake, 0), "a dispatcher far behind");
    }

    @Test
    void aSmallReplicatedAppendIsDispatchedByTheIdlePoll() throws Exception {
        FileMessageStore slave = StoreTestSupport.open(StoreTestSupport.smallConfig(dir.resolve("slave")).build());
        try {
            ByteBuffer entry = StoreTestSupport.replicatedEntry("Replicated", 2);
            ReplicaAppendResult r = slave.appendReplicated(0, entry);
            assertTrue(r.ok(), r.reason());
            assertTrue(r.commitLogMaxOffset() < ReplicaWriter.DISPATCH_WAKE_BYTES, "below the wake threshold");
            pollUntil(() -> slave.maxOffset("Replicated", 2) == 1, "the entry in the slave's consume queue");
            assertEquals(1, slave.get("Replicated", 2, 0, 10, 1 << 20, null).messageCount());
        } finally {
            slave.shutdown();
        }
    }
}
