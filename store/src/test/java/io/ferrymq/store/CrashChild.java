package io.ferrymq.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * Child JVM of {@link CrashRecoveryTest}: appends messages in SYNC_FLUSH with up to 16 puts in flight (so group
 * commit is exercised) and prints "ACK &lt;queueOffset&gt; &lt;body&gt;" for each acknowledged put, until killed.
 * Message {@code i} of run {@code r} has KEYS "k-r-i run-r" and UNIQ_KEY "u-r-i".
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        MessageStoreConfig cfg = StoreTestSupport.smallConfig(Path.of(args[0]))
            .mappedFileSizeCommitLog(64 * 1024).mappedFileSizeConsumeQueue(20 * 1024)
            .flushDiskType(FlushDiskType.SYNC_FLUSH).build();
        FileMessageStore store = new FileMessageStore(cfg);
        store.start();
        out.println("READY " + store.maxOffset("C", 0));
        Semaphore inflight = new Semaphore(16);
        String run = args[1];
        for (long i = 0; ; i++) {
            inflight.acquire();
            String body = "r" + run + "-" + i + "-" + "q".repeat((int) (i % 300));
            store.put(StoreTestSupport.msg("C", 0, body, StoreTestSupport.props(null, "k-" + run + "-" + i + " run-" + run,
                "u-" + run + "-" + i))).whenComplete((r, e) -> {
                inflight.release();
                if (r != null && r.status() == PutStatus.PUT_OK) {
                    out.println("ACK " + r.queueOffset() + " " + body);
                }
            });
        }
    }
}
