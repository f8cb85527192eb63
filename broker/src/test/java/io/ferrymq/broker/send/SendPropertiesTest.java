package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.testing.FakeMessageStore;
import io.ferrymq.broker.timer.TimerAdmission;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.topic.TopicNames;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.store.MessageToStore;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A single send's properties are stored as the map path (decode, act, stamp, encode: what every single send did
 * before its fast path) stores them: the same map when decoded, each name once, only the order of the pairs free;
 * the same topic, queue, flags and answer. UNIQ_KEY is kept when the client sent a non-empty one, else generated,
 * and the producer is answered with the stored one.
 */
class SendPropertiesTest {
    private static final char NV = MessageProperties.NAME_VALUE_SEPARATOR;
    private static final char SEP = MessageProperties.PROPERTY_SEPARATOR;
    private static final String UNIQ_KEY = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
    private static final String STAMPED = pairs("CLUSTER", "C1", "MSG_REGION", "DefaultRegion", "TRACE_ON", "true");

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final RemotingChannel channel = RemotingChannel.detached(new EmbeddedChannel());
    private final BrokerConfig config = new BrokerConfig().brokerClusterName("C1").brokerName("broker-a");
    private SendMessageProcessor send;

    @BeforeEach
    void wire() throws Exception {
        TopicConfigTable topics = new TopicConfigTable(dir.resolve("topics.json"), clock);
        send = SendProcessors.of(config, topics, dir.resolve("groups.json"), new FakeMessageStore(), clock);
        send.timersWith(new TimerAdmission(config, clock)); // timer messages accepted: they go to the timer topic
        topics.put(TopicConfig.of("T", 4, Perm.READ_WRITE));
        topics.put(new TopicConfig("M", 4, 4, Perm.READ_WRITE, TopicConfig.MULTI_TAG, 0, false, Map.of()));
    }

    private static String pairs(String... nameValues) {
        return BatchRecordPropertiesTest.pairs(nameValues);
    }

    private static SendRequestHeader header(String topic, int queueId, int sysFlag, String properties,
                                            int reconsumeTimes, Integer maxReconsumeTimes) {
        return new SendRequestHeader("PG", topic, "TBW102", 4, queueId, sysFlag, 1_700_000_000_000L, 7, properties,
                reconsumeTimes, false, maxReconsumeTimes, false);
    }

    private static SendRequestHeader plain(String properties) {
        return header("T", 1, 0, properties, 0, null);
    }

    private SendMessageProcessor.Prepared prepare(SendRequestHeader h) {
        return send.prepare(channel, h, "body".getBytes(StandardCharsets.UTF_8));
    }

    private static String visible(String s) {
        return s.replace(NV, '=').replace(SEP, ';');
    }

    /** The 0x02-separated segments of an encoded string, the trailing 0x02 dropped, sorted. */
    private static List<String> sortedSegments(String s) {
        List<String> segments = new ArrayList<>(Arrays.asList(s.split(String.valueOf(SEP), -1)));
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        segments.sort(null);
        return segments;
    }

    /** {@code s} with the value of its UNIQ_KEY pair {@code key} written as "generated". */
    private static String generatedKeyHidden(String s, String key) {
        return s.replace(UNIQ_KEY + NV + key + SEP, UNIQ_KEY + NV + "generated" + SEP);
    }

