package io.ferrymq.broker.client;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Removes clients from the registries: at once when their connection closes (channel events, delivered on the
 * transport's event thread), and on the {@code client-housekeeping} thread when silent for longer than
 * {@code channelExpiredTimeout} (their channel is then closed too). The scan runs on a {@link DutyCycleWorker}
 * every quarter of the expiry time (0.1 to 10 s).
 */
public final class ClientHousekeeper implements ChannelEventListener {
    private static final Logger log = LoggerFactory.getLogger(ClientHousekeeper.class);

    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final LongSupplier expiryMillis;
    private final AtomicLong expiredCount = new AtomicLong();
    private final DutyCycleWorker scanner;

    public ClientHousekeeper(ConsumerRegistry consumers, ProducerRegistry producers, LongSupplier expiryMillis,
                             Clock clock, FaultRegistry faults) {
        this.consumers = consumers;
        this.producers = producers;
        this.expiryMillis = expiryMillis;
        long period = Math.max(100, Math.min(10_000, expiryMillis.getAsLong() / 4));
        this.scanner = DutyCycleWorker.periodic("client-housekeeping", clock, period, this::scan, faults);
    }

    public void start() {
        scanner.start();
    }

    public void shutdown() {
        scanner.close();
    }

    /** One expiry pass (tests call it directly). */
    public void scan() {
        long timeout = expiryMillis.getAsLong();
        List<ClientChannel> expired = consumers.expired(timeout);
        expired.addAll(producers.expired(timeout));
        for (ClientChannel c : expired) {
            log.warn("client {} silent for more than {} ms; removing it and closing its connection", c, timeout);
            expiredCount.incrementAndGet();
            consumers.removeChannel(c.channel());
            producers.removeChannel(c.channel());
            c.channel().close();
        }
    }

    public long expiredCount() {
        return expiredCount.get();
    }

    @Override
    public void onClose(RemotingChannel channel) {
        consumers.removeChannel(channel);
        producers.removeChannel(channel);
    }

    @Override
    public void onIdle(RemotingChannel channel) {
        onClose(channel);
    }

    @Override
    public void onException(RemotingChannel channel, Throwable cause) {
        onClose(channel);
    }
}
