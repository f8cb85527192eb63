package io.ferrymq.benchmark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * What one SYNC_FLUSH group commit costs on this disk, written two ways: {@code mapped} stores the bytes through
 * a shared mapping (the commit log before 2026-12-03), {@code pwrite} writes them with a positional file write (the
 * commit log since). Both then force the same range with {@code MappedByteBuffer.force(index, length)} (a ranged
 * {@code msync}), and both write zeros ahead of the writer with plain writes, as the store's block reserver does.
 * One thread writes CHUNK bytes and forces them, ITERATIONS times, into a fresh sparse 256 MiB file in DIR; it
 * prints the mean and percentiles of one write-and-force and the writing thread's CPU per operation.
 *
 * <p>{@code -Dbusy=N} starts N threads in the same process that spin and read the mapping, so the process runs on
 * every core as a loaded broker does: a page dirtied through the mapping must then be write-protected on every
 * core the process runs on when it is written back (a TLB shoot-down), which is what separates the two ways.
 * Not JMH: one run is one measurement; alternate the modes back to back.
 *
 * <pre>
 * java -Dbusy=2 -cp benchmark/target/classes io.ferrymq.benchmark.ForceCostBench DIR mapped|pwrite \
 *     [CHUNK] [ITERATIONS]
 * </pre>
 */
public final class ForceCostBench {
    private static final long FILE_BYTES = 256L << 20;
    private static final int RESERVE_CHUNK = 64 << 10;
    private static final int RESERVE_LEAD = 512 << 10;
    /** {@code -Dreserve=false}: no zeros ahead, so the write itself meets the holes of the sparse file. */
    private static final boolean RESERVE = !"false".equals(System.getProperty("reserve"));

    private ForceCostBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !args[1].equals("mapped") && !args[1].equals("pwrite")) {
            System.err.println("usage: ForceCostBench DIR mapped|pwrite [CHUNK bytes, 12288] [ITERATIONS, 3000]");
            System.exit(2);
        }
        Path file = Files.createDirectories(Path.of(args[0])).resolve("force-cost-" + ProcessHandle.current().pid());
        boolean mapped = args[1].equals("mapped");
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 12288;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        if (chunk <= 0 || iterations <= 0 || (long) chunk * iterations + RESERVE_LEAD > FILE_BYTES) {
            throw new IllegalArgumentException("CHUNK x ITERATIONS must be positive and fit in 256 MiB with the lead");
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(FILE_BYTES);
            FileChannel ch = raf.getChannel();
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES);
            startBusyThreads(Integer.getInteger("busy", 0), map);
            run(args[1], ch, map, mapped, chunk, iterations);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void run(String mode, FileChannel ch, MappedByteBuffer map, boolean mapped, int chunk,
                            int iterations) throws IOException {
        byte[] data = new byte[chunk];
        new Random(1).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(chunk).put(data).flip();
        ByteBuffer zeros = ByteBuffer.allocateDirect(RESERVE_CHUNK);
        long[] nanos = new long[iterations];
        long pos = 0;
        long reserved = 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpuBefore = mx.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            // outside the timing, as on the reserver's thread
            while (RESERVE && reserved < pos + chunk + RESERVE_LEAD) {
                reserved += ch.write(zeros.clear(), reserved);
            }
            long start = System.nanoTime();
            if (mapped) {
                map.put((int) pos, data, 0, chunk);
            } else {
                ByteBuffer src = direct.duplicate();
                long p = pos;
                while (src.hasRemaining()) {
                    p += ch.write(src, p);
                }
            }
            map.force((int) pos, chunk);
            nanos[i] = System.nanoTime() - start;
            pos += chunk;
        }
        long wall = System.nanoTime() - wallBefore;
        long cpu = mx.getCurrentThreadCpuTime() - cpuBefore;
        Arrays.sort(nanos);
        System.out.printf("%-6s chunk=%d iterations=%d busy=%d reserve=%b mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f "
                + "p99_ms=%.3f cpu_ms_per_op=%.3f%n", mode, chunk, iterations, Integer.getInteger("busy", 0),
            RESERVE, wall / 1e6 / iterations, nanos[iterations / 2] / 1e6, nanos[iterations * 9 / 10] / 1e6,
            nanos[iterations * 99 / 100] / 1e6, cpu / 1e6 / iterations);
    }

    /** Threads that keep the process on every core, touching the mapping now and then (as readers do). */
    private static void startBusyThreads(int n, MappedByteBuffer map) {
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (true) {
                    for (int j = 0; j < 100_000; j++) {
                        x += j * 31L;
                    }
                    x += map.get((int) (x & 0xFFFFF));
                }
            }, "busy-" + i);
            t.setDaemon(true);
            t.start();
        }
    }
}
