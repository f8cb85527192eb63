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
 * {@code scanonly} forces only the scan (checkpoint flushed offset 0), to subtract it. After the dispatch it waits
 * {@code -DsettleMillis} (default 0) for RocksDB's flushes and compactions, then prints the CPU of every thread by
 * name (RocksDB's are native, so only /proc sees them) and the process's CPU after shutdown. {@code -Dkeys=false}
 * with {@code gen} leaves out the KEYS entry, as the official harness sends none. Not JMH: one run is one
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
            boolean withKeys = !"false".equals(System.getProperty("keys")); // the official harness sets no KEYS
            FileMessageStore s = new FileMessageStore(cfg);
            s.start();
            byte[] body = new byte[1024];
            InetSocketAddress h = new InetSocketAddress("127.0.0.1", 10911);
            List<CompletableFuture<PutResult>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // like StoreAppendBench, plus a distinct uniq key and one KEYS entry per message
                String uniq = String.format("7F0000010A2B18B4AAC2%012d", i);
                Map<String, String> p = new HashMap<>(Map.of(MessageConst.PROPERTY_TAGS, "TagA",
                    MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq));
                if (withKeys) {
                    p.put(MessageConst.PROPERTY_KEYS, "order-" + (i % 5000));
                }
                String props = MessageProperties.encode(p);
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
        Thread.sleep(Long.getLong("settleMillis", 0)); // lets RocksDB's background flushes and compactions finish
        printThreadCpu();
        s.shutdown();
        long t2 = System.nanoTime();
        var os = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("process CPU after shutdown: %.0f ms%n", os.getProcessCpuTime() / 1e6);
        System.out.printf("messages=%d start(wall)=%.0f ms startThreadCpu=%.0f ms -> %.0f msg/s wall, %.2f us cpu/msg; shutdown %.0f ms%n",
            n, (t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6, n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / n, (t2 - t1) / 1e6);
    }

    /**
     * CPU of this process's threads by name, from /proc (Linux), summed over threads of the same name: RocksDB's
     * flush and compaction threads are native and invisible to the ThreadMXBean, yet part of what dispatch costs.
     */
    private static void printThreadCpu() throws java.io.IOException {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        long hz = 100; // USER_HZ on Linux
        Map<String, Long> byName = new TreeMap<>();
        try (var ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+$", "");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    byName.merge(name, ticks, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended while we read it
                }
            }
        }
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder("thread CPU (ms):");
        byName.forEach((k, v) -> {
            if (v * 1000 / hz >= 20) {
                sb.append(' ').append(k).append('=').append(v * 1000 / hz);
            }
        });
        System.out.println(sb.append(" total=").append(total * 1000 / hz));
    }
}
