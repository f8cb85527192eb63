package io.ferrymq.broker.ha;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.message.MessageLayout;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadSuggestionTest {
    private static GetResult foundAt(long physicalOffset) {
        ByteBuffer msg = ByteBuffer.allocate(100);
        msg.putLong(MessageLayout.PHYSICAL_OFFSET_OFFSET, physicalOffset);
        return new GetResult(GetStatus.FOUND, 1, 0, 1, List.of(msg), List.of(0L), 100);
    }

    @Test
    void laggingIsMoreThanTheRatioOfMemory() {
        assertFalse(ReadSuggestion.lagging(40, 100, 40));
        assertTrue(ReadSuggestion.lagging(41 * 1000, 100_000, 40));
        assertTrue(ReadSuggestion.lagging(1, 1L << 34, 0));
        assertFalse(ReadSuggestion.lagging(0, 1L << 34, 0));
    }

    @Test
    void slowConsumerIsSentToTheGroupsSlowBroker() {
        BrokerConfig config = new BrokerConfig().accessMessageInMemoryMaxRatio(40);
        ReadSuggestion s = new ReadSuggestion(config, () -> 1_000_000L, 1_000_000L);
        SubscriptionGroupConfig g = new SubscriptionGroupConfig("G", true, true, true, false, 1, 16, 0, 2, true, 0,
                15, Map.of());
        assertEquals(0, s.suggest(g, foundAt(900_000)));
        assertEquals(2, s.suggest(g, foundAt(100_000)));
        assertEquals(1, s.suggest(null, foundAt(100_000)));
        assertEquals(0, s.suggest(g, new GetResult(GetStatus.OFFSET_OVERFLOW_ONE, 1, 0, 1, List.of(), List.of(), 0)));

        // RocketMQ's slaveReadEnable=false: a lagging consumer still reads from the master.
        config.slaveReadEnable(false);
        assertEquals(0, s.suggest(g, foundAt(100_000)));
        assertEquals(0, s.suggest(null, foundAt(100_000)));
    }
}
