package io.ferrymq.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Our codec against rocketmq-common 5.3.3's {@code MessageDecoder}, in both directions. */
class OfficialCodecCompatibilityTest {
    private static final String LONG_TOPIC = "T".repeat(200);

    static InetSocketAddress host(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> shapes() {
        return shapes(List.of("TopicA", LONG_TOPIC, "主题-ü"));
    }

    /** rocketmq-common 5.3.3's MessageDecoder.encode only writes V1 (1-byte topic length), so no long topic. */
    static Stream<Arguments> v1Shapes() {
        return shapes(List.of("TopicA", "主题-ü", "T".repeat(127)));
    }

    static Stream<Arguments> shapes(List<String> topics) {
        List<Arguments> out = new ArrayList<>();
        for (String topic : topics) {
            for (String born : List.of("10.1.2.3", "2001:db8::7")) {
                for (String store : List.of("192.168.0.9", "2001:db8::1:2")) {
                    out.add(Arguments.of(topic, born, store));
                }
            }
        }
        return out.stream();
    }

    private static Map<String, String> sampleProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(MessageConst.PROPERTY_TAGS, "tagA");
        p.put(MessageConst.PROPERTY_KEYS, "k1 k2");
        p.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "7F0000010001000000000000000000AB");
        p.put("userKey", "värde");
        return p;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void bytesWeEncodeAreDecodedByTheOfficialDecoder(String topic, String bornIp, String storeIp) {
        byte[] body = "hello, ferry".getBytes(StandardCharsets.UTF_8);
        InetSocketAddress born = host(bornIp, 50123);
        InetSocketAddress store = host(storeIp, 10911);
        PreparedMessage pm = PreparedMessage.builder().topic(topic).queueId(3).flag(77).body(body)
            .properties(MessageProperties.encode(sampleProperties()))
            .sysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE | MessageSysFlag.MULTI_TAGS_FLAG)
            .bornTimestamp(1_700_000_000_123L).bornHost(born).storeHost(store).reconsumeTimes(2)
            .preparedTransactionOffset(998877L).build();
        byte[] bytes = MessageEncoder.encode(pm, 42L, 123_456_789L, 1_700_000_000_456L);
        assertEquals(pm.encodedLength(), bytes.length);

        MessageExt ext = org.apache.rocketmq.common.message.MessageDecoder.decode(ByteBuffer.wrap(bytes), true, true);
        assertNotNull(ext, "official decoder rejected our bytes");
        assertEquals(bytes.length, ext.getStoreSize());
        assertEquals(topic, ext.getTopic());
        assertArrayEquals(body, ext.getBody());
        assertEquals(sampleProperties(), ext.getProperties());
        assertEquals(3, ext.getQueueId());
        assertEquals(77, ext.getFlag());
        assertEquals(42L, ext.getQueueOffset());
        assertEquals(123_456_789L, ext.getCommitLogOffset());
        assertEquals(pm.sysFlag(), ext.getSysFlag());
        assertEquals(1_700_000_000_123L, ext.getBornTimestamp());
        assertEquals(born, ext.getBornHost());
        assertEquals(1_700_000_000_456L, ext.getStoreTimestamp());
        assertEquals(store, ext.getStoreHost());
        assertEquals(2, ext.getReconsumeTimes());
        assertEquals(998877L, ext.getPreparedTransactionOffset());
        assertEquals(UtilAll.crc32(body), ext.getBodyCRC());
        assertEquals(MessageIds.createOffsetMsgId(store, 123_456_789L), ext.getMsgId());

