package io.ferrymq.remoting.protocol;

import io.ferrymq.remoting.protocol.body.ConsumeFromWhere;
import io.ferrymq.remoting.protocol.body.ConsumeStats;
import io.ferrymq.remoting.protocol.body.ConsumeType;
import io.ferrymq.remoting.protocol.body.ConsumerData;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.HeartbeatData;
import io.ferrymq.remoting.protocol.body.LockBatchRequestBody;
import io.ferrymq.remoting.protocol.body.LockBatchResponseBody;
import io.ferrymq.remoting.protocol.body.MessageModel;
import io.ferrymq.remoting.protocol.body.MessageQueue;
import io.ferrymq.remoting.protocol.body.OffsetWrapper;
import io.ferrymq.remoting.protocol.body.ProducerData;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.ResetOffsetBody;
import io.ferrymq.remoting.protocol.body.SubscriptionData;
import io.ferrymq.remoting.protocol.body.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.body.TopicConfig;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.body.TopicFilterType;
import io.ferrymq.remoting.protocol.body.TopicOffset;
import io.ferrymq.remoting.protocol.body.TopicStatsTable;
import io.ferrymq.remoting.protocol.body.UnlockBatchRequestBody;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that JSON bodies we write are read by the official 5.3.3 classes (fastjson 1.x) with equal content, and
 * that what the official classes write is read by ours.
 */
class JsonCompatibilityTest {

