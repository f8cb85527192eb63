package io.ferrymq.remoting.protocol;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.PullMessageResponseHeader;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.ResetOffsetRequestHeader;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.SendMessageResponseHeader;
import io.ferrymq.remoting.protocol.header.UnregisterClientRequestHeader;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Header codecs against the official 5.3.3 RemotingCommand: official headers turned into extFields
 * ({@code makeCustomHeaderToNet}) decode with ours, and our {@code writeTo} output decodes with the official
 * {@code decodeCommandCustomHeader}.
 */
class HeaderCompatibilityTest {

    /** extFields exactly as the official client puts them on the wire. */
    private static ExtFields officialExt(int code, CommandCustomHeader header) {
        var cmd = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, header);
        cmd.makeCustomHeaderToNet();
        return new ExtFields(cmd.getExtFields());
    }

    /** Decodes our header's extFields with the official decoder. */
    private static <T extends CommandCustomHeader> T officialDecode(Map<String, String> ext, Class<T> type)
            throws Exception {
        var cmd = org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, null);
        cmd.setExtFields(new HashMap<>(ext));
        return cmd.decodeCommandCustomHeader(type);
    }

    private static Map<String, String> written(CommandHeader h) {
        Map<String, String> m = new HashMap<>();
        h.writeTo(m);
        return m;
    }

    @Test
    void sendV2FromOfficialProducerDecodes() throws Exception {
        var v1 = new org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader();
        v1.setProducerGroup("PG");
        v1.setTopic("TopicA");
        v1.setDefaultTopic("TBW102");
        v1.setDefaultTopicQueueNums(4);
        v1.setQueueId(3);
        v1.setSysFlag(0);
        v1.setBornTimestamp(1700000000000L);
        v1.setFlag(7);
        v1.setProperties("KEYS\u0001k1\u0002TAGS\u0001TagA\u0002");
        v1.setReconsumeTimes(0);
        v1.setUnitMode(false);
        v1.setBatch(true);
        v1.setMaxReconsumeTimes(5);
        v1.setBrokerName("broker-a");
        var v2 = org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2
                .createSendMessageRequestHeaderV2(v1);

        SendMessageRequestHeader h = SendMessageRequestHeader.decodeFor(RequestCode.SEND_MESSAGE_V2,
                officialExt(RequestCode.SEND_MESSAGE_V2, v2));
        assertEquals("PG", h.producerGroup());
        assertEquals("TopicA", h.topic());
        assertEquals("TBW102", h.defaultTopic());
        assertEquals(4, h.defaultTopicQueueNums());
        assertEquals(3, h.queueId());
        assertEquals(1700000000000L, h.bornTimestamp());
        assertEquals(7, h.flag());
        assertEquals(v1.getProperties(), h.properties());
        assertEquals(0, h.reconsumeTimes());
        assertEquals(5, h.maxReconsumeTimes());
        assertTrue(h.isBatch());
        assertEquals("broker-a", h.bname());

        // the long-name form (SEND_MESSAGE, sendSmartMsg=false)
        SendMessageRequestHeader l = SendMessageRequestHeader.decodeFor(RequestCode.SEND_MESSAGE,
                officialExt(RequestCode.SEND_MESSAGE, v1));
        assertEquals("TopicA", l.topic());
        assertEquals("broker-a", l.bname());
        assertTrue(l.isBatch());
    }

    @Test
    void sendV2WrittenByUsDecodesOfficially() throws Exception {
        SendMessageRequestHeader h = new SendMessageRequestHeader().producerGroup("PG").topic("T").defaultTopic("TBW102")
                .defaultTopicQueueNums(4).queueId(-1).sysFlag(1).bornTimestamp(5L).flag(0).properties("a\u0001b\u0002")
                .reconsumeTimes(2).unitMode(false).maxReconsumeTimes(16).batch(false).bname("b1");
        Map<String, String> v2 = new HashMap<>();
        h.writeToV2(v2);
        var o = officialDecode(v2, org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2.class);
        var o1 = org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2
                .createSendMessageRequestHeaderV1(o);
        assertEquals("PG", o1.getProducerGroup());
        assertEquals("T", o1.getTopic());
        assertEquals(-1, o1.getQueueId());
        assertEquals(1, o1.getSysFlag());
        assertEquals(2, o1.getReconsumeTimes());
        assertEquals(16, o1.getMaxReconsumeTimes());
        assertFalse(o1.isBatch());
        assertEquals("b1", o1.getBrokerName());

        var ol = officialDecode(written(h), org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader.class);
        assertEquals("T", ol.getTopic());
        assertEquals("b1", ol.getBrokerName());
        assertEquals(5L, ol.getBornTimestamp());
    }

    @Test
    void sendResponseBothWays() throws Exception {
        SendMessageResponseHeader r = new SendMessageResponseHeader().msgId("AC11000100002A9F0000000000000000")
                .queueId(2).queueOffset(9).transactionId("UNIQ").msgRegion("DefaultRegion").traceOn("true");
        Map<String, String> ext = written(r);
        assertEquals("DefaultRegion", ext.get("MSG_REGION"));
        assertEquals("true", ext.get("TRACE_ON"));
        var o = officialDecode(ext, org.apache.rocketmq.remoting.protocol.header.SendMessageResponseHeader.class);
        assertEquals("AC11000100002A9F0000000000000000", o.getMsgId());
        assertEquals(2, o.getQueueId());
        assertEquals(9L, o.getQueueOffset());
        assertEquals("UNIQ", o.getTransactionId());
    }

    @Test
    void pullRequestBothWays() throws Exception {
        var o = new org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader();
        o.setConsumerGroup("CG");
        o.setTopic("TopicA");
        o.setQueueId(1);
        o.setQueueOffset(100L);
        o.setMaxMsgNums(32);
        o.setSysFlag(3);
        o.setCommitOffset(99L);
        o.setSuspendTimeoutMillis(15000L);
        o.setSubVersion(1700000000000L);
        o.setExpressionType("TAG");
        o.setMaxMsgBytes(262144);
        o.setBrokerName("broker-a");
        PullMessageRequestHeader h = PullMessageRequestHeader.decode(officialExt(RequestCode.PULL_MESSAGE, o));
        assertEquals("CG", h.consumerGroup());
        assertEquals(1, h.queueId());
        assertEquals(100L, h.queueOffset());
        assertEquals(32, h.maxMsgNums());
        assertEquals(3, h.sysFlag());
        assertEquals(99L, h.commitOffset());
        assertEquals(15000L, h.suspendTimeoutMillis());
        assertNull(h.subscription());
        assertEquals(1700000000000L, h.subVersion());
        assertEquals(262144, h.maxMsgBytes());
        assertEquals("broker-a", h.bname());

        var back = officialDecode(written(h),
                org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader.class);
        assertEquals("TopicA", back.getTopic());
        assertEquals(100L, back.getQueueOffset());
        assertEquals(15000L, back.getSuspendTimeoutMillis());
        assertEquals("TAG", back.getExpressionType());

        PullMessageResponseHeader resp = new PullMessageResponseHeader().suggestWhichBrokerId(0).nextBeginOffset(10)
                .minOffset(0).maxOffset(10);
        var or = officialDecode(written(resp),
                org.apache.rocketmq.remoting.protocol.header.PullMessageResponseHeader.class);
        assertEquals(0L, or.getSuggestWhichBrokerId());
        assertEquals(10L, or.getNextBeginOffset());
        assertEquals(0L, or.getMinOffset());
        assertEquals(10L, or.getMaxOffset());
    }

    @Test
    void registerBrokerBothWays() throws Exception {
        var o = new org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader();
        o.setBrokerName("broker-a");
        o.setBrokerAddr("127.0.0.1:10911");
        o.setClusterName("C1");
        o.setHaServerAddr("127.0.0.1:10912");
        o.setBrokerId(1L);
        o.setHeartbeatTimeoutMillis(10000L);
        o.setEnableActingMaster(false);
        o.setCompressed(true);
        o.setBodyCrc32(12345);
        RegisterBrokerRequestHeader h = RegisterBrokerRequestHeader.decode(
                officialExt(RequestCode.REGISTER_BROKER, o));
        assertEquals("broker-a", h.brokerName());
        assertEquals("127.0.0.1:10911", h.brokerAddr());
        assertEquals("C1", h.clusterName());
        assertEquals("127.0.0.1:10912", h.haServerAddr());
        assertEquals(1L, h.brokerId());
        assertEquals(10000L, h.heartbeatTimeoutMillis());
        assertEquals(Boolean.FALSE, h.enableActingMaster());
        assertTrue(h.compressed());
        assertEquals(12345, h.bodyCrc32());

        var back = officialDecode(written(h),
                org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader.class);
        assertEquals("broker-a", back.getBrokerName());
        assertEquals(1L, back.getBrokerId());
        assertTrue(back.isCompressed());
        assertEquals(12345, back.getBodyCrc32());
        assertEquals(10000L, back.getHeartbeatTimeoutMillis());
    }

    @Test
    void consumerSendBackBothWays() throws Exception {
        var o = new org.apache.rocketmq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader();
        o.setOffset(4096L);
        o.setGroup("CG");
        o.setDelayLevel(0);
        o.setOriginMsgId("UNIQ");
        o.setOriginTopic("TopicA");
        o.setUnitMode(false);
        o.setMaxReconsumeTimes(3);
        o.setBrokerName("broker-a");
        ConsumerSendMsgBackRequestHeader h = ConsumerSendMsgBackRequestHeader.decode(
                officialExt(RequestCode.CONSUMER_SEND_MSG_BACK, o));
        assertEquals(4096L, h.offset());
        assertEquals("CG", h.group());
        assertEquals(0, h.delayLevel());
        assertEquals("UNIQ", h.originMsgId());
        assertEquals("TopicA", h.originTopic());
        assertFalse(h.unitMode());
        assertEquals(3, h.maxReconsumeTimes());

        var back = officialDecode(written(h),
                org.apache.rocketmq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader.class);
        assertEquals(4096L, back.getOffset());
        assertEquals("CG", back.getGroup());
        assertEquals(3, back.getMaxReconsumeTimes());
        assertEquals("UNIQ", back.getOriginMsgId());
    }

    @Test
    void oddlyNamedFieldsMatchOfficialNames() throws Exception {
        var ou = new org.apache.rocketmq.remoting.protocol.header.UnregisterClientRequestHeader();
        ou.setClientID("cid");
        ou.setConsumerGroup("CG");
        ExtFields ext = officialExt(RequestCode.UNREGISTER_CLIENT, ou);
        assertTrue(ext.has("clientID"));
        assertEquals("cid", UnregisterClientRequestHeader.decode(ext).clientID());

        var or = new org.apache.rocketmq.remoting.protocol.header.ResetOffsetRequestHeader();
        or.setTopic("T");
        or.setGroup("G");
        or.setTimestamp(123L);
        or.setForce(true);
        ResetOffsetRequestHeader r = ResetOffsetRequestHeader.decode(
                officialExt(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, or));
        assertTrue(r.isForce());
        assertEquals(-1, r.queueId());
        assertEquals(123L, r.timestamp());
        var rb = officialDecode(written(r), org.apache.rocketmq.remoting.protocol.header.ResetOffsetRequestHeader.class);
        assertTrue(rb.isForce());
        assertEquals(123L, rb.getTimestamp());
    }

    @Test
    void missingOrMalformedRequiredFieldsAreNamed() {
        Map<String, String> v2 = new HashMap<>();
        new SendMessageRequestHeader().producerGroup("PG").defaultTopic("TBW102").writeToV2(v2);
        HeaderFieldException e = assertThrows(HeaderFieldException.class,
                () -> SendMessageRequestHeader.decodeV2(new ExtFields(v2)));
        assertEquals("b", e.field());
        assertTrue(e.getMessage().contains("(topic)"), e.getMessage());

        Map<String, String> pull = written(new PullMessageRequestHeader().consumerGroup("CG").topic("T"));
        pull.remove("queueOffset");
        e = assertThrows(HeaderFieldException.class, () -> PullMessageRequestHeader.decode(new ExtFields(pull)));
        assertEquals("queueOffset", e.field());

        pull.put("queueOffset", "twelve");
        e = assertThrows(HeaderFieldException.class, () -> PullMessageRequestHeader.decode(new ExtFields(pull)));
        assertEquals("queueOffset", e.field());
        assertTrue(e.getMessage().contains("twelve"), e.getMessage());

        e = assertThrows(HeaderFieldException.class,
                () -> RegisterBrokerRequestHeader.decode(new ExtFields(Map.of("brokerName", "b"))));
        assertEquals("brokerAddr", e.field());

        e = assertThrows(HeaderFieldException.class, () -> UnregisterClientRequestHeader.decode(new ExtFields(null)));
        assertEquals("clientID", e.field());
    }
}
