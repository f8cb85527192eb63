package io.ferrymq.broker.client;

import io.ferrymq.common.NamedThreads;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sends NOTIFY_CONSUMER_IDS_CHANGED (oneway, header {@code consumerGroup}) to every member of a clustering group
 * whose membership or subscriptions changed, so clients rebalance at once instead of within 20 s. Runs on its
 * own {@code consumer-ids-notifier} thread so heartbeat and close handling never wait on a socket.
 */
public final class ConsumerIdsChangeNotifier {
    private static final Logger log = LoggerFactory.getLogger(ConsumerIdsChangeNotifier.class);

    private final BooleanSupplier enabled;
    private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(10_000), NamedThreads.factory("consumer-ids-notifier"));

    public ConsumerIdsChangeNotifier(BooleanSupplier enabled) {
        this.enabled = enabled;
    }

    /** Schedules notifications to the group's current members. */
    public void groupChanged(ConsumerGroup group) {
        if (!enabled.getAsBoolean() || group.isBroadcasting()) {
            return;
        }
        try {
            executor.execute(() -> notifyMembers(group));
        } catch (RejectedExecutionException e) {
            log.warn("dropping consumer-ids-changed notification for group {}: notifier shut down or saturated",
                    group.name());
        }
    }

    private void notifyMembers(ConsumerGroup group) {
        for (ClientChannel c : group.members()) {
            if (!c.channel().isActive()) {
                continue;
            }
            RemotingCommand req = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                    .putExt("consumerGroup", group.name());
            try {
                c.channel().invokeOneway(req, 3000);
            } catch (Exception e) {
                log.debug("cannot notify {} of a change in group {}: {}", c, group.name(), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public void shutdown() {
        executor.shutdownNow();
    }
}