    private static <T> T official(byte[] json, Class<T> type) {
        return RemotingSerializable.decode(json, type);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- TopicRouteData

    private static TopicRouteData sampleRoute() {
        TreeMap<Long, String> addrs = new TreeMap<>();
        addrs.put(0L, "127.0.0.1:10911");
        addrs.put(1L, "127.0.0.1:10921");
        BrokerData bd = new BrokerData("DefaultCluster", "broker-a", addrs);
        TopicRouteData route = new TopicRouteData();
        route.getBrokerDatas().add(bd);
        route.getQueueDatas().add(new QueueData("broker-a", 4, 8, PermName.PERM_READ | PermName.PERM_WRITE, 0));
        route.setOrderTopicConf("broker-a:4");
        return route;
    }

    @Test
    void topicRouteDataWrittenByUsIsReadByOfficialWithQuotedKeys() {
        byte[] json = Json.toBytes(sampleRoute());
        String s = text(json);
        assertTrue(s.contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\",\"1\":\"127.0.0.1:10921\"}"), s);
        assertTrue(s.contains("\"filterServerTable\":{}"), s);
        assertFalse(s.contains("topicQueueMappingByBroker"), s);

        var o = official(json, org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
        assertEquals("broker-a:4", o.getOrderTopicConf());
        assertEquals(1, o.getBrokerDatas().size());
        var obd = o.getBrokerDatas().get(0);
        assertEquals("DefaultCluster", obd.getCluster());
        assertEquals("broker-a", obd.getBrokerName());
        assertEquals("127.0.0.1:10911", obd.getBrokerAddrs().get(0L));
        assertEquals("127.0.0.1:10921", obd.getBrokerAddrs().get(1L));
        assertEquals("127.0.0.1:10911", obd.selectBrokerAddr());
        var oqd = o.getQueueDatas().get(0);
        assertEquals("broker-a", oqd.getBrokerName());
        assertEquals(4, oqd.getReadQueueNums());
        assertEquals(8, oqd.getWriteQueueNums());
        assertEquals(6, oqd.getPerm());
        assertNotNull(o.getFilterServerTable());
        assertTrue(o.getFilterServerTable().isEmpty());
    }

    @Test
    void topicRouteDataWrittenByOfficialIsReadByUs() {
        var o = new org.apache.rocketmq.remoting.protocol.route.TopicRouteData();
        HashMap<Long, String> addrs = new HashMap<>();
        addrs.put(0L, "10.0.0.1:10911");
        addrs.put(2L, "10.0.0.2:10911");
        var obd = new org.apache.rocketmq.remoting.protocol.route.BrokerData("C1", "b1", addrs);
        o.setBrokerDatas(List.of(obd));
        var oqd = new org.apache.rocketmq.remoting.protocol.route.QueueData();
        oqd.setBrokerName("b1");
        oqd.setReadQueueNums(3);
        oqd.setWriteQueueNums(2);
        oqd.setPerm(7);
        oqd.setTopicSysFlag(1);
        o.setQueueDatas(List.of(oqd));
        o.setFilterServerTable(new HashMap<>());

        // default fastjson 1.x output: unquoted numeric keys
        byte[] unquoted = o.encode();
        assertTrue(text(unquoted).contains("{0:"), text(unquoted));
        // the official name server's form for new clients: quoted keys
        byte[] quoted = o.encode(com.alibaba.fastjson.serializer.SerializerFeature.BrowserCompatible,
                com.alibaba.fastjson.serializer.SerializerFeature.QuoteFieldNames,
                com.alibaba.fastjson.serializer.SerializerFeature.MapSortField);
        for (byte[] json : List.of(unquoted, quoted)) {
            TopicRouteData ours = Json.parse(json, TopicRouteData.class);
            assertEquals(1, ours.getBrokerDatas().size());
            BrokerData bd = ours.getBrokerDatas().get(0);
            assertEquals("10.0.0.1:10911", bd.selectMasterAddr());
            assertEquals("10.0.0.2:10911", bd.getBrokerAddrs().get(2L));
            assertEquals(new QueueData("b1", 3, 2, 7, 1), ours.getQueueDatas().get(0));
        }
    }

    // ---------------------------------------------------------------- ClusterInfo

    @Test
    void clusterInfoBothWays() {
        ClusterInfo ci = new ClusterInfo();
        BrokerData bd = new BrokerData("C1", "broker-a", Map.of(0L, "127.0.0.1:10911"));
        ci.getBrokerAddrTable().put("broker-a", bd);
        ci.getClusterAddrTable().put("C1", Set.of("broker-a"));
        byte[] json = Json.toBytes(ci);
        var o = official(json, org.apache.rocketmq.remoting.protocol.body.ClusterInfo.class);
        assertEquals("127.0.0.1:10911", o.getBrokerAddrTable().get("broker-a").getBrokerAddrs().get(0L));
        assertEquals(Set.of("broker-a"), o.getClusterAddrTable().get("C1"));
        assertEquals(List.of("127.0.0.1:10911"), List.of(o.retrieveAllAddrByCluster("C1")));

        ClusterInfo back = Json.parse(o.encode(), ClusterInfo.class);
        assertEquals(bd, back.getBrokerAddrTable().get("broker-a"));
        assertEquals(Set.of("broker-a"), back.getClusterAddrTable().get("C1"));
    }

    // ---------------------------------------------------------------- HeartbeatData

    @Test
    void heartbeatWrittenByOfficialIsReadByUs() throws Exception {
        var hb = new org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData();
        hb.setClientID("192.168.0.2@12345#123456789");
        var pd = new org.apache.rocketmq.remoting.protocol.heartbeat.ProducerData();
        pd.setGroupName("PG");
        hb.getProducerDataSet().add(pd);
        var cd = new org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData();
        cd.setGroupName("CG");
        cd.setConsumeType(org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType.CONSUME_PASSIVELY);
        cd.setMessageModel(org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel.CLUSTERING);
        cd.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        var osd = org.apache.rocketmq.remoting.protocol.filter.FilterAPI.buildSubscriptionData("TopicA",
                "TagA || TagB");
        cd.getSubscriptionDataSet().add(osd);
        var sql = new org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData("TopicB", "a > 5");
        sql.setExpressionType("SQL92");
        cd.getSubscriptionDataSet().add(sql);
        hb.getConsumerDataSet().add(cd);

        HeartbeatData ours = Json.parse(hb.encode(), HeartbeatData.class);
        assertEquals("192.168.0.2@12345#123456789", ours.getClientID());
        assertEquals(Set.of(new ProducerData("PG")), ours.getProducerDataSet());
        ConsumerData c = ours.getConsumerDataSet().iterator().next();
        assertEquals("CG", c.getGroupName());
        assertEquals(ConsumeType.CONSUME_PASSIVELY, c.getConsumeType());
        assertEquals(MessageModel.CLUSTERING, c.getMessageModel());
        assertEquals(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, c.getConsumeFromWhere());
        assertEquals(2, c.getSubscriptionDataSet().size());
        SubscriptionData tag = c.getSubscriptionDataSet().stream().filter(s -> s.getTopic().equals("TopicA"))
                .findFirst().orElseThrow();
        // our FilterAPI equivalent builds the same subscription
        assertEquals(SubscriptionData.build("TopicA", "TagA || TagB"), tag);
        assertEquals(osd.getSubVersion(), tag.getSubVersion());
        assertEquals(Set.of("TagA", "TagB"), tag.getTagsSet());
        assertEquals(Set.of("TagA".hashCode(), "TagB".hashCode()), tag.getCodeSet());
        SubscriptionData sq = c.getSubscriptionDataSet().stream().filter(s -> s.getTopic().equals("TopicB"))
                .findFirst().orElseThrow();
        assertEquals("SQL92", sq.getExpressionType());
        assertEquals("a > 5", sq.getSubString());
    }

    @Test
    void heartbeatWrittenByUsIsReadByOfficial() {
        HeartbeatData hb = new HeartbeatData();
        hb.setClientID("cid-1");
        hb.getProducerDataSet().add(new ProducerData("PG"));
        ConsumerData cd = new ConsumerData();
        cd.setGroupName("CG");
        cd.setConsumeType(ConsumeType.CONSUME_ACTIVELY);
        cd.setMessageModel(MessageModel.BROADCASTING);
        cd.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        cd.getSubscriptionDataSet().add(SubscriptionData.build("T", "*", 42L));
        hb.getConsumerDataSet().add(cd);
        byte[] json = Json.toBytes(hb);
        assertTrue(text(json).contains("\"clientID\":\"cid-1\""), text(json));

        var o = official(json, org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class);
        assertEquals("cid-1", o.getClientID());
        assertEquals("PG", o.getProducerDataSet().iterator().next().getGroupName());
        var ocd = o.getConsumerDataSet().iterator().next();
        assertEquals(org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel.BROADCASTING, ocd.getMessageModel());
        assertEquals(org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType.CONSUME_ACTIVELY, ocd.getConsumeType());
        assertEquals(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_TIMESTAMP,
                ocd.getConsumeFromWhere());
        var osd = ocd.getSubscriptionDataSet().iterator().next();
        assertEquals("*", osd.getSubString());
        assertEquals(42L, osd.getSubVersion());
        assertEquals("TAG", osd.getExpressionType());
        assertTrue(osd.getTagsSet().isEmpty());
    }

    @Test
    void subscriptionBuildMatchesOfficialFilterApi() throws Exception {
        for (String expr : new String[] {null, "", "*", " * ", "TagA", "TagA || TagB", " a ||  || b||c ", "x||"}) {
            var official = org.apache.rocketmq.remoting.protocol.filter.FilterAPI.buildSubscriptionData("T", expr);
            SubscriptionData ours = SubscriptionData.build("T", expr);
            assertEquals(official.getSubString(), ours.getSubString(), "subString of '" + expr + "'");
            assertEquals(official.getTagsSet(), ours.getTagsSet(), "tags of '" + expr + "'");
            assertEquals(official.getCodeSet(), ours.getCodeSet(), "codes of '" + expr + "'");
        }
        SubscriptionData ab = SubscriptionData.build("T", "A || B");
        assertTrue(ab.acceptsTagCode("A".hashCode()));
        assertFalse(ab.acceptsTagCode("C".hashCode()));
        assertTrue(SubscriptionData.build("T", "*").acceptsTagCode("C".hashCode()));
    }

    // ---------------------------------------------------------------- RegisterBrokerBody

    private static RegisterBrokerBody sampleRegisterBody() {
        TopicConfig a = new TopicConfig("TopicA", 4, 4, 6);
        TopicConfig tbw = new TopicConfig("TBW102", 8, 8, 7);
        tbw.setTopicFilterType(TopicFilterType.MULTI_TAG);
        tbw.setOrder(true);
        tbw.getAttributes().put("+message.type", "NORMAL");
        Map<String, TopicConfig> table = new HashMap<>();
        table.put(a.getTopicName(), a);
        table.put(tbw.getTopicName(), tbw);
        return new RegisterBrokerBody(new TopicConfigSerializeWrapper(table, new DataVersion(1, 1700000000000L, 5)));
    }

    @Test
    void registerBrokerBodyWrittenByUsIsReadByOfficial() throws Exception {
        RegisterBrokerBody body = sampleRegisterBody();
        for (boolean compressed : new boolean[] {false, true}) {
            var o = org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.decode(body.encode(compressed),
                    compressed, org.apache.rocketmq.common.MQVersion.Version.V5_3_3);
            var wrapper = o.getTopicConfigSerializeWrapper();
            assertEquals(5, wrapper.getDataVersion().getCounter().get());
            assertEquals(1700000000000L, wrapper.getDataVersion().getTimestamp());
            assertEquals(1, wrapper.getDataVersion().getStateVersion());
            var tbw = wrapper.getTopicConfigTable().get("TBW102");
            assertEquals(8, tbw.getReadQueueNums());
            assertEquals(7, tbw.getPerm());
            assertEquals(org.apache.rocketmq.common.TopicFilterType.MULTI_TAG, tbw.getTopicFilterType());
            assertEquals("NORMAL", tbw.getAttributes().get("+message.type"));
            assertEquals(4, wrapper.getTopicConfigTable().get("TopicA").getWriteQueueNums());
            if (!compressed) {
                assertTrue(tbw.isOrder());
            }
        }
    }

    @Test
    void registerBrokerBodyWrittenByOfficialIsReadByUs() throws Exception {
        var o = new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        var tc = new org.apache.rocketmq.common.TopicConfig("TopicA", 4, 2, 6);
        tc.setOrder(true);
        o.getTopicConfigSerializeWrapper().getTopicConfigTable().put("TopicA", tc);
        o.getTopicConfigSerializeWrapper().getDataVersion().nextVersion();
        long counter = o.getTopicConfigSerializeWrapper().getDataVersion().getCounter().get();
        for (boolean compressed : new boolean[] {false, true}) {
            byte[] bytes = o.encode(compressed);
            RegisterBrokerBody ours = RegisterBrokerBody.decode(bytes, compressed);
            TopicConfig ours1 = ours.getTopicConfigSerializeWrapper().getTopicConfigTable().get("TopicA");
            assertEquals(4, ours1.getReadQueueNums());
            assertEquals(2, ours1.getWriteQueueNums());
            assertEquals(6, ours1.getPerm());
            assertEquals(TopicFilterType.SINGLE_TAG, ours1.getTopicFilterType());
            assertEquals(counter, ours.getTopicConfigSerializeWrapper().getDataVersion().getCounter());
            assertEquals(!compressed, ours1.isOrder());
            // the official crc is what we compute
            assertEquals(org.apache.rocketmq.common.UtilAll.crc32(bytes), RegisterBrokerBody.crc32(bytes));
        }
    }

    @Test
    void corruptCompressedRegisterBodyIsAnIoException() {
        byte[] good = sampleRegisterBody().encode(true);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThrows(java.io.IOException.class, () -> RegisterBrokerBody.decode(truncated, true));
        assertThrows(java.io.IOException.class, () -> RegisterBrokerBody.decode(new byte[] {1, 2, 3}, true));
        assertThrows(JsonBodyException.class, () -> RegisterBrokerBody.decode("{nope".getBytes(), false));
    }

    // ---------------------------------------------------------------- ConsumeStats / TopicStatsTable

    @Test
    void consumeStatsBothWays() {
        ConsumeStats cs = new ConsumeStats();
        cs.setConsumeTps(1.5);
        OffsetWrapper w = new OffsetWrapper();
        w.setBrokerOffset(10);
        w.setConsumerOffset(5);
        w.setPullOffset(6);
        w.setLastTimestamp(1700000000000L);
        cs.getOffsetTable().put(new MessageQueue("TopicA", "broker-a", 0), w);
        OffsetWrapper w2 = new OffsetWrapper();
        w2.setBrokerOffset(3);
        cs.getOffsetTable().put(new MessageQueue("TopicA", "broker-a", 1), w2);
        byte[] json = Json.toBytes(cs);

        var o = official(json, org.apache.rocketmq.remoting.protocol.admin.ConsumeStats.class);
        assertEquals(1.5, o.getConsumeTps());
        var ow = o.getOffsetTable().get(new org.apache.rocketmq.common.message.MessageQueue("TopicA", "broker-a", 0));
        assertNotNull(ow, text(json));
        assertEquals(10, ow.getBrokerOffset());
        assertEquals(5, ow.getConsumerOffset());
        assertEquals(6, ow.getPullOffset());
        assertEquals(1700000000000L, ow.getLastTimestamp());
        assertEquals(8, o.computeTotalDiff());

        ConsumeStats back = Json.parse(o.encode(), ConsumeStats.class);
        assertEquals(2, back.getOffsetTable().size());
        assertEquals(10, back.getOffsetTable().get(new MessageQueue("TopicA", "broker-a", 0)).getBrokerOffset());
        assertEquals(8, back.computeTotalDiff());
    }

    @Test
    void topicStatsTableBothWays() {
        TopicStatsTable t = new TopicStatsTable();
        TopicOffset off = new TopicOffset();
        off.setMinOffset(1);
        off.setMaxOffset(10);
        off.setLastUpdateTimestamp(1700000000000L);
        t.getOffsetTable().put(new MessageQueue("TopicA", "broker-a", 3), off);
        byte[] json = Json.toBytes(t);
        var o = official(json, org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable.class);
        var oo = o.getOffsetTable().get(new org.apache.rocketmq.common.message.MessageQueue("TopicA", "broker-a", 3));
        assertNotNull(oo, text(json));
        assertEquals(1, oo.getMinOffset());
        assertEquals(10, oo.getMaxOffset());
        assertEquals(1700000000000L, oo.getLastUpdateTimestamp());

        TopicStatsTable back = Json.parse(o.encode(), TopicStatsTable.class);
        assertEquals(off.getMaxOffset(),
                back.getOffsetTable().get(new MessageQueue("TopicA", "broker-a", 3)).getMaxOffset());
    }

    @Test
    void resetOffsetBodyBothWays() {
        ResetOffsetBody b = new ResetOffsetBody();
        b.getOffsetTable().put(new MessageQueue("T", "b", 2), 42L);
        var o = official(Json.toBytes(b), org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class);
        assertEquals(42L, o.getOffsetTable().get(new org.apache.rocketmq.common.message.MessageQueue("T", "b", 2)));
        ResetOffsetBody back = Json.parse(o.encode(), ResetOffsetBody.class);
        assertEquals(42L, back.getOffsetTable().get(new MessageQueue("T", "b", 2)));
    }

    // ---------------------------------------------------------------- lock bodies

    @Test
    void lockBodiesBothWays() {
        LockBatchRequestBody req = new LockBatchRequestBody();
        req.setClientId("cid");
        req.setConsumerGroup("CG");
        req.getMqSet().add(new MessageQueue("T", "b", 0));
        req.getMqSet().add(new MessageQueue("T", "b", 1));
        var o = official(Json.toBytes(req), org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody.class);
        assertEquals("cid", o.getClientId());
        assertEquals("CG", o.getConsumerGroup());
        assertEquals(2, o.getMqSet().size());
        assertTrue(o.getMqSet().contains(new org.apache.rocketmq.common.message.MessageQueue("T", "b", 1)));
        assertEquals(req, Json.parse(o.encode(), LockBatchRequestBody.class));

        var ou = new org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody();
        ou.setClientId("cid");
        ou.setConsumerGroup("CG");
        ou.setOnlyThisBroker(true);
        ou.getMqSet().add(new org.apache.rocketmq.common.message.MessageQueue("T", "b", 5));
        UnlockBatchRequestBody u = Json.parse(ou.encode(), UnlockBatchRequestBody.class);
        assertTrue(u.isOnlyThisBroker());
        assertEquals(Set.of(new MessageQueue("T", "b", 5)), u.getMqSet());

        LockBatchResponseBody resp = new LockBatchResponseBody();
        resp.getLockOKMQSet().add(new MessageQueue("T", "b", 7));
        byte[] json = Json.toBytes(resp);
        assertTrue(text(json).contains("\"lockOKMQSet\""), text(json));
        var or = official(json, org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody.class);
        assertEquals(Set.of(new org.apache.rocketmq.common.message.MessageQueue("T", "b", 7)), or.getLockOKMQSet());
    }

    // ---------------------------------------------------------------- SubscriptionGroupConfig

    @Test
    void subscriptionGroupConfigDefaultsAndBothWays() {
        var official = new org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig();
        official.setGroupName("CG");
        SubscriptionGroupConfig fromOfficial = Json.parse(RemotingSerializable.encode(official), SubscriptionGroupConfig.class);
        SubscriptionGroupConfig ours = new SubscriptionGroupConfig("CG");
        assertEquals(ours, fromOfficial, "our defaults equal the official defaults");

        ours.setRetryMaxTimes(3);
        ours.setConsumeBroadcastEnable(false);
        ours.setWhichBrokerWhenConsumeSlowly(2);
        var o = official(Json.toBytes(ours),
                org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig.class);
        assertEquals("CG", o.getGroupName());
        assertEquals(3, o.getRetryMaxTimes());
        assertFalse(o.isConsumeBroadcastEnable());
        assertEquals(2, o.getWhichBrokerWhenConsumeSlowly());
        assertEquals(1, o.getRetryQueueNums());
        assertEquals(15, o.getConsumeTimeoutMinute());
        assertEquals(org.apache.rocketmq.remoting.protocol.subscription.GroupRetryPolicyType.CUSTOMIZED,
                o.getGroupRetryPolicy().getType());
    }

    // ---------------------------------------------------------------- leniency

    @Test
    void parsingIgnoresUnknownFieldsAndAcceptsBothKeyForms() {
        String json = "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"a:1\",\"1\":\"b:2\"},\"brokerName\":\"x\","
                + "\"cluster\":\"c\",\"futureField\":[1,2]}],\"queueDatas\":[],\"somethingNew\":{\"k\":1}}";
        TopicRouteData r = Json.parse(json, TopicRouteData.class);
        assertEquals("a:1", r.getBrokerDatas().get(0).getBrokerAddrs().get(0L));
        assertEquals("b:2", r.getBrokerDatas().get(0).getBrokerAddrs().get(1L));
        assertNull(Json.parse(new byte[0], TopicRouteData.class));
        JsonBodyException e = assertThrows(JsonBodyException.class, () -> Json.parse("[1,", TopicRouteData.class));
        assertTrue(e.getMessage().contains("TopicRouteData"), e.getMessage());
    }
}
