package io.ferrymq.broker.admin;

import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.store.FileMessageStore;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET_BROKER_RUNTIME_INFO reports every fault counter and whether the broker is healthy. */
class RuntimeInfoTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private MessageStore store;
    private RuntimeInfo info;

    @BeforeEach
    void open() throws Exception {
        store = new FileMessageStore(MessageStoreConfig.builder().storePathRootDir(dir)
                .mappedFileSizeCommitLog(1 << 20).mappedFileSizeConsumeQueue(20 * 1000).maxMessageSize(64 * 1024)
                .build());
        store.start();
        RuntimeInfo.QueueGauge empty = new RuntimeInfo.QueueGauge(() -> 0, 10);
        info = new RuntimeInfo(new BrokerStats(clock), store, empty, empty, empty, faults);
    }

    @AfterEach
    void close() {
        store.shutdown();
    }

    @Test
    void aBrokerWithoutFaultsIsHealthy() {
        Map<String, String> m = info.snapshot();
        assertEquals("true", m.get("healthy"));
        assertEquals("", m.get("failingConditions"));
    }

    @Test
    void everyFaultCounterIsReportedWithItsLastMessage() {
        faults.record("schedule.bad_real_queue_id", "REAL_QID 'x' at offset 3");
        faults.record("schedule.bad_real_queue_id", "REAL_QID 'y' at offset 4");
        Map<String, String> m = info.snapshot();
        assertEquals("2", m.get("fault.schedule.bad_real_queue_id"));
        assertEquals("REAL_QID 'y' at offset 4", m.get("fault.schedule.bad_real_queue_id.lastMessage"));
        assertEquals("1700000000000", m.get("fault.schedule.bad_real_queue_id.lastTimeMillis"));
        assertEquals("true", m.get("healthy"), "a counted fault alone does not make the broker unhealthy");
    }

    @Test
    void aFailingConditionMakesTheBrokerUnhealthyUntilItRecovers() {
        faults.failing(ConsumerOffsetTable.FAULT_PERSIST, "cannot write consumerOffsets.json");
        Map<String, String> m = info.snapshot();
        assertEquals("false", m.get("healthy"));
        assertEquals(ConsumerOffsetTable.FAULT_PERSIST, m.get("failingConditions"));

        faults.recovered(ConsumerOffsetTable.FAULT_PERSIST);
        m = info.snapshot();
        assertEquals("true", m.get("healthy"));
        assertEquals("1", m.get("fault." + ConsumerOffsetTable.FAULT_PERSIST), "the count stays");
    }
}
