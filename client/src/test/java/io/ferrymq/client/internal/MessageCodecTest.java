package io.ferrymq.client.internal;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.PreparedMessage;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {
    private static byte[] stored(String topic, byte[] body, int sysFlag, Map<String, String> props, long queueOffset,
                                 long phys) {
        PreparedMessage pm = PreparedMessage.builder().topic(topic).queueId(1).flag(7).body(body)
            .properties(MessageProperties.encode(props)).sysFlag(sysFlag).bornTimestamp(111)
            .bornHost(new InetSocketAddress("127.0.0.1", 5555)).storeHost(new InetSocketAddress("127.0.0.1", 10911))
            .build();
        return MessageEncoder.encode(pm, queueOffset, phys, 222);
    }

    @Test
    void storedMessagesDecodeWithDecompressionAndIds() throws Exception {
        byte[] plain = "hello world ".repeat(500).getBytes(StandardCharsets.UTF_8);
        byte[] zipped = MessageCodec.zlib(plain, 5);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(stored("T", zipped, MessageCodec.ZLIB_COMPRESSED, Map.of("TAGS", "A", "UNIQ_KEY", "U1"), 3, 1000));
        body.write(stored("T", "x".getBytes(StandardCharsets.UTF_8), 0, Map.of("KEYS", "k"), 4, 2000));
        body.write(new byte[] {0, 0, 0, 9, 1, 2}); // garbage tail is dropped, as the official client does
        List<ReceivedMessage> ms = MessageCodec.decodeStored(body.toByteArray(), "broker-a");
        assertEquals(2, ms.size());
        ReceivedMessage a = ms.get(0);
        assertArrayEquals(plain, a.body());
        assertEquals(0, a.sysFlag() & 1, "compressed bit cleared");
        assertEquals("U1", a.msgId());
        assertEquals(3, a.queueOffset());
        assertEquals(1000, a.commitLogOffset());
        assertEquals(7, a.flag());
        assertEquals("broker-a", a.brokerName());
        assertEquals(1, a.queueId());
        assertEquals(222, a.storeTimestamp());
        ReceivedMessage b = ms.get(1);
        assertEquals("7F00000100002A9F00000000000007D0", b.offsetMsgId());
        assertEquals(b.offsetMsgId(), b.msgId(), "no UNIQ_KEY: the offset id is the id");
    }

    @Test
    void retryTopicMessagesShowTheirOriginalTopic() {
        List<ReceivedMessage> ms = MessageCodec.decodeStored(stored("%RETRY%G", new byte[] {1}, 0,
            Map.of("RETRY_TOPIC", "Orders"), 0, 0), "broker-a");
        ReceivedMessage m = ms.get(0);
        m.restoreOriginalTopic();
        assertEquals("Orders", m.topic());
        assertEquals("%RETRY%G", m.storedTopic());
        assertEquals("%RETRY%G", m.queue().topic());
    }

    @Test
    void uniqueIdsAre32HexCharsAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = UniqueIds.next();
            assertTrue(id.matches("[0-9A-F]{32}"), id);
            ids.add(id);
        }
        assertEquals(10_000, ids.size());
    }

    @Test
    void topicNamesAreCheckedLikeTheBroker() {
        MessageCodec.checkTopic("%RETRY%a-b_c|1");
        assertThrows(io.ferrymq.client.ClientException.class, () -> MessageCodec.checkTopic("a b"));
        assertThrows(io.ferrymq.client.ClientException.class, () -> MessageCodec.checkTopic("x".repeat(128)));
    }

    @Test
    void tagSubscriptionsFilterByTagString() {
        Subscriptions subs = new Subscriptions();
        subs.put("T", "A || B", 1);
        SubscriptionData d = subs.get("T");
        assertTrue(Subscriptions.matches(d, "A"));
        assertTrue(Subscriptions.matches(d, "B"));
        assertTrue(!Subscriptions.matches(d, "C") && !Subscriptions.matches(d, null));
        subs.put("U", "*", 1);
        assertTrue(Subscriptions.matches(subs.get("U"), null));
        assertThrows(io.ferrymq.client.ClientException.class, () -> subs.put("V", "a > 5", 1));
    }

    @Test
    void broadcastOffsetsSurviveARestart(@TempDir Path dir) {
        Path file = dir.resolve("g").resolve("offsets.txt");
        FileOffsetStore s = new FileOffsetStore(file);
        s.load();
        io.ferrymq.client.MessageQueue q = new io.ferrymq.client.MessageQueue("T", "broker-a", 2);
        s.update(q, 42, false);
        s.update(q, 40, true);
        s.persist(q);
        FileOffsetStore again = new FileOffsetStore(file);
        again.load();
        assertEquals(42, again.readStore(q));
        assertEquals(-1, again.readStore(new io.ferrymq.client.MessageQueue("T", "broker-a", 3)));
    }
}
