package io.ferrymq.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.MessageView;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the slave's side of the replication protocol: the body of a master's HA_PULL answer (see
 * {@code io.ferrymq.store.ha.ReplicationProtocol}) handed to {@link FileMessageStore#appendReplicated} at the
 * commit-log end, as the replication sink does. Oracle: no exception escapes; a refused chunk leaves the log
 * unchanged and says why; an accepted chunk is whole valid entries at their own offsets, each naming a topic the
 * store accepts (topics become directory names) and a non-negative queue id.
 *
 * <p>Saved corpus: {@code src/test/resources/io/ferrymq/store/ReplicatedChunkFuzzTestInputs/appendChunk/}.
 */
class ReplicatedChunkFuzzTest {
    private static Path dir;
    private static FileMessageStore store;

    @AfterAll
    static void stop() throws IOException {
        if (store != null) {
            store.shutdown();
            store = null;
        }
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void appendChunk(byte[] input) throws Exception {
        if (store == null) {
            dir = Files.createTempDirectory("ferrymq-replica-fuzz-");
            store = StoreTestSupport.open(StoreTestSupport.smallConfig(dir).build());
        }
        if (store.commitLogMaxOffset() > 0) {
            store.truncateCommitLog(0);
        }
        ReplicaAppendResult r = store.appendReplicated(0, ByteBuffer.wrap(input));
        assertNotNull(r);
        if (!r.ok()) {
            assertNotNull(r.reason());
            assertEquals(0, store.commitLogMaxOffset(), "a refused chunk changed the log: " + r.reason());
            return;
        }
        assertNull(r.reason());
        ByteBuffer b = ByteBuffer.wrap(input);
        MessageView v = new MessageView();
        int pos = 0;
        while (pos < input.length) {
            int size = MessageDecoder.check(b, pos, input.length, true);
            if (size == MessageDecoder.CHECK_BLANK) {
                break;
            }
            assertTrue(size > 0, "accepted an invalid entry at " + pos);
            v.wrap(b, pos);
            assertEquals(pos, v.physicalOffset());
            assertNull(Appender.checkTopicAndQueue(v.topic(), v.queueId()),
                    "accepted a replicated entry the store would refuse from a producer");
            pos += size;
        }
    }
}
