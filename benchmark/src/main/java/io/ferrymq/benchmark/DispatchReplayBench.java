package io.ferrymq.benchmark;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.*;
import java.net.InetSocketAddress;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.CompletableFuture;

/**
 * Dispatch cost without the appender: {@code gen N} writes N 1 KiB messages (tag, one KEYS entry, a distinct
 * UNIQ_KEY); {@code dispatch} deletes consume queues, index and checkpoint and times {@code start()}, which scans
 * and CRC-checks the whole commit log and re-dispatches it on the calling thread (its CPU time is printed);
 * {@code scanonly} forces only the scan (checkpoint flushed offset 0), to subtract it. Not JMH: one run is one
 * measurement; alternate versions back to back.
 *
 * <pre>java -cp "$(cat benchmark/target/classpath.txt):benchmark/target/classes" io.ferrymq.benchmark.DispatchReplayBench DIR gen 300000
 * java -cp ... io.ferrymq.benchmark.DispatchReplayBench DIR dispatch</pre>
 */
public final class DispatchReplayBench {
    private DispatchReplayBench() {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        MessageStoreConfig cfg = MessageStoreConfig.builder().storePathRootDir(dir)
            .mappedFileSizeCommitLog(256 * 1024 * 1024).flushDiskType(FlushDiskType.ASYNC_FLUSH).build();
        if (a[1].equals("gen")) {
            int n = Integer.parseInt(a[2]);
            FileMessageStore s = new FileMessageStore(cfg);
            s.start();
            byte[] body = new byte[1024];
            InetSocketAddress h = new InetSocketAddress("127.0.0.1", 10911);
            List<CompletableFuture<PutResult>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // like StoreAppendBench, plus a distinct uniq key and one KEYS entry per message
                String props = MessageProperties.encode(Map.of(MessageConst.PROPERTY_TAGS, "TagA",
                    MessageConst.PROPERTY_KEYS, "order-" + (i % 5000),
                    MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, String.format("7F0000010A2B18B4AAC2%012d", i)));
                fs.add(s.put(MessageToStore.of("BenchTopic", i & 7, body, props, 1L, h, h)));
                if (fs.size() == 256) { for (var f : fs) f.join(); fs.clear(); }
            }
            for (var f : fs) f.join();
            s.shutdown();
            return;
        }
        if (a[1].equals("scanonly")) {
            // keep index, queues and the dispatched point; force a full commit-log scan (flushed=0)
            String cp = Files.readString(dir.resolve("checkpoint"));
            Files.writeString(dir.resolve("checkpoint"), cp.replaceAll("commitLogFlushed=\\d+", "commitLogFlushed=0"));
        } else
        for (String sub : new String[] {"index", "consumequeue"}) {
            Path p = dir.resolve(sub);
            if (Files.exists(p)) try (var w = Files.walk(p)) { w.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete()); }
        }
        if (!a[1].equals("scanonly")) Files.deleteIfExists(dir.resolve("checkpoint"));
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = bean.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        FileMessageStore s = new FileMessageStore(cfg);
        s.start(); // full dispatch of the whole log on this thread (catchUp)
        long t1 = System.nanoTime();
        long cpu1 = bean.getCurrentThreadCpuTime();
        long n = 0; for (int q = 0; q < 8; q++) n += s.maxOffset("BenchTopic", q);
        s.shutdown();
        long t2 = System.nanoTime();
        System.out.printf("messages=%d start(wall)=%.0f ms startThreadCpu=%.0f ms -> %.0f msg/s wall, %.2f us cpu/msg; shutdown %.0f ms%n",
            n, (t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6, n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / n, (t2 - t1) / 1e6);
    }
}