        // and our own decoder agrees with itself
        DecodedMessage ours = MessageDecoder.decode(ByteBuffer.wrap(bytes));
        assertEquals(ext.getMsgId(), ours.msgId());
        assertEquals(topic, ours.topic());
        assertEquals(sampleProperties(), ours.properties());
        assertEquals(bytes.length, MessageDecoder.check(ByteBuffer.wrap(bytes), 0, bytes.length, true));
    }

    @ParameterizedTest
    @MethodSource("v1Shapes")
    void bytesTheOfficialEncoderProducesDecodeWithOurs(String topic, String bornIp, String storeIp) throws Exception {
        InetSocketAddress born = host(bornIp, 40000);
        InetSocketAddress store = host(storeIp, 10911);
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7);
        }
        MessageExt ext = new MessageExt();
        ext.setTopic(topic);
        ext.setBody(body);
        ext.setQueueId(5);
        ext.setFlag(9);
        ext.setQueueOffset(1234L);
        ext.setCommitLogOffset(5_000_000_000L);
        int sysFlag = MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        if (born.getAddress().getAddress().length == 16) {
            sysFlag |= MessageSysFlag.BORNHOST_V6_FLAG;
        }
        if (store.getAddress().getAddress().length == 16) {
            sysFlag |= MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
        }
        ext.setSysFlag(sysFlag);
        ext.setBornTimestamp(111L);
        ext.setBornHost(born);
        ext.setStoreTimestamp(222L);
        ext.setStoreHost(store);
        ext.setReconsumeTimes(4);
        ext.setPreparedTransactionOffset(333L);
        ext.setBodyCRC(UtilAll.crc32(body));
        sampleProperties().forEach((k, v) -> org.apache.rocketmq.common.message.MessageAccessor.putProperty(ext, k, v));

        byte[] bytes = org.apache.rocketmq.common.message.MessageDecoder.encode(ext, false);
        DecodedMessage m = MessageDecoder.decode(ByteBuffer.wrap(bytes));
        assertEquals(bytes.length, m.storeSize());
        assertEquals(topic, m.topic());
        assertArrayEquals(body, m.body());
        assertEquals(sampleProperties(), m.properties());
        assertEquals(5, m.queueId());
        assertEquals(9, m.flag());
        assertEquals(1234L, m.queueOffset());
        assertEquals(5_000_000_000L, m.commitLogOffset());
        assertEquals(sysFlag, m.sysFlag());
        assertEquals(111L, m.bornTimestamp());
        assertEquals(born, m.bornHost());
        assertEquals(222L, m.storeTimestamp());
        assertEquals(store, m.storeHost());
        assertEquals(4, m.reconsumeTimes());
        assertEquals(333L, m.preparedTransactionOffset());
        assertEquals(UtilAll.crc32(body), m.bodyCrc());
        assertEquals(org.apache.rocketmq.common.message.MessageDecoder.createMessageId(store, 5_000_000_000L),
            m.msgId());
        assertEquals(bytes.length, MessageDecoder.check(ByteBuffer.wrap(bytes), 0, bytes.length, true));

        // re-encoding the decoded fields with our encoder gives the official bytes back
        PreparedMessage pm = PreparedMessage.builder().topic(topic).queueId(5).flag(9).body(body)
            .properties(m.propertiesString()).sysFlag(sysFlag).bornTimestamp(111L).bornHost(born)
            .storeHost(store).reconsumeTimes(4).preparedTransactionOffset(333L).build();
        assertArrayEquals(bytes, MessageEncoder.encode(pm, 1234L, 5_000_000_000L, 222L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0001b\u0002", "a\u0001b", "a\u0001b\u0002a\u0001c\u0002", "\u0001b\u0002",
        "a\u0001\u0002", "ab\u0002", "k\u0001v\u0001w\u0002", "x\u0002\u0002y\u0001z\u0002", "\u0002\u0002",
        "TAGS\u0001t\u0002KEYS\u0001a b\u0002UNIQ_KEY\u0001X\u0002"})
    void propertiesDecodeLikeTheOfficialDecoder(String s) {
        assertEquals(org.apache.rocketmq.common.message.MessageDecoder.string2messageProperties(s),
            MessageProperties.decode(s));
        Map<String, String> expected = org.apache.rocketmq.common.message.MessageDecoder.string2messageProperties(s);
        for (String name : List.of("a", "k", "y", "TAGS", "KEYS", "UNIQ_KEY", "x")) {
            assertEquals(expected.get(name), MessageProperties.get(s, name), "get(" + name + ") of " + s);
        }
    }

    @Test
    void propertiesEncodeLikeTheOfficialEncoder() {
        Map<String, String> p = sampleProperties();
        assertEquals(org.apache.rocketmq.common.message.MessageDecoder.messageProperties2String(p),
            MessageProperties.encode(p));
        assertEquals("", MessageProperties.encode(Map.of()));
        String appended = MessageProperties.append(MessageProperties.encode(p), "CLUSTER", "c1");
        Map<String, String> withCluster = new LinkedHashMap<>(p);
        withCluster.put("CLUSTER", "c1");
        assertEquals(withCluster, org.apache.rocketmq.common.message.MessageDecoder.string2messageProperties(appended));
    }

    @Test
    void offsetMessageIdsMatchTheOfficialOnes() throws Exception {
        assertEquals("7F00000100002A9F00000000000004D2",
            MessageIds.createOffsetMsgId(host("127.0.0.1", 10911), 1234L));
        for (InetSocketAddress h : List.of(host("127.0.0.1", 10911), host("10.255.0.1", 65535),
            host("2001:db8::1", 10911))) {
            for (long off : new long[] {0L, 1234L, Long.MAX_VALUE}) {
                String official = org.apache.rocketmq.common.message.MessageDecoder.createMessageId(h, off);
                String ours = MessageIds.createOffsetMsgId(h, off);
                assertEquals(official, ours);
                MessageIds.OffsetMsgId decoded = MessageIds.decodeOffsetMsgId(ours);
                assertEquals(h, decoded.storeHost());
                assertEquals(off, decoded.commitLogOffset());
                MessageId officialDecoded = org.apache.rocketmq.common.message.MessageDecoder.decodeMessageId(ours);
                assertEquals(officialDecoded.getAddress(), decoded.storeHost());
                assertEquals(officialDecoded.getOffset(), decoded.commitLogOffset());
            }
        }
    }

    @Test
    void officialBatchBodiesDecodeWithOurBatchCodecAndBack() throws Exception {
        List<Message> msgs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Message m = new Message("BatchTopic", "tag" + i, "key" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
            m.setFlag(i * 3);
            m.putUserProperty("n", Integer.toString(i));
            msgs.add(m);
        }
        msgs.get(2).setBody(new byte[0]);
        byte[] official = org.apache.rocketmq.common.message.MessageDecoder.encodeMessages(msgs);
        List<BatchCodec.BatchRecord> records = BatchCodec.decode(ByteBuffer.wrap(official));
        assertEquals(msgs.size(), records.size());
        for (int i = 0; i < msgs.size(); i++) {
            assertEquals(msgs.get(i).getFlag(), records.get(i).flag());
            assertArrayEquals(msgs.get(i).getBody(), records.get(i).bodyBytes());
            assertEquals(msgs.get(i).getProperties(), MessageProperties.decode(records.get(i).properties()));
        }
        byte[] ours = BatchCodec.encode(records);
        assertArrayEquals(official, ours);
        List<Message> back = org.apache.rocketmq.common.message.MessageDecoder.decodeMessages(ByteBuffer.wrap(ours));
        assertEquals(msgs.size(), back.size());
        assertEquals(msgs.get(4).getProperties(), back.get(4).getProperties());
    }
}
