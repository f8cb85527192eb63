package io.ferrymq.remoting.protocol.body;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deprecated compressed REGISTER_BROKER body is a zlib stream whose section lengths the sender chooses; a
 * stranger's few bytes must not make the name server allocate or keep more than the body really carries. Found
 * reviewing the decoder for its fuzz target (RegistrationBodyFuzzTest): a section length was allocated before its
 * bytes were read, and nothing bounded what a small body inflates to.
 */
class RegisterBrokerBodyHostileTest {

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] deflate(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            w.write(out);
        }
        return bytes.toByteArray();
    }

    @Test
    void aClaimedSectionLengthIsNotAllocatedBeforeItsBytesArrive() throws IOException {
        byte[] body = deflate(out -> out.writeInt(60 << 20)); // "a 60 MiB DataVersion follows", then nothing
        assertTrue(body.length < 64, "the hostile body is " + body.length + " bytes");
        long before = allocatedByThisThread();
        IOException e = assertThrows(IOException.class, () -> RegisterBrokerBody.decode(body, true));
        long used = allocatedByThisThread() - before;
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(used < 8 << 20, "decoding a " + body.length + "-byte body allocated " + used + " bytes");
    }

    @Test
    void aBodyThatInflatesBeyondTheLimitIsRefused() throws IOException {
        // two topic lines of 40 MiB each: every section is under the per-section bound, together they are not
        byte[] line = ("t" + "x".repeat(40 << 20) + " 8 8 6 SINGLE_TAG").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes,
                new Deflater(Deflater.BEST_SPEED), 1 << 16))) {
            byte[] version = "{}".getBytes(StandardCharsets.UTF_8);
            out.writeInt(version.length);
            out.write(version);
            out.writeInt(2);
            for (int i = 0; i < 2; i++) {
                out.writeInt(line.length);
                out.write(line);
            }
        }
        byte[] body = bytes.toByteArray();
        assertTrue(body.length < FRAME_LIMIT, "fits in one frame: " + body.length);
        IOException e = assertThrows(IOException.class, () -> RegisterBrokerBody.decode(body, true));
        assertTrue(e.getMessage().contains("inflates to more than"), e.getMessage());
    }

    /** The default largest frame (16 MiB): a body that does not fit could not be sent at all. */
    private static final int FRAME_LIMIT = 16 << 20;
}
