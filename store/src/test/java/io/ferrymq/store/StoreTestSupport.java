package io.ferrymq.store;

import io.ferrymq.common.Clock;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageEncoder;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.PreparedMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

final class StoreTestSupport {
    static final InetSocketAddress BORN = new InetSocketAddress("10.0.0.5", 40001);
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    private StoreTestSupport() {
    }

    static MessageStoreConfig.Builder smallConfig(Path dir) {
        return MessageStoreConfig.builder().storePathRootDir(dir).mappedFileSizeCommitLog(4096)
            .mappedFileSizeConsumeQueue(20 * 16).maxMessageSize(2048).flushIntervalCommitLog(10)
            .flushIntervalConsumeQueue(50).cleanResourceInterval(3_600_000);
    }

    static FileMessageStore open(MessageStoreConfig cfg, Clock clock, DiskUsage disk) throws Exception {
        FileMessageStore s = new FileMessageStore(cfg, clock, disk, ZoneOffset.UTC);
        s.start();
        return s;
    }

    static FileMessageStore open(MessageStoreConfig cfg) throws Exception {
        return open(cfg, Clock.SYSTEM, p -> 0.1);
    }

    static String props(String tags, String keys, String uniq) {
        Map<String, String> p = new LinkedHashMap<>();
        if (tags != null) {
            p.put(MessageConst.PROPERTY_TAGS, tags);
        }
        if (keys != null) {
            p.put(MessageConst.PROPERTY_KEYS, keys);
        }
        if (uniq != null) {
            p.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniq);
        }
        return MessageProperties.encode(p);
    }

    static MessageToStore msg(String topic, int queueId, String body, String props) {
        return MessageToStore.of(topic, queueId, body.getBytes(StandardCharsets.UTF_8), props, 1234L, BORN,
            STORE_HOST);
    }

    static PutResult put(MessageStore s, MessageToStore m) {
        return s.put(m).join();
    }

    static void pollUntil(BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** One stored entry as a master replicates it: body "replicated", no properties, queue offset 0. */
    static ByteBuffer replicatedEntry(String topic, int queueId) {
        PreparedMessage m = PreparedMessage.builder().topic(topic).queueId(queueId)
            .body("replicated".getBytes(StandardCharsets.UTF_8)).properties("")
            .bornHost(BORN).storeHost(STORE_HOST).build();
        return ByteBuffer.wrap(MessageEncoder.encode(m, 0, 0, 1_700_000_000_000L));
    }
}