    /** Prepares {@code h} by prepare() and by the map path and asserts they agree; returns prepare()'s. */
    private SendMessageProcessor.Prepared agree(SendRequestHeader h) {
        byte[] body = "body".getBytes(StandardCharsets.UTF_8);
        String why = visible(h.properties()) + " to " + h.topic() + " sysFlag " + h.sysFlag();
        SendMessageProcessor.Prepared fast = send.prepare(channel, h, body);
        SendMessageProcessor.Prepared map = send.prepareByMap(channel, h, body);
        assertEquals(map.rejection(), fast.rejection(), why);
        if (map.rejection() != null) {
            return fast;
        }
        MessageToStore f = fast.message();
        MessageToStore m = map.message();
        assertEquals(m.topic(), f.topic(), why);
        assertEquals(m.queueId(), f.queueId(), why); // so no negative queue id: the broker would pick at random
        assertEquals(m.flag(), f.flag(), why);
        assertEquals(m.body(), f.body(), why);
        assertEquals(m.sysFlag(), f.sysFlag(), why);
        assertEquals(m.bornTimestamp(), f.bornTimestamp(), why);
        assertEquals(m.bornHost(), f.bornHost(), why);
        assertEquals(m.storeHost(), f.storeHost(), why);
        assertEquals(m.reconsumeTimes(), f.reconsumeTimes(), why);
        assertEquals(map.consumerRetry(), fast.consumerRetry(), why);

        String sent = MessageProperties.decode(h.properties()).get(UNIQ_KEY);
        Map<String, String> fastProps = MessageProperties.decode(f.properties());
        Map<String, String> mapProps = MessageProperties.decode(m.properties());
        assertEquals(fast.uniqKey(), fastProps.get(UNIQ_KEY), "answered with the stored UNIQ_KEY: " + why);
        String fastStored = f.properties();
        String mapStored = m.properties();
        if (sent != null && !sent.isEmpty()) {
            assertEquals(sent, fast.uniqKey(), "the client's UNIQ_KEY kept: " + why);
            assertEquals(map.uniqKey(), fast.uniqKey(), why);
        } else {
            assertTrue(fast.uniqKey().matches("[0-9A-F]{32}"), "a UNIQ_KEY generated: " + why);
            assertNotEquals(map.uniqKey(), fast.uniqKey(), "each send its own key");
            fastProps.put(UNIQ_KEY, "generated");
            mapProps.put(UNIQ_KEY, "generated");
            fastStored = generatedKeyHidden(fastStored, fast.uniqKey());
            mapStored = generatedKeyHidden(mapStored, map.uniqKey());
        }
        assertEquals(mapProps, fastProps, why);
        assertEquals(sortedSegments(mapStored), sortedSegments(fastStored), "the same pairs, in any order: " + why);
        Set<String> names = new HashSet<>();
        for (String segment : sortedSegments(fastStored)) {
            int nv = segment.indexOf(NV);
            assertTrue(nv < 0 || names.add(segment.substring(0, nv)), "a name twice in " + visible(f.properties()));
        }
        return fast;
    }

    @Test
    void theOfficialClientsSendGetsTheBrokersPairsAppendedToItsOwnString() {
        String in = pairs("WAIT", "true", "UNIQ_KEY", "7F0000011A2B", "KEYS", "k1", "TAGS", "t");

        SendMessageProcessor.Prepared p = agree(plain(in));

        assertEquals(in + STAMPED, p.message().properties());
        assertEquals("7F0000011A2B", p.uniqKey());
        assertEquals("T", p.message().topic());
        assertEquals(1, p.message().queueId());
    }

    @Test
    void aSendWithoutUniqKeyOrWithAnEmptyOneGetsAGeneratedOne() {
        String in = pairs("TAGS", "t");
        SendMessageProcessor.Prepared absent = agree(plain(in));
        assertEquals(in + pairs(UNIQ_KEY, absent.uniqKey()) + STAMPED, absent.message().properties());

        SendMessageProcessor.Prepared noSeparator = agree(plain("TAGS" + NV + "t"));
        assertEquals(in + pairs(UNIQ_KEY, noSeparator.uniqKey()) + STAMPED, noSeparator.message().properties());

        SendMessageProcessor.Prepared empty = agree(plain(in + UNIQ_KEY + NV + SEP));
        assertTrue(empty.uniqKey().matches("[0-9A-F]{32}"));
        assertTrue(agree(plain("")).uniqKey().matches("[0-9A-F]{32}"));
    }

    @Test
    void theProducersOwnRegionAndTraceAndThisClusterAreKept() {
        String in = pairs("CLUSTER", "C1", "MSG_REGION", "R9", "TRACE_ON", "false", "UNIQ_KEY", "U");
        assertEquals(in, agree(plain(in)).message().properties());
    }

    @Test
    void transactionsTimersDelaysRetriesAndOtherClustersAreStoredAsBefore() {
        List<SendRequestHeader> sends = List.of(
                plain(pairs("TRAN_MSG", "true", "PGROUP", "PG", "UNIQ_KEY", "U")),
                plain(pairs("TRAN_MSG", "TRUE")), // no PGROUP: refused
                header("T", 0, MessageSysFlag.TRANSACTION_PREPARED_TYPE, pairs("PGROUP", "PG"), 0, null),
                header("T", 0, MessageSysFlag.TRANSACTION_PREPARED_TYPE, pairs("TAGS", "a"), 0, null),
                header("T", 0, MessageSysFlag.TRANSACTION_COMMIT_TYPE, pairs("DELAY", "2"), 0, null),
                header("T", 0, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, pairs("DELAY", "2"), 0, null),
                plain(pairs("TIMER_DELAY_SEC", "5")),
                plain(pairs("TIMER_DELIVER_MS", "1700000009000", "UNIQ_KEY", "U")),
                plain(pairs("TIMER_DELAY_MS", "x")),
                plain(pairs("TIMER_DELAY_MS", "5", "DELAY", "1")),
                plain(pairs("DELAY", "3")),
                plain(pairs("DELAY", " 99 ", "UNIQ_KEY", "U")),
                plain(pairs("DELAY", "0", "TRAN_MSG", "false")),
                header("%RETRY%G", 0, 0, pairs("DELAY", "3", "UNIQ_KEY", "U"), 1, null),
                header("%RETRY%G", 0, 0, pairs("DELAY", "3"), 17, null), // to the DLQ
                header("%RETRY%G", 0, 0, pairs("TAGS", "a"), 4, 3),
                plain(pairs("CLUSTER", "other", "UNIQ_KEY", "U")),
                plain(pairs("UNIQ_KEY", "U1", "UNIQ_KEY", "U2")),
                plain(pairs("TAGS", "a") + "junk" + SEP + SEP),
                header("M", 2, 0, pairs("TAGS", "a b"), 0, null));
        for (SendRequestHeader h : sends) {
            agree(h);
        }
        assertEquals("%DLQ%G", agree(sends.get(14)).message().topic());
        assertEquals(TopicNames.TIMER_TOPIC, agree(sends.get(6)).message().topic());
    }

