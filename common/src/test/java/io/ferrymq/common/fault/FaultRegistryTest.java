package io.ferrymq.common.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.ManualClock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FaultRegistryTest {
    private final ManualClock clock = new ManualClock(1_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);

    @Test
    void countsEachFaultWithItsLastMessageAndTime() {
        faults.record("schedule.bad_real_queue_id", "topic T offset 1");
        clock.advance(5);
        faults.record("schedule.bad_real_queue_id", "topic T offset 2");

        FaultRegistry.Fault f = faults.snapshot().get(0);
        assertEquals("schedule.bad_real_queue_id", f.name());
        assertEquals(2, f.count());
        assertEquals("topic T offset 2", f.lastMessage());
        assertEquals(1_005L, f.lastTimeMillis());
        assertEquals(0, faults.count("never.seen"));
    }

    @Test
    void aFailingConditionMakesTheComponentUnhealthyUntilItRecovers() {
        assertTrue(faults.healthy());
        faults.failing("offsets.persist_failed", FaultRegistry.describe(new IOException("No space left")));
        assertFalse(faults.healthy());
        assertEquals("IOException: No space left", faults.failingConditions().get(0).lastMessage());
        assertEquals(1, faults.count("offsets.persist_failed"));

        faults.recovered("offsets.persist_failed");
        assertTrue(faults.healthy());
        assertEquals(1, faults.count("offsets.persist_failed"), "the count stays after recovery");
    }
}
