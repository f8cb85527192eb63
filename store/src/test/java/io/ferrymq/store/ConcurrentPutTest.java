package io.ferrymq.store;

import static io.ferrymq.store.StoreTestSupport.pollUntil;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentPutTest {
    @TempDir
    Path dir;

    @Test
    void fourWritersInSyncFlushGetContiguousOffsetsAndIntactMessages() throws Exception {
        MessageStoreConfig cfg = smallConfig(dir).mappedFileSizeCommitLog(64 * 1024)
            .flushDiskType(FlushDiskType.SYNC_FLUSH).build();
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::9"), 10911);
        try (FileMessageStore s = StoreTestSupport.open(cfg)) {
            List<Thread> threads = new ArrayList<>();
            List<CompletableFuture<PutResult>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                final int id = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        MessageToStore m = new MessageToStore("W", 0, 0,
                            ByteBuffer.wrap(("w" + id + "-" + i).getBytes(StandardCharsets.UTF_8)),
                            StoreTestSupport.props("t" + id, null, null), 0, 5L, StoreTestSupport.BORN,
                            id == 3 ? v6 : StoreTestSupport.STORE_HOST, 0, 0L);
                        futures.add(s.put(m));
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            Set<Long> offsets = new HashSet<>();
            for (CompletableFuture<PutResult> f : futures) {
                PutResult r = f.join();
                assertEquals(PutStatus.PUT_OK, r.status(), r.reason());
                assertTrue(offsets.add(r.queueOffset()));
            }
            assertEquals(1200, offsets.size());
            pollUntil(() -> s.maxOffset("W", 0) == 1200, "dispatch");
            long q = 0;
            Set<String> bodies = new HashSet<>();
            while (q < 1200) {
                GetResult g = s.get("W", 0, q, 500, 1 << 22, null);
                for (int i = 0; i < g.messageCount(); i++) {
                    ByteBuffer m = g.messages().get(i);
                    MessageExt ext = org.apache.rocketmq.common.message.MessageDecoder.decode(m.duplicate(), true,
                        true);
                    DecodedMessage d = MessageDecoder.decode(m.duplicate());
                    assertEquals(q + i, ext.getQueueOffset());
                    assertEquals(d.msgId(), ext.getMsgId());
                    assertEquals(d.storeHost(), ext.getStoreHost());
                    bodies.add(new String(ext.getBody(), StandardCharsets.UTF_8));
                }
                q = g.nextBeginOffset();
            }
            assertEquals(1200, bodies.size());
            StoreStats st = s.stats();
            assertEquals(1200, st.putMessageCount());
            assertEquals(0, st.dispatchBehindBytes());
        }
    }
}
