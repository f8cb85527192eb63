package io.ferrymq.broker.send;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates UNIQ_KEY values for messages that arrive without one, in the client's format (docs/protocol.md 3.7):
 * 32 uppercase hex chars of IP(4) + pid(2) + random(4) + time(4) + counter(2). Thread-safe.
 */
public final class UniqKeyGenerator {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final byte[] prefix = new byte[10];
    private final AtomicInteger counter = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    public UniqKeyGenerator(InetAddress ip) {
        byte[] addr = ip.getAddress();
        ByteBuffer bb = ByteBuffer.wrap(prefix);
        bb.put(addr, addr.length - 4, 4);
        bb.putShort((short) ProcessHandle.current().pid());
        bb.putInt(ThreadLocalRandom.current().nextInt());
    }

    public String next() {
        ByteBuffer bb = ByteBuffer.allocate(16);
        bb.put(prefix);
        bb.putInt((int) (System.currentTimeMillis() & 0xFFFFFFFFL));
        bb.putShort((short) counter.getAndIncrement());
        char[] out = new char[32];
        byte[] b = bb.array();
        for (int i = 0; i < 16; i++) {
            out[2 * i] = HEX[(b[i] >>> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }
}
