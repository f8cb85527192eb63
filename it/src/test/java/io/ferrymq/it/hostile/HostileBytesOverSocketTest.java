package io.ferrymq.it.hostile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ferrymq.common.message.BatchCodec;
import io.ferrymq.it.TestCluster;
import io.ferrymq.remoting.FrameCodec;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.SerializeType;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The named hostile inputs of docs/security.md, each sent over a real socket to an in-process broker (and, for
 * frame-level cases, to the name server too). Each case asserts its declared answer (the connection closed, or a
 * clear error code with a remark) and then that the server still serves another client: a normal send with the
 * official producer succeeds. {@link #printTheObservedAnswers} prints the table that docs/security.md shows.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileBytesOverSocketTest {
    private static final int IDLE_SECONDS = 3;
    private static final int MAX_CONNECTIONS = 300;
    private static final int MAX_MESSAGE_SIZE = 64 * 1024;
    private static final int WAIT_MILLIS = 10_000;
    /** Case name -> observed answer, in the order run; printed at the end for docs/security.md. */
    private static final Map<String, String> OBSERVED = new LinkedHashMap<>();

    private static TestCluster cluster;
    private static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(b -> {
            b.maxMessageSize(MAX_MESSAGE_SIZE).serverChannelMaxIdleTimeSeconds(IDLE_SECONDS);
            b.networkValues().set(RemotingServerConfig.MAX_CONNECTIONS, MAX_CONNECTIONS);
        }, ns -> ns.channelMaxIdleSeconds(IDLE_SECONDS).maxConnections(MAX_CONNECTIONS));
        cluster.createTopic("HostileGood", 2);
        producer = cluster.configure(new DefaultMQProducer("hostile-bytes-pg"));
        producer.setRetryTimesWhenSendFailed(2);
        producer.start();
        assertNormalSendWorks();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterAll
    static void printTheObservedAnswers() {
        StringBuilder table = new StringBuilder("\n| named case | observed answer |\n|---|---|\n");
        OBSERVED.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v.replace("|", "\\|"))
                .append(" |\n"));
        System.out.println(table);
    }

    private static void assertNormalSendWorks() throws Exception {
        SendResult r = producer.send(new Message("HostileGood", "still-serving".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SendStatus.SEND_OK, r.getSendStatus());
    }

    // ------------------------------------------------------------------ bytes

    private static byte[] frame(RemotingCommand cmd) {
        ByteBuf b = FrameCodec.encodeHeaderAndArrayBody(cmd, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    /** A frame with a hand-written JSON header (bytes, so it may be invalid UTF-8) and an optional body. */
    private static byte[] jsonFrame(byte[] header, byte[] body) {
        return ByteBuffer.allocate(8 + header.length + body.length).putInt(4 + header.length + body.length)
                .putInt(header.length).put(header).put(body).array();
    }

    private static RemotingCommand sendV2(String topic, int queueId, byte[] body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "hostile-raw-pg").putExt("b", topic).putExt("c", "TBW102").putExt("d", "4")
                .putExt("e", Integer.toString(queueId)).putExt("f", "0").putExt("g", "1700000000000")
                .putExt("h", "0").putExt("i", "").putExt("j", "0").putExt("k", "false").putExt("m", "false")
                .body(body);
    }

    private static byte[] bytes(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(ints.length * 4);
        for (int i : ints) {
            b.putInt(i);
        }
        return b.array();
    }

    // ------------------------------------------------------------------ running a case

    private static RawConnection.Answer run(String name, String addr, byte[] bytes) throws Exception {
        RawConnection.Answer a;
        try (RawConnection c = new RawConnection(addr)) {
            a = c.exchange(bytes, WAIT_MILLIS);
        }
        OBSERVED.merge(name, a.toString(), (x, y) -> x.equals(y) ? x : x + "; " + y);
        return a;
    }

    /** Sends to broker and name server: each must close the connection, then still serve. */
    private static void closesConnection(String name, byte[] bytes) throws Exception {
        for (String addr : new String[] {cluster.brokerAddr(), cluster.namesrvAddr()}) {
            RawConnection.Answer a = run(name, addr, bytes);
            assertTrue(a.closed(), name + " at " + addr + ": " + a);
        }
        assertTrue(cluster.routeExists("HostileGood"), "the name server still answers route queries");
        assertNormalSendWorks();
    }

    /** Sends to the broker: it must answer an error code with a remark naming the problem, then still serve. */
    private static RemotingCommand refusedWithError(String name, byte[] bytes, String remarkFragment) throws Exception {
        RawConnection.Answer a = run(name, cluster.brokerAddr(), bytes);
        assertTrue(a.answered(), name + ": " + a);
        assertNotEquals(ResponseCode.SUCCESS, a.response().code(), name + ": " + a);
        assertTrue(a.response().remark() != null && a.response().remark().contains(remarkFragment),
                name + ": expected a remark with '" + remarkFragment + "', got " + a);
        assertNormalSendWorks();
        return a.response();
    }

    // ------------------------------------------------------------------ cases

    @Test
    @Order(1)
    void lengthZero() throws Exception {
        closesConnection("length field 0", bytes(0));
    }

    @Test
    @Order(2)
    void lengthThree() throws Exception {
        closesConnection("length field 3", new byte[] {0, 0, 0, 3, 1, 2, 3});
    }

    @Test
    @Order(3)
    void negativeLength() throws Exception {
        closesConnection("negative length field (-1)", bytes(-1, 0));
    }

    @Test
    @Order(4)
    void maxIntLength() throws Exception {
        closesConnection("length field 0x7FFFFFFF", bytes(Integer.MAX_VALUE, 0));
    }

    @Test
    @Order(5)
    void headerLongerThanTheFrame() throws Exception {
        closesConnection("header length 100 in a frame of 8", bytes(8, 100, 0x7b7d2020));
    }

    @Test
    @Order(6)
    void unknownSerializationType() throws Exception {
        closesConnection("unknown serialization type 9", bytes(6, (9 << 24) | 2, 0x7b7d0000));
    }

    @Test
    @Order(7)
    void deeplyNestedJson() throws Exception {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        byte[] header = ("{\"code\":105,\"extFields\":{\"topic\":" + nested + "},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":1,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}").getBytes(StandardCharsets.UTF_8);
        closesConnection("JSON header nested 100,000 deep", jsonFrame(header, new byte[0]));
    }

    @Test
    @Order(8)
    void invalidUtf8() throws Exception {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(("{\"code\":310,\"extFields\":{\"a\":\"hostile-raw-pg\",\"b\":\"Hostile").getBytes(StandardCharsets.UTF_8));
        h.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
        h.writeBytes(("\",\"c\":\"TBW102\",\"d\":\"4\",\"e\":\"0\",\"f\":\"0\",\"g\":\"1700000000000\",\"h\":\"0\","
                + "\"j\":\"0\",\"k\":\"false\",\"m\":\"false\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":7,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}").getBytes(StandardCharsets.UTF_8));
        // The JSON header decoder refuses bytes that are not UTF-8 as a malformed frame: the connection is closed
        // (logged and counted like any bad frame) rather than a request with a mangled topic being answered.
        String name = "invalid UTF-8 in a JSON header (topic)";
        RawConnection.Answer a = run(name, cluster.brokerAddr(), jsonFrame(h.toByteArray(), new byte[] {1}));
        assertTrue(a.closed() || (a.answered() && a.response().code() != ResponseCode.SUCCESS
                && a.response().remark() != null && a.response().remark().contains("topic")), name + ": " + a);
        assertNormalSendWorks();
    }

    @Test
    @Order(9)
    void aHundredThousandExtFields() throws Exception {
        RemotingCommand cmd = sendV2("HostileGood", 0, "many-fields".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100_000; i++) {
            cmd.putExt("x" + i, "v");
        }
        for (SerializeType type : SerializeType.values()) {
            cmd.serializeType(type);
            RawConnection.Answer a = run("100,000 extFields (SEND_MESSAGE_V2, " + type + " header)",
                    cluster.brokerAddr(), frame(cmd));
            assertTrue(a.answered(), type + ": " + a);
            assertEquals(ResponseCode.SUCCESS, a.response().code(), "the extra fields are ignored: " + a);
        }
        assertNormalSendWorks();
    }

    @Test
    @Order(10)
    void partialFrameThenSilence() throws Exception {
        for (String addr : new String[] {cluster.brokerAddr(), cluster.namesrvAddr()}) {
            try (RawConnection c = new RawConnection(addr)) {
                assertTrue(c.write(bytes(100, 0x0000005c, 0x7b7d)));
                long start = System.nanoTime();
                RawConnection.Answer a = c.await((IDLE_SECONDS + 20) * 1000);
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                assertTrue(a.closed(), "a stalled frame is closed by the idle timeout: " + a);
                OBSERVED.put("partial frame then silence (idle timeout " + IDLE_SECONDS + " s) at "
                        + (addr.equals(cluster.brokerAddr()) ? "broker" : "name server"),
                        "connection closed after about " + seconds + " s");
            }
        }
        assertNormalSendWorks();
    }

    @Test
    @Order(11)
    void thousandsOfIdleConnections() throws Exception {
        Logger limitLog = (Logger) LoggerFactory.getLogger("io.ferrymq.remoting.ConnectionLimit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        limitLog.addAppender(lines);
        List<RawConnection> idle = new ArrayList<>();
        int attempts = 2_000;
        try {
            for (int i = 0; i < attempts; i++) {
                idle.add(new RawConnection(cluster.brokerAddr()));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            // admitted idle connections are closed after the idle timeout, which frees places: most, not all
            // of the connections beyond the limit are refused, however slowly this machine connects them
            while (cluster.broker().refusedConnections() < attempts / 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long refused = cluster.broker().refusedConnections();
            assertTrue(refused >= attempts / 2, "refused " + refused);
            List<String> warnings;
            synchronized (lines) {
                warnings = lines.list.stream().filter(e -> e.getLevel() == Level.WARN)
                        .map(ILoggingEvent::getFormattedMessage).toList();
            }
            assertTrue(warnings.stream().anyMatch(w -> w.contains("maxConnections=" + MAX_CONNECTIONS)),
                    "a WARN names the limit: " + warnings);
            assertNormalSendWorks(); // the producer's connection was admitted before the flood
            OBSERVED.put(attempts + " idle connections, maxConnections=" + MAX_CONNECTIONS, refused
                    + " closed at once, one WARN a second naming the limit; the producer connected before kept sending");
        } finally {
            limitLog.detachAppender(lines);
            for (RawConnection c : idle) {
                c.close();
            }
        }
        assertNormalSendWorks();
    }

    @Test
    @Order(12)
    void hostileTopicNames() throws Exception {
        byte[] body = {1};
        refusedWithError("topic '../../etc/passwd'", frame(sendV2("../../etc/passwd", 0, body)), "topic");
        refusedWithError("topic with control characters ('a\\u0007\\u0000b')", frame(sendV2("a\u0007\u0000b", 0, body)),
                "topic");
        refusedWithError("topic of 128 characters", frame(sendV2("t".repeat(128), 0, body)), "127");
    }

    @Test
    @Order(13)
    void negativeQueueIdsAndOffsets() throws Exception {
        RawConnection.Answer send = run("SEND_MESSAGE_V2 to queueId -1", cluster.brokerAddr(),
                frame(sendV2("HostileGood", -1, new byte[] {1})));
        assertTrue(send.answered(), send.toString());
        assertTrue(send.response().code() == ResponseCode.SUCCESS || send.response().remark() != null, send.toString());
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE).putExt("consumerGroup", "hostile-cg")
                .putExt("topic", "HostileGood").putExt("queueId", "-1").putExt("queueOffset", "-5")
                .putExt("maxMsgNums", "32").putExt("sysFlag", "0").putExt("commitOffset", "-9")
                .putExt("suspendTimeoutMillis", "0").putExt("subscription", "*").putExt("subVersion", "0");
        refusedWithError("PULL_MESSAGE queueId -1, queueOffset -5", frame(pull), "queue");
        refusedWithError("GET_MAX_OFFSET queueId -1", frame(RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                .putExt("topic", "HostileGood").putExt("queueId", "-1")), "queue");
        refusedWithError("UPDATE_CONSUMER_OFFSET commitOffset -5", frame(RemotingCommand.request(
                RequestCode.UPDATE_CONSUMER_OFFSET).putExt("consumerGroup", "hostile-cg").putExt("topic", "HostileGood")
                .putExt("queueId", "0").putExt("commitOffset", "-5")), "offset");
        refusedWithError("QUERY_CONSUMER_OFFSET queueId -1", frame(RemotingCommand.request(
                RequestCode.QUERY_CONSUMER_OFFSET).putExt("consumerGroup", "hostile-cg").putExt("topic", "HostileGood")
                .putExt("queueId", "-1")), "queue");
    }

    @Test
    @Order(14)
    void emptyAndHugeBatches() throws Exception {
        RemotingCommand empty = sendV2("HostileGood", 0, new byte[0]);
        empty.code(RequestCode.SEND_BATCH_MESSAGE);
        refusedWithError("SEND_BATCH_MESSAGE with an empty body", frame(empty), "");
        List<BatchCodec.BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            records.add(BatchCodec.BatchRecord.of(0, new byte[100], ""));
        }
        RemotingCommand huge = sendV2("HostileGood", 0, BatchCodec.encode(records));
        huge.code(RequestCode.SEND_BATCH_MESSAGE);
        refusedWithError("SEND_BATCH_MESSAGE of 1,000 records (122 KB, over maxMessageSize 64 KB)", frame(huge),
                "maxMessageSize");
        byte[] overFrame = new byte[17 << 20];
        RemotingCommand beyond = sendV2("HostileGood", 0, overFrame);
        beyond.code(RequestCode.SEND_BATCH_MESSAGE);
        RawConnection.Answer a = run("SEND_BATCH_MESSAGE of 17 MiB (over the 16 MiB frame limit)",
                cluster.brokerAddr(), frame(beyond));
        assertTrue(a.closed(), a.toString());
        assertNormalSendWorks();
        assertFalse(OBSERVED.isEmpty());
    }
}
