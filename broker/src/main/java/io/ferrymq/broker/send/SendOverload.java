package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.common.Clock;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;

import java.util.concurrent.TimeUnit;

/**
 * Decides when the broker is too busy to take a send, for both threads that process sends (the network I/O thread
 * with {@code sendMessageOnIoThread}, the send executor otherwise), so overload looks the same to a producer
 * whichever thread had its send: SYSTEM_BUSY, which the official client retries on another broker, with Apache
 * RocketMQ's remark tags. A refusal is returned by the processor, so it leaves through the normal answer path and
 * is counted in {@code ferrymq_rejections_total{code="SYSTEM_BUSY"}} and {@code systemBusyRejections}.
 * <ul>
 *   <li>{@value #PC_SYNCHRONIZED}: the store's appender has held the append lock longer than
 *       {@link MessageStore#APPEND_LOCK_TIMEOUT_MILLIS} (RocketMQ's {@code isOSPageCacheBusy}). A put now would
 *       wait for the lock until it gave up with OS_PAGE_CACHE_BUSY, holding its thread meanwhile, so the send is
 *       refused at once instead.</li>
 *   <li>{@value #TIMEOUT_CLEAN_QUEUE}: the send arrived longer than {@code waitTimeMillisInSendQueue} ago, i.e. it
 *       queued behind others; refused before any work so its producer retries elsewhere before its own timeout.</li>
 *   <li>What the I/O thread may append itself ({@link #ioThreadMayAppend}): not while an append has held the lock
 *       for over {@link #IO_THREAD_PATIENCE_NANOS} or is doing file I/O under it, since every connection of that
 *       I/O thread would wait with it. Such sends go to the executor, whose bounded queue answers [OVERLOAD] when
 *       full.</li>
 * </ul>
 * The store's probe is a snapshot: the appender may stall right after a send was let through, so the store's own
 * lock timeout stays the backstop. Thread-safe and lock-free: reads the probe, the clock and the config.
 */
public final class SendOverload {
    public static final String PC_SYNCHRONIZED = "[PC_SYNCHRONIZED]";
    public static final String TIMEOUT_CLEAN_QUEUE = "[TIMEOUT_CLEAN_QUEUE]";
    /**
     * Longest an append may have held the lock for the I/O thread still to queue behind it. An append holds it for
     * microseconds; one that has held it for a millisecond is waiting on the disk or was descheduled, and the I/O
     * thread must not bet its other connections on it finishing soon.
     */
    static final long IO_THREAD_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BUSY_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(MessageStore.APPEND_LOCK_TIMEOUT_MILLIS);

    private final BrokerConfig config;
    private final MessageStore store;
    private final Clock clock;

    /**
     * @param clock the time source of the requests' arrival stamps ({@link RemotingCommand#arrivalNanos()}):
     *              {@link Clock#SYSTEM} behind a real server, whatever clock the rest of the broker runs on
     */
    public SendOverload(BrokerConfig config, MessageStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Whether the network I/O thread may process a send now without waiting behind a slow append. True also
     * when the appender is past its busy limit: {@link #refusal} then answers on the spot, queueing nothing.
     */
    public boolean ioThreadMayAppend() {
        long busy = store.appendBusyNanos();
        return busy > BUSY_LIMIT_NANOS || busy <= IO_THREAD_PATIENCE_NANOS && !store.appendDoingFileIo();
    }

    /** The SYSTEM_BUSY answer to send instead of processing {@code request}, or null to process it. */
    public RemotingCommand refusal(RemotingCommand request) {
        long busy = store.appendBusyNanos();
        if (busy > BUSY_LIMIT_NANOS) {
            return RemotingCommand.response(ResponseCode.SYSTEM_BUSY, PC_SYNCHRONIZED + " broker "
                    + config.brokerName() + " busy: its store's appender has been busy for "
                    + TimeUnit.NANOSECONDS.toMillis(busy) + " ms (over " + MessageStore.APPEND_LOCK_TIMEOUT_MILLIS
                    + " ms: slow disk or page-cache pressure); try another broker");
        }
        long limitMillis = config.waitTimeMillisInSendQueue();
        long arrived = request.arrivalNanos();
        if (limitMillis > 0 && arrived != 0) {
            long waited = clock.nanoTime() - arrived;
            if (waited > TimeUnit.MILLISECONDS.toNanos(limitMillis)) {
                return RemotingCommand.response(ResponseCode.SYSTEM_BUSY, TIMEOUT_CLEAN_QUEUE + " broker "
                        + config.brokerName() + " busy: the send waited " + TimeUnit.NANOSECONDS.toMillis(waited)
                        + " ms before processing (waitTimeMillisInSendQueue " + limitMillis
                        + "); try another broker");
            }
        }
        return null;
    }
}
