package io.ferrymq.benchmark;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.MessageStoreConfig;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Commit-log appends of 1 KiB messages against the physical limit of the same disk, in the same run.
 *
 * <p>Each benchmark operation is one message; an invocation appends {@value #WINDOW} messages without waiting
 * for each (as a broker does with many concurrent senders) and then waits for all of them, so SYNC_FLUSH can
 * group-commit many puts per force. The raw baseline writes the same number of bytes with
 * {@link FileChannel#write} sequentially (no force), wrapping within a 1 GiB file; on a machine where allocating
 * page-cache pages is costly (a VM that reports freed memory to its host) that measures memcpy into resident
 * pages, so {@code rawFileChannelWriteNewFiles} writes the same records into new 256 MiB files instead.
 *
 * <pre>
 * benchmark/bin/store-bench.sh                     # all cases, prints msgs/s; MB/s = msgs/s x 1.13 KB
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StoreAppendBench {
    static final int WINDOW = 256;
    static final int BODY = 1024;

    @State(Scope.Benchmark)
    public static class StoreState {
        @Param({"ASYNC_FLUSH", "SYNC_FLUSH"})
        public String flushDiskType;
        FileMessageStore store;
        Path dir;
        byte[] body = new byte[BODY];
        String props = MessageProperties.encode(Map.of(MessageConst.PROPERTY_TAGS, "TagA",
                MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "7F0000010A2B18B4AAC2"));
        InetSocketAddress born = new InetSocketAddress("127.0.0.1", 50000);
        InetSocketAddress storeHost = new InetSocketAddress("127.0.0.1", 10911);

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                    "store-bench");
            store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir)
                    .mappedFileSizeCommitLog(256 * 1024 * 1024)
                    .flushDiskType(FlushDiskType.valueOf(flushDiskType)).build());
            store.start();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.shutdown();
            deleteTree(dir);
        }
    }

    @State(Scope.Benchmark)
    public static class RawState {
        FileChannel channel;
        Path file;
        ByteBuffer record;
        long position;
        static final long WRAP = 1L << 30;

        @Setup(Level.Trial)
        public void open() throws IOException {
            Path d = Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath();
            Files.createDirectories(d);
            file = Files.createTempFile(d, "raw-write", ".bin");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            // the same bytes a stored 1 KiB message takes (header + topic + properties + body)
            record = ByteBuffer.allocateDirect(BODY + 91 + 6 + 60);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            Files.deleteIfExists(file);
        }

        synchronized void writeWindow() throws IOException {
            for (int i = 0; i < WINDOW; i++) {
                record.clear();
                if (position + record.remaining() > WRAP) {
                    position = 0;
                }
                while (record.hasRemaining()) {
                    position += channel.write(record, position);
                }
            }
        }
    }

    /**
     * The same records written sequentially into new files of the commit-log segment size, created as it goes (no
     * force, no reservation): the physical limit for a writer of new data, which pays for every page-cache page it
     * allocates, unlike {@link RawState}, which rewrites one resident file.
     */
    @State(Scope.Benchmark)
    public static class NewFilesState {
        static final long FILE_SIZE = 256L * 1024 * 1024;
        Path dir;
        FileChannel channel;
        ByteBuffer record;
        long position;
        int files;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                "raw-new-files");
            record = ByteBuffer.allocateDirect(BODY + 91 + 6 + 60);
            next();
        }

        private void next() throws IOException {
            if (channel != null) {
                channel.close();
            }
            channel = FileChannel.open(dir.resolve(String.format("%020d", files++ * FILE_SIZE)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            position = 0;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            deleteTree(dir);
        }

        synchronized void writeWindow() throws IOException {
            for (int i = 0; i < WINDOW; i++) {
                record.clear();
                if (position + record.remaining() > FILE_SIZE) {
                    next();
                }
                while (record.hasRemaining()) {
                    position += channel.write(record, position);
                }
            }
        }
    }

    private static void appendWindow(StoreState s) {
        CompletableFuture<?>[] f = new CompletableFuture<?>[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            f[i] = s.store.put(MessageToStore.of("BenchTopic", i & 7, s.body, s.props, 1L, s.born, s.storeHost));
        }
        for (CompletableFuture<?> x : f) {
            PutResult r = (PutResult) x.join();
            if (!r.ok()) {
                throw new IllegalStateException("put failed: " + r.status() + " " + r.reason());
            }
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(WINDOW)
    public void append1Thread(StoreState s) {
        appendWindow(s);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(WINDOW)
    public void append4Threads(StoreState s) {
        appendWindow(s);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(WINDOW)
    public void rawFileChannelWrite(RawState r) throws IOException {
        r.writeWindow();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(WINDOW)
    public void rawFileChannelWriteNewFiles(NewFilesState r) throws IOException {
        r.writeWindow();
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
