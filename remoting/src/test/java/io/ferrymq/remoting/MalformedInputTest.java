package io.ferrymq.remoting;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each kind of malformed input, sent over a real socket, closes only the offending connection with a WARN
 * naming the remote address and the reason; the server keeps serving well-formed requests.
 */
class MalformedInputTest {
    private static final int MAX_FRAME = 64 * 1024;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private RemotingServer server;
    private RemotingClient client;

    @BeforeEach
    void start() {
        server = new RemotingServer(new RemotingServerConfig().name("malformed-test").bindAddress("127.0.0.1")
                .maxFrameLength(MAX_FRAME));
        server.registerProcessor(1, (ch, req) -> RemotingCommand.response(0, "pong"), executor);
        server.start();
        client = new RemotingClient(new RemotingClientConfig().name("malformed-test-client"));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private static byte[] frame(int length, int headerWord, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(8 + rest.length);
        b.putInt(length).putInt(headerWord).put(rest);
        return b.array();
    }

    private static byte[] jsonFrame(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return frame(4 + h.length, h.length, h);
    }

    /** Sends the bytes, then expects the server to close the connection (read returns -1) within 5 s. */
    private String sendAndExpectClose(byte[] bytes, boolean closeOutput) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 3000);
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(bytes);
            out.flush();
            if (closeOutput) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "server closes the connection instead of answering");
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private void assertServerStillServes() throws Exception {
        RemotingCommand r = client.invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(1), 3000);
        assertEquals("pong", r.remark());
    }

    private void assertRejected(byte[] bytes, String reasonFragment) throws Exception {
        try (LogCapture log = new LogCapture(RemotingEndpoint.class)) {
            String local = sendAndExpectClose(bytes, false);
            long deadline = System.nanoTime() + 3_000_000_000L;
            List<String> warnings;
            do {
                warnings = log.warnings();
            } while (warnings.stream().noneMatch(w -> w.contains(local)) && System.nanoTime() < deadline);
            assertTrue(warnings.stream().anyMatch(w -> w.contains(local) && w.contains(reasonFragment)),
                    "expected a WARN naming " + local + " and '" + reasonFragment + "', got " + warnings);
        }
        assertServerStillServes();
    }

    @Test
    void oversizedFrameLength() throws Exception {
        assertRejected(frame(MAX_FRAME + 1, 10, new byte[0]), "exceeds");
    }

    @Test
    void negativeFrameLength() throws Exception {
        assertRejected(frame(-5, 10, new byte[0]), "negative");
    }

    @Test
    void frameTooShortForItsHeaderWord() throws Exception {
        assertRejected(ByteBuffer.allocate(6).putInt(2).putShort((short) 1).array(), "too short");
    }

    @Test
    void headerLengthInconsistentWithFrameLength() throws Exception {
        assertRejected(frame(4 + 3, 100, new byte[]{'{', '}', ' '}), "header length 100");
    }

    @Test
    void unknownSerializeType() throws Exception {
        assertRejected(frame(4 + 2, (7 << 24) | 2, new byte[]{'{', '}'}), "unknown serialize type 7");
    }

    @Test
    void invalidJsonHeader() throws Exception {
        assertRejected(jsonFrame("{\"code\":1,\"opaque\":"), "JSON");
    }

    @Test
    void jsonHeaderThatIsNotAnObject() throws Exception {
        assertRejected(jsonFrame("[1,2,3]"), "not a JSON object");
    }

    @Test
    void garbageBinaryHeader() throws Exception {
        byte[] garbage = {0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertRejected(frame(4 + garbage.length, (1 << 24) | garbage.length, garbage), "binary header");
    }

    @Test
    void truncatedFrameThenCloseIsLoggedAndTheServerGoesOn() throws Exception {
        try (LogCapture log = new LogCapture(FrameDecoder.class)) {
            byte[] whole = jsonFrame("{\"code\":1,\"opaque\":1,\"flag\":0}");
            byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
            String local = sendAndExpectClose(half, true);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (log.warnings().stream().noneMatch(w -> w.contains(local)) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(log.warnings().stream().anyMatch(w -> w.contains(local) && w.contains("incomplete frame")),
                    "got " + log.warnings());
        }
        assertServerStillServes();
    }

    @Test
    void missingRequiredHeaderFieldIsAnErrorResponseNamingTheField() throws Exception {
        server.registerProcessor(2, (ch, req) -> {
            long offset = req.readHeader(f -> f.requireLong("queueOffset"));
            return RemotingCommand.response(0, "offset " + offset);
        }, executor);
        String addr = "127.0.0.1:" + server.port();
        RemotingCommand missing = client.invokeSync(addr, RemotingCommand.request(2), 3000);
        assertEquals(29, missing.code(), "INVALID_PARAMETER");
        assertTrue(missing.remark().contains("queueOffset"), missing.remark());
        RemotingCommand malformed = client.invokeSync(addr, RemotingCommand.request(2).putExt("queueOffset", "x1"),
                3000);
        assertEquals(29, malformed.code());
        assertTrue(malformed.remark().contains("queueOffset") && malformed.remark().contains("x1"));
        RemotingCommand ok = client.invokeSync(addr, RemotingCommand.request(2).putExt("queueOffset", "12"), 3000);
        assertEquals("offset 12", ok.remark());
    }

    @Test
    void processorFailureIsASystemErrorResponseAndTheServerGoesOn() throws Exception {
        server.registerProcessor(3, (ch, req) -> {
            throw new IllegalStateException("boom");
        }, executor);
        RemotingCommand r = client.invokeSync("127.0.0.1:" + server.port(), RemotingCommand.request(3), 3000);
        assertEquals(1, r.code());
        assertTrue(r.remark().contains("boom"));
        assertServerStillServes();
    }
}
