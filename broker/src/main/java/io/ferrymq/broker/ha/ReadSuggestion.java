package io.ferrymq.broker.ha;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.message.MessageLayout;
import io.ferrymq.store.GetResult;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * suggestWhichBrokerId of a pull answer (docs/protocol.md 5.7). A consumer reading further behind the commit log's end
 * than {@code accessMessageInMemoryMaxRatio} % of physical memory is sent to the group's
 * {@code whichBrokerWhenConsumeSlowly} (default 1, a slave), so its catch-up reads do not evict the master's page
 * cache; otherwise to the group's {@code brokerId} (default 0, the master). A slave answers the same way, which
 * sends a consumer that has caught up back to the master while the master is alive (when the master is gone
 * the client falls back to the slave by itself). Stateless; any thread.
 */
public final class ReadSuggestion {
    private final BrokerConfig config;
    private final LongSupplier commitLogMaxOffset;
    private final long physicalMemory;

    public ReadSuggestion(BrokerConfig config, LongSupplier commitLogMaxOffset) {
        this(config, commitLogMaxOffset, physicalMemoryBytes());
    }

    ReadSuggestion(BrokerConfig config, LongSupplier commitLogMaxOffset, long physicalMemory) {
        this.config = config;
        this.commitLogMaxOffset = commitLogMaxOffset;
        this.physicalMemory = physicalMemory;
    }

    /** The broker id to suggest for a pull by {@code group} (null: defaults) that read {@code result}. */
    public long suggest(SubscriptionGroupConfig group, GetResult result) {
        long normal = group == null ? 0 : group.brokerId();
        long slow = group == null ? 1 : group.whichBrokerWhenConsumeSlowly();
        if (!config.slaveReadEnable() || result == null || result.messages().isEmpty()) {
            return normal;
        }
        ByteBuffer first = result.messages().get(0);
        if (first.remaining() < MessageLayout.PHYSICAL_OFFSET_OFFSET + 8) {
            return normal;
        }
        long physical = first.getLong(first.position() + MessageLayout.PHYSICAL_OFFSET_OFFSET);
        long behind = commitLogMaxOffset.getAsLong() - physical;
        return lagging(behind, physicalMemory, config.accessMessageInMemoryMaxRatio()) ? slow : normal;
    }

    /**
     * Whether the message at {@code commitLogOffset} is still "in memory" by RocketMQ's rule: within the last
     * {@code accessMessageInMemoryMaxRatio} % of physical memory worth of commit log.
     */
    public boolean inMemory(long commitLogOffset) {
        return !lagging(commitLogMaxOffset.getAsLong() - commitLogOffset, physicalMemory,
                config.accessMessageInMemoryMaxRatio());
    }

    /** Whether reading {@code behindBytes} before the log's end exceeds {@code ratioPercent} % of memory. */
    static boolean lagging(long behindBytes, long memoryBytes, int ratioPercent) {
        return behindBytes > memoryBytes / 100 * ratioPercent;
    }

    static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }
}
