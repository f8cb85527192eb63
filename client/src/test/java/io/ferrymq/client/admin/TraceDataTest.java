package io.ferrymq.client.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RocketMQ's trace data format as the official client 5.3.3 writes it (fields char 1, records char 2). */
class TraceDataTest {
    private static String rec(Object... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            sb.append(fields[i]).append(i == fields.length - 1 ? TraceData.RECORD_SEPARATOR : TraceData.FIELD_SEPARATOR);
        }
        return sb.toString();
    }

    @Test
    void decodesASendRecord() {
        List<TraceRecord> rs = TraceData.decode(rec("Pub", 1700000000000L, "DefaultRegion", "PG", "TopicA", "MSG1",
                "TagA", "k1", "127.0.0.1:10911", 11, 3, 0, "OFFSETID", true), "10.0.0.5:4444");
        assertEquals(1, rs.size());
        TraceRecord r = rs.get(0);
        assertEquals(TraceRecord.Type.PUB, r.type());
        assertEquals(1700000000000L, r.timestamp());
        assertEquals("PG", r.group());
        assertEquals("TopicA", r.topic());
        assertEquals("MSG1", r.msgId());
        assertEquals("TagA", r.tags());
        assertEquals("127.0.0.1:10911", r.storeHost());
        assertEquals(11, r.bodyLength());
        assertEquals(3, r.costMillis());
        assertEquals("Normal_Msg", r.messageType());
        assertEquals("OFFSETID", r.offsetMsgId());
        assertTrue(r.success());
        assertEquals("10.0.0.5:4444", r.clientHost());
    }

    @Test
    void decodesTheOlderThirteenFieldSendRecordWithoutOffsetId() {
        TraceRecord r = TraceData.decode(rec("Pub", 1L, "R", "PG", "T", "M", "", "", "h:1", 1, 1, 3, false), null)
                .get(0);
        assertNull(r.offsetMsgId());
        assertFalse(r.success());
        assertEquals("Delay_Msg", r.messageType());
    }

    @Test
    void decodesConsumeRecordsOfABatch() {
        String body = rec("SubBefore", 1700000000100L, "R", "CG", "REQ1", "MSG1", 0, "k1")
                + rec("SubBefore", 1700000000100L, "R", "CG", "REQ1", "MSG2", 2, "")
                + rec("SubAfter", "REQ1", "MSG1", 12, true, "k1", 0, 1700000000112L)
                + rec("SubAfter", "REQ1", "MSG2", 12, false, "", 4, 1700000000112L);
        List<TraceRecord> rs = TraceData.decode(body, "c:1");
        assertEquals(4, rs.size());
        assertEquals("CG", rs.get(0).group());
        assertEquals("REQ1", rs.get(0).requestId());
        assertEquals(2, rs.get(1).retryTimes());
        TraceRecord after = rs.get(2);
        assertEquals(TraceRecord.Type.SUB_AFTER, after.type());
        assertEquals(12, after.costMillis());
        assertTrue(after.success());
        assertEquals("SUCCESS", after.consumeResult());
        assertEquals(1700000000112L, after.timestamp());
        assertEquals("FAILED", rs.get(3).consumeResult());
    }

    @Test
    void decodesAnOldSubAfterWithoutResultAndTime() {
        TraceRecord r = TraceData.decode(rec("SubAfter", "REQ", "M", 5, true, "k"), null).get(0);
        assertEquals(-1, r.timestamp());
        assertNull(r.consumeResult());
    }

    @Test
    void decodesAnEndTransactionRecord() {
        TraceRecord r = TraceData.decode(rec("EndTransaction", 5L, "R", "TXG", "T", "M", "tag", "k", "h:1", 1,
                "TXID", "COMMIT_MESSAGE", false), null).get(0);
        assertEquals(TraceRecord.Type.END_TRANSACTION, r.type());
        assertEquals("COMMIT_MESSAGE", r.transactionState());
        assertEquals("Trans_Msg_Half", r.messageType());
    }

    @Test
    void aBodyThatIsNotTraceDataIsRefusedNamingTheRecord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceData.decode("hello world", null));
        assertTrue(e.getMessage().contains("unknown record type 'hello world'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TraceData.decode(rec("Pub", "x"), null));
        assertTrue(e.getMessage().contains("Pub needs at least 13 fields"), e.getMessage());
    }
}
