package io.ferrymq.remoting;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A test on 8 bytes of JSON string text at once, for the header writer's bulk copy and the reader's decoding of
 * escaped strings: most header text needs no escape, and finding where a run of it ends is then one step per 8
 * bytes instead of one per byte. The test is the usual "has a zero byte" trick: it never misses the lowest byte it
 * looks for, and may also flag a byte above that one, so a caller that finds a flagged word looks at its bytes one
 * by one.
 */
final class JsonBytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private JsonBytes() {
    }

    /** The 8 bytes from {@code b[i]}, the first in the lowest bits. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Whether a byte is below 0x20, '"' or '\\' (what a JSON string escapes); bytes from 0x80 are not flagged. */
    static boolean needsEscape(long x) {
        return (escapeBits(x) & HIGH_BITS) != 0;
    }

    /** Top bit set in each byte that needs escaping (and perhaps in bytes above such a byte). */
    private static long escapeBits(long x) {
        long control = (x - 0x20 * ONES) & ~x; // below 0x20: the top bit borrowed; ~x drops 0x80+
        long quote = x ^ '"' * ONES;
        long backslash = x ^ '\\' * ONES;
        return control | (quote - ONES) & ~quote | (backslash - ONES) & ~backslash;
    }
}
