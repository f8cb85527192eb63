package io.ferrymq.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A master's replicated bytes are checked like a producer's message: topics become directory names
 * ({@code consumequeue/<topic>/<queueId>}), so a replicated entry naming {@code ../x}, a control character or a
 * negative queue id is refused before anything is written, instead of creating directories outside the store.
 */
class ReplicatedEntryValidationTest {
    @TempDir
    Path dir;
    private FileMessageStore store;

    @BeforeEach
    void open() throws Exception {
        store = StoreTestSupport.open(StoreTestSupport.smallConfig(dir.resolve("store")).build());
    }

    @AfterEach
    void close() {
        store.shutdown();
    }

    @Test
    void aTopicThatClimbsOutOfTheStoreIsRefused() {
        ReplicaAppendResult r = store.appendReplicated(0, StoreTestSupport.replicatedEntry("../../escaped", 0));
        assertFalse(r.ok(), "appended a topic naming ../");
        assertTrue(r.reason().contains("escaped"), r.reason());
        assertEquals(0, store.commitLogMaxOffset());
        assertFalse(Files.exists(dir.resolve("escaped")), "a directory was created outside the store");
    }

    @Test
    void controlCharactersAndNegativeQueueIdsAreRefused() {
        assertFalse(store.appendReplicated(0, StoreTestSupport.replicatedEntry("bad\u0007topic", 0)).ok());
        ReplicaAppendResult r = store.appendReplicated(0, StoreTestSupport.replicatedEntry("GoodTopic", -3));
        assertFalse(r.ok());
        assertTrue(r.reason().contains("queueId -3"), r.reason());
        assertEquals(0, store.commitLogMaxOffset());
    }

    @Test
    void aValidEntryIsStillAppended() {
        ByteBuffer ok = StoreTestSupport.replicatedEntry("GoodTopic", 1);
        ReplicaAppendResult r = store.appendReplicated(0, ok.duplicate());
        assertTrue(r.ok(), r.reason());
        assertEquals(ok.remaining(), store.commitLogMaxOffset());
    }
}
