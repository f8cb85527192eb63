package io.ferrymq.broker.admin;

import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.StoreStats;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The GET_BROKER_RUNTIME_INFO table: the keys {@code mqadmin clusterList} reads (docs/protocol.md 2.9) and the store's
 * figures (section 7). All values are decimal strings.
 *
 * <p>It also reports the broker's {@link FaultRegistry}: {@code healthy} ({@code false} while any condition is
 * failing), {@code failingConditions} (their names, comma-separated) and, per recorded fault,
 * {@code fault.<name>} (the count), {@code fault.<name>.lastMessage} and {@code fault.<name>.lastTimeMillis}.
 * {@code mqadmin brokerStatus} prints them all.
 */
public final class RuntimeInfo {
    /** A bounded executor's current queue size and capacity. */
    public record QueueGauge(IntSupplier size, int capacity) {
    }

    private final BrokerStats stats;
    private final MessageStore store;
    private final QueueGauge send;
    private final QueueGauge pull;
    private final QueueGauge admin;
    private final FaultRegistry faults;
    /** Extra figures (replication lag, issue 6); empty by default. */
    private volatile Supplier<Map<String, String>> extra = Map::of;

    public RuntimeInfo(BrokerStats stats, MessageStore store, QueueGauge send, QueueGauge pull, QueueGauge admin,
                       FaultRegistry faults) {
        this.faults = faults;
        this.stats = stats;
        this.store = store;
        this.send = send;
        this.pull = pull;
        this.admin = admin;
    }

    /** Adds figures from another component (replication lag, issue 6) to every snapshot. */
    public void addFigures(Supplier<Map<String, String>> figures) {
        Supplier<Map<String, String>> before = this.extra;
        this.extra = () -> {
            Map<String, String> all = new java.util.LinkedHashMap<>(before.get());
            all.putAll(figures.get());
            return all;
        };
    }

    public Map<String, String> snapshot() {
        StoreStats s = store.stats();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("brokerVersionDesc", "V5_3_3");
        m.put("brokerVersion", "479");
        m.put("brokerActive", "true");
        long put = stats.putMessages();
        long get = stats.getTransferred();
        m.put("msgPutTotalYesterdayMorning", "0");
        m.put("msgPutTotalTodayMorning", "0");
        m.put("msgPutTotalTodayNow", Long.toString(put));
        m.put("msgGetTotalYesterdayMorning", "0");
        m.put("msgGetTotalTodayMorning", "0");
        m.put("msgGetTotalTodayNow", Long.toString(get));
        m.put("putTps", tps(stats.putTps()));
        double[] transferred = stats.getTransferredTps();
        double[] found = stats.getFoundTps();
        double[] miss = stats.getMissTps();
        m.put("getTransferredTps", tps(transferred));
        m.put("getFoundTps", tps(found));
        m.put("getMissTps", tps(miss));
        m.put("getTotalTps", tps(new double[] {found[0] + miss[0], found[1] + miss[1], found[2] + miss[2]}));
        m.put("sendThreadPoolQueueSize", Integer.toString(send.size().getAsInt()));
        m.put("sendThreadPoolQueueCapacity", Integer.toString(send.capacity()));
        m.put("pullThreadPoolQueueSize", Integer.toString(pull.size().getAsInt()));
        m.put("pullThreadPoolQueueCapacity", Integer.toString(pull.capacity()));
        m.put("queryThreadPoolQueueSize", Integer.toString(admin.size().getAsInt()));
        m.put("queryThreadPoolQueueCapacity", Integer.toString(admin.capacity()));
        m.put("sendThreadPoolQueueHeadWaitTimeMills", "0");
        m.put("pullThreadPoolQueueHeadWaitTimeMills", "0");
        m.put("queryThreadPoolQueueHeadWaitTimeMills", "0");
        m.put("pageCacheLockTimeMills", "0");
        m.put("earliestMessageTimeStamp", Long.toString(earliestMessageTime(s.commitLogMinOffset(),
                s.commitLogMaxOffset())));
        m.put("commitLogDiskRatio", Double.toString(s.diskUsedRatio()));
        m.put("consumeQueueDiskRatio", Double.toString(s.diskUsedRatio()));
        m.put("commitLogMinOffset", Long.toString(s.commitLogMinOffset()));
        m.put("commitLogMaxOffset", Long.toString(s.commitLogMaxOffset()));
        m.put("dispatchBehindBytes", Long.toString(s.dispatchBehindBytes()));
        m.put("bootTimestamp", Long.toString(stats.bootTimestamp()));
        m.put("runtime", runtime(System.currentTimeMillis() - stats.bootTimestamp()));
        m.put("putMessageEntireTimeMax", "0");
        m.put("putMessageTimesTotal", Long.toString(s.putMessageCount()));
        m.put("putMessageFailedTimes", Long.toString(s.putFailures()));
        m.put("putMessageSizeTotal", Long.toString(s.putBytes()));
        m.put("putMessageAverageSize", s.putMessageCount() == 0 ? "0.0"
                : Double.toString((double) s.putBytes() / s.putMessageCount()));
        m.put("getMessageEntireTimeMax", "0");
        m.put("timerReadBehind", "0");
        m.put("timerOffsetBehind", "0");
        m.put("timerCongestNum", "0");
        m.put("timerEnqueueTps", "0.0");
        m.put("timerDequeueTps", "0.0");
        // Store health and retention: deleting messages a subscribed group has not consumed is never silent.
        m.put("storeUnconsumedMessagesDeleted", Long.toString(s.unconsumedMessagesDeleted()));
        m.put("storeDeletedSegments", Long.toString(s.deletedSegments()));
        m.put("storeDiskFull", Boolean.toString(s.diskFull()));
        m.put("storeFlushTimeouts", Long.toString(s.flushTimeouts()));
        m.put("storeBackgroundErrors", Long.toString(s.backgroundErrors()));
        // The console's system-busy alert reads this (the same counter as ferrymq_rejections_total{code=SYSTEM_BUSY}).
        m.put("systemBusyRejections", Long.toString(stats.systemBusyRejections()));
        m.putAll(extra.get());
        putFaults(m);
        return m;
    }

    private void putFaults(Map<String, String> m) {
        m.put("healthy", Boolean.toString(faults.healthy()));
        StringBuilder failing = new StringBuilder();
        for (FaultRegistry.Fault f : faults.failingConditions()) {
            failing.append(failing.isEmpty() ? "" : ",").append(f.name());
        }
        m.put("failingConditions", failing.toString());
        for (FaultRegistry.Fault f : faults.snapshot()) {
            m.put("fault." + f.name(), Long.toString(f.count()));
            m.put("fault." + f.name() + ".lastMessage", f.lastMessage());
            m.put("fault." + f.name() + ".lastTimeMillis", Long.toString(f.lastTimeMillis()));
        }
    }

    private long earliestMessageTime(long min, long max) {
        if (max <= min) {
            return 0;
        }
        ByteBuffer b = store.messageAt(min);
        if (b == null) {
            return 0;
        }
        DecodedMessage d = MessageDecoder.decode(b.duplicate());
        return d == null ? 0 : d.storeTimestamp();
    }

    /** RocketMQ's "10s 60s 600s" rate triple. */
    private static String tps(double[] v) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", v[0], v[1], v[2]);
    }

    private static String runtime(long millis) {
        long secs = millis / 1000;
        return "[ " + secs / 86400 + " days, " + (secs / 3600) % 24 + " hours, " + (secs / 60) % 60 + " minutes, "
                + secs % 60 + " seconds ]";
    }
}
