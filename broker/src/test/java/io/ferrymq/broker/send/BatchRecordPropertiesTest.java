package io.ferrymq.broker.send;

import io.ferrymq.broker.schedule.DelayLevelTransform;
import io.ferrymq.broker.timer.TimerMessages;
import io.ferrymq.broker.transaction.HalfMessages;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch record's properties are refused and stored exactly as the map path (decode, check, stamp, encode: what a
 * batch send did before) refuses and stores them: the same refusal, and a stored string made of the same pairs,
 * in any order, so it decodes to the same map and holds each name once.
 */
class BatchRecordPropertiesTest {
    private static final BrokerStamp STAMP = new BrokerStamp("C1", "DefaultRegion", "true");
    private static final char NV = MessageProperties.NAME_VALUE_SEPARATOR;
    private static final char SEP = MessageProperties.PROPERTY_SEPARATOR;

    /** Generated UNIQ_KEYs: K0, K1, ... so both paths draw the same keys in the same order. */
    private static Supplier<String> keys() {
        int[] next = {0};
        return () -> "K" + next[0]++;
    }

    /** The map path as SendMessageProcessor#sendBatch ran it for every record before the scan. */
    private static BatchRecordProperties.Outcome mapPath(String properties, BrokerStamp stamp, Supplier<String> keys) {
        Map<String, String> props = MessageProperties.decode(properties);
        if (DelayLevelTransform.delayLevel(props) > 0) {
            return new BatchRecordProperties.Outcome(null, "delay levels are not supported inside a batch");
        }
        if (TimerMessages.isTimer(props) || HalfMessages.isPrepared(props)) {
            return new BatchRecordProperties.Outcome(null,
                    "timer and transactional messages are not supported inside a batch; send them one by one");
        }
        String key = props.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (key == null || key.isEmpty()) {
            props.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, keys.get());
        }
        props.put(MessageConst.PROPERTY_CLUSTER, stamp.cluster());
        props.putIfAbsent(MessageConst.PROPERTY_MSG_REGION, stamp.region());
        props.putIfAbsent(MessageConst.PROPERTY_TRACE_SWITCH, stamp.traceOn());
        return new BatchRecordProperties.Outcome(MessageProperties.encode(props), null);
    }

    /** The pairs of an encoded string (0x02-separated segments), sorted: equal lists mean equal strings but order. */
    private static List<String> sortedSegments(String s) {
        List<String> segments = new ArrayList<>(Arrays.asList(s.split(String.valueOf(SEP), -1)));
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1); // the trailing 0x02 ends the last pair
        }
        segments.sort(null);
        return segments;
    }

    private static String visible(String s) {
        return s.replace(NV, '=').replace(SEP, ';');
    }

    /** Runs both paths on each of {@code inputs} (one batch each) and asserts they agree. */
    private static void agree(BrokerStamp stamp, List<String> inputs) {
        Supplier<String> oldKeys = keys();
        Supplier<String> newKeys = keys();
        BatchRecordProperties scanned = new BatchRecordProperties(stamp, newKeys);
        for (String in : inputs) {
            String why = visible(in) + " with " + stamp;
            BatchRecordProperties.Outcome expected = mapPath(in, stamp, oldKeys);
            BatchRecordProperties.Outcome actual = scanned.of(in);
            assertEquals(expected.refusal(), actual.refusal(), why);
            if (expected.refusal() != null) {
                assertNull(actual.properties(), why);
                continue;
            }
            assertEquals(MessageProperties.decode(expected.properties()),
                    MessageProperties.decode(actual.properties()), why);
            assertEquals(sortedSegments(expected.properties()), sortedSegments(actual.properties()), why);
            Set<String> names = new HashSet<>();
            for (String segment : sortedSegments(actual.properties())) {
                int nv = segment.indexOf(NV);
                assertTrue(nv < 0 || names.add(segment.substring(0, nv)),
                        "a name twice in " + visible(actual.properties()));
            }
        }
        assertEquals(oldKeys.get(), newKeys.get(), "both paths drew as many UNIQ_KEYs");
    }

    /** The encoded string of the pairs given as name, value, name, value, ... (duplicates kept, in order). */
    static String pairs(String... nameValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            MessageProperties.appendPair(sb, nameValues[i], nameValues[i + 1]);
        }
        return sb.toString();
    }

    @Test
    void theOfficialClientsRecordGetsTheBrokersPairsAppended() {
        String in = pairs("WAIT", "true", "UNIQ_KEY", "7F0000011A2B", "KEYS", "k1", "TAGS", "t");
        String stored = new BatchRecordProperties(STAMP, keys()).of(in).properties();
        assertEquals(in + pairs("CLUSTER", "C1", "MSG_REGION", "DefaultRegion", "TRACE_ON", "true"), stored);
        agree(STAMP, List.of(in));
    }

    @Test
    void aRecordWithoutUniqKeyGetsOne() {
        String stored = new BatchRecordProperties(STAMP, keys()).of(pairs("TAGS", "t")).properties();
        assertEquals("K0", MessageProperties.decode(stored).get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
    }

    @Test
    void refusalsAreTheMapPathsRefusals() {
        BatchRecordProperties scanned = new BatchRecordProperties(STAMP, keys());
        assertEquals(BatchRecordProperties.DELAY_REFUSAL, scanned.of(pairs("DELAY", " 2 ")).refusal());
        assertEquals(BatchRecordProperties.TIMER_OR_TRANSACTION_REFUSAL,
                scanned.of(pairs("TIMER_DELAY_SEC", "x")).refusal());
        assertEquals(BatchRecordProperties.TIMER_OR_TRANSACTION_REFUSAL,
                scanned.of(pairs("TRAN_MSG", "TRUE")).refusal());
        assertNull(scanned.of(pairs("DELAY", "0", "TRAN_MSG", "false")).refusal());
        assertNull(scanned.of("TIMER_DELAY_MS" + NV + SEP).refusal(), "an empty value is no property");
        agree(STAMP, List.of(pairs("DELAY", "3"), pairs("DELAY", "-1"), pairs("DELAY", "abc"), pairs("DELAY", "0"),
                pairs("DELAY", "3", "DELAY", "0"), pairs("DELAY", "0", "DELAY", "3"),
                pairs("DELAY", "3", "TRAN_MSG", "true"),
                pairs("TIMER_DELIVER_MS", "1"), pairs("TIMER_DELAY_SEC", "1"), pairs("TIMER_DELAY_MS", "1"),
                pairs("TRAN_MSG", "true"), pairs("TRAN_MSG", "True"), pairs("TRAN_MSG", "yes")));
    }

    @Test
    void stringsAnAppendedPairWouldSpoilTakeTheMapPath() {
        agree(STAMP, List.of(
                pairs("CLUSTER", "other", "UNIQ_KEY", "U"), // another cluster: replaced, not appended
                pairs("CLUSTER", "C1", "UNIQ_KEY", "U"), // this cluster: kept
                pairs("UNIQ_KEY", "U") + "UNIQ_KEY" + NV + SEP, // an empty UNIQ_KEY segment
                pairs("UNIQ_KEY", "U1", "UNIQ_KEY", "U2"), // a name twice
                pairs("MSG_REGION", "R", "TAGS", "a", "TAGS", "b"),
                pairs("TAGS", "a") + "junk" + SEP + SEP, // segments decode drops
                NV + "v" + SEP, "", SEP + "", "TAGS" + NV + "a", // no trailing 0x02
                pairs("MSG_REGION", "mine", "TRACE_ON", "false", "TAGS", "value" + NV + "with" + NV + "separators")));
    }

    @Test
    void nullAndEmptyStampValuesAreStoredAsTheMapPathStoresThem() {
        List<String> inputs = List.of("", pairs("TAGS", "a"), pairs("CLUSTER", "x"), pairs("CLUSTER", "C1"),
                pairs("MSG_REGION", "R", "TRACE_ON", "false"));
        agree(new BrokerStamp(null, null, "true"), inputs);
        agree(new BrokerStamp("", "", "false"), inputs);
        agree(new BrokerStamp("C1", null, "true"), inputs);
    }

    @Test
    void manyPairsTakeTheMapPath() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            MessageProperties.appendPair(sb, "p" + i, "v");
        }
        agree(STAMP, List.of(sb.toString(), sb + pairs("p7", "again")));
    }

    /** Random records from the names and values that matter, with stray, missing and doubled separators. */
    @Test
    void randomRecordsAreStoredAsTheMapPathStoresThem() {
        String[] names = {"UNIQ_KEY", "CLUSTER", "MSG_REGION", "TRACE_ON", "DELAY", "TRAN_MSG", "TIMER_DELIVER_MS",
            "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "TAGS", "KEYS", "WAIT", "", "A", "UNIQ", "CLUSTER2"};
        String[] values = {"", "C1", "C2", "DefaultRegion", "true", "false", "TRUE", "0", "3", " 2 ", "-1", "x",
            "a" + NV + "b", "7F00000100002A9F0000"};
        Random random = new Random(42L);
        BrokerStamp[] stamps = {STAMP, new BrokerStamp("C2", "R", "false"), new BrokerStamp(null, null, "true")};
        for (int batch = 0; batch < 500; batch++) {
            List<String> records = new ArrayList<>();
            for (int r = 0; r < 32; r++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    sb.append(names[random.nextInt(names.length)]);
                    if (random.nextInt(12) != 0) {
                        sb.append(NV);
                    }
                    sb.append(values[random.nextInt(values.length)]);
                    if (i < n - 1 || random.nextInt(4) != 0) {
                        sb.append(random.nextInt(20) == 0 ? SEP + "" + SEP : String.valueOf(SEP));
                    }
                }
                records.add(sb.toString());
            }
            agree(stamps[batch % stamps.length], records);
        }
    }
}
