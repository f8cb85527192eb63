package io.ferrymq.client.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producer-side message ids (the {@code UNIQ_KEY} property), laid out like RocketMQ's MessageClientIDSetter so
 * tools can read them: 32 uppercase hex chars of
 *
 * <pre>
 *  4  client IPv4 address
 *  2  pid (low 16 bits)
 *  4  per-process random (RocketMQ: class loader hash)
 *  4  milliseconds since the start of the current month
 *  2  counter
 * </pre>
 *
 * Thread-safe; ids are unique per process as long as fewer than 65536 ids are made in one millisecond.
 */
public final class UniqueIds {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final UniqueIds INSTANCE = new UniqueIds();

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile long monthStart;
    private volatile long nextMonthStart;

    private UniqueIds() {
        byte[] ip;
        try {
            ip = InetAddress.getByName(io.ferrymq.client.ClientConfig.localIp()).getAddress();
        } catch (Exception e) {
            ip = new byte[] {127, 0, 0, 1};
        }
        ByteBuffer bb = ByteBuffer.allocate(10);
        bb.put(ip, 0, 4);
        bb.putShort((short) ProcessHandle.current().pid());
        bb.putInt(new java.security.SecureRandom().nextInt());
        prefix = hex(bb.array());
        computeMonth(System.currentTimeMillis());
    }

    /** A new unique id. */
    public static String next() {
        return INSTANCE.create();
    }

    private String create() {
        long now = System.currentTimeMillis();
        if (now >= nextMonthStart) {
            computeMonth(now);
        }
        ByteBuffer bb = ByteBuffer.allocate(6);
        bb.putInt((int) (now - monthStart));
        bb.putShort((short) counter.getAndIncrement());
        return prefix + hex(bb.array());
    }

    private synchronized void computeMonth(long now) {
        ZonedDateTime t = java.time.Instant.ofEpochMilli(now).atZone(ZoneId.systemDefault());
        ZonedDateTime start = t.withDayOfMonth(1).toLocalDate().atStartOfDay(t.getZone());
        monthStart = start.toInstant().toEpochMilli();
        nextMonthStart = start.plusMonths(1).toInstant().toEpochMilli();
    }

    private static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }
}
