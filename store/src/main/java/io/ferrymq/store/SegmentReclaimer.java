package io.ferrymq.store;

import io.ferrymq.common.Clock;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps deleted segments after a grace period. A deleted file's disk blocks are only freed once its mapping
 * is gone, and the JVM would otherwise release a mapping only when the buffer is garbage collected (possibly
 * hours later for an old-generation object), so retention would not actually free disk space. Slices handed to
 * readers ({@link GetResult}) must not be used after the grace period (120 s, RocketMQ's
 * destroyMapedFileIntervalForcibly); touching an unmapped page would crash the JVM.
 *
 * <p>Threads: {@link #retire} from any thread; {@link #reclaim} on the housekeeping thread only.
 */
final class SegmentReclaimer {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentReclaimer.class);
    static final long GRACE_NANOS = 120_000_000_000L;
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method m = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot unmap segments explicitly ({}); deleted segments free disk space only after GC", e
                .toString());
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = m;
    }

    private record Retired(MappedSegment segment, long at) {
    }

    private final ConcurrentLinkedQueue<Retired> retired = new ConcurrentLinkedQueue<>();
    private final Clock clock;

    SegmentReclaimer(Clock clock) {
        this.clock = clock;
    }

    /** The segment's file was deleted; unmap it after the grace period. */
    void retire(MappedSegment segment) {
        retired.add(new Retired(segment, clock.nanoTime()));
    }

    int pending() {
        return retired.size();
    }

    /** Unmaps every segment retired at least {@code graceNanos} before {@code nowNanos}; returns how many. */
    int reclaim(long nowNanos, long graceNanos) {
        int n = 0;
        for (Iterator<Retired> it = retired.iterator(); it.hasNext(); ) {
            Retired r = it.next();
            if (nowNanos - r.at >= graceNanos) {
                it.remove();
                unmap(r.segment);
                n++;
            }
        }
        return n;
    }

    private static void unmap(MappedSegment s) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, s.mapping());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("unmapping {} failed; its disk space is freed after GC", s, e);
        }
    }
}