    @Test
    void aRegionOrTraceChangedAtRunTimeIsStampedOnTheNextSend() {
        agree(plain(pairs("TAGS", "a")));
        Properties changes = new Properties();
        changes.setProperty("regionId", "R2");
        changes.setProperty("traceOn", "false");
        config.update(changes);

        Map<String, String> stored = MessageProperties.decode(agree(plain(pairs("TAGS", "a"))).message().properties());

        assertEquals("R2", stored.get("MSG_REGION"));
        assertEquals("false", stored.get("TRACE_ON"));
    }

    /**
     * Random sends, seeded: names drawn from the properties that choose the path and from random ones; values
     * random, empty ones included; with segments decode drops, names twice and no trailing separator.
     */
    @Test
    void randomSendsAreStoredAsTheMapPathStoresThem() {
        String[] special = {"UNIQ_KEY", "CLUSTER", "MSG_REGION", "TRACE_ON", "DELAY", "TRAN_MSG", "PGROUP",
            "TIMER_DELIVER_MS", "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "TAGS", "KEYS", "WAIT", ""};
        String[] values = {"", "C1", "C2", "DefaultRegion", "true", "false", "TRUE", "0", "3", " 2 ", "-1", "x",
            "a" + NV + "b", "7F00000100002A9F0000", "1700000005000"};
        String[] topics = {"T", "T", "T", "M", "%RETRY%G"};
        int[] sysFlags = {0, 0, 0, MessageSysFlag.TRANSACTION_PREPARED_TYPE, MessageSysFlag.TRANSACTION_COMMIT_TYPE,
            MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, MessageSysFlag.MULTI_TAGS_FLAG};
        Random random = new Random(20261204L);
        int storedAsSent = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(9);
            for (int j = 0; j < n; j++) {
                sb.append(random.nextInt(3) == 0 ? randomWord(random) : special[random.nextInt(special.length)]);
                if (random.nextInt(15) != 0) {
                    sb.append(NV);
                }
                sb.append(random.nextInt(4) == 0 ? randomWord(random) : values[random.nextInt(values.length)]);
                if (j < n - 1 || random.nextInt(4) != 0) {
                    sb.append(random.nextInt(25) == 0 ? SEP + "" + SEP : String.valueOf(SEP));
                }
            }
            String in = sb.toString();
            SendRequestHeader h = header(topics[random.nextInt(topics.length)], random.nextInt(4),
                    sysFlags[random.nextInt(sysFlags.length)], in, random.nextInt(20),
                    random.nextBoolean() ? null : random.nextInt(5));
            SendMessageProcessor.Prepared p = agree(h);
            if (p.message() != null && !in.isEmpty() && p.message().properties().startsWith(in)) {
                storedAsSent++;
            }
        }
        assertTrue(storedAsSent > 2_000, "the fast path was taken " + storedAsSent + " times: the test tests it");
    }

    private static String randomWord(Random random) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
        char[] word = new char[1 + random.nextInt(8)];
        for (int i = 0; i < word.length; i++) {
            word[i] = chars.charAt(random.nextInt(chars.length()));
        }
        return new String(word);
    }

    /** prepare() runs on I/O and send threads at once: each send is stored with its own properties. */
    @Test
    void concurrentSendsAreEachStoredWithTheirOwnProperties() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        String in = i % 2 == 0 ? pairs("TAGS", "t" + thread, "UNIQ_KEY", "U" + thread + "-" + i)
                                : pairs("KEYS", "k" + thread + "-" + i);
                        SendMessageProcessor.Prepared p = prepare(plain(in));
                        String expectedKey = i % 2 == 0 ? "U" + thread + "-" + i : p.uniqKey();
                        assertEquals(in + (i % 2 == 0 ? "" : pairs(UNIQ_KEY, expectedKey)) + STAMPED,
                                p.message().properties());
                        assertEquals(expectedKey,
                                MessageProperties.decode(p.message().properties()).get(UNIQ_KEY));
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(senders)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
