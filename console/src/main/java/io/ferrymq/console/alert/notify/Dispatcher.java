package io.ferrymq.console.alert.notify;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.Duty;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.console.alert.AlertEvaluator;
import io.ferrymq.console.alert.AlertEvent;
import io.ferrymq.console.alert.AlertHistory;
import io.ferrymq.console.alert.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Delivers notifications to every channel on its own worker ({@code console-alert-notify}), so a slow SMTP server
 * never delays evaluation: each (notification, channel) pair is tried, and on failure retried after a backoff that
 * doubles up to a ceiling, until it is delivered or its attempts run out. Every failed attempt is counted per
 * channel (shown in the UI with the last error), a give-up is recorded in the alert history and as a fault
 * ({@code alert.notify_failed}): never silently lost. The worker's thread owns the outbox; other threads hand it
 * notifications with {@link #submit}. Tests leave the worker stopped and call {@link #step()}.
 *
 * <p>Notifications not yet delivered are kept in {@code <dataDir>/alerts/outbox.json} ({@link OutboxFile}),
 * rewritten whenever the outbox changes and at {@link #close()}; {@link #restore()} queues them again after a
 * restart with the attempts they had, so a stop or crash never drops a notification silently. One whose channel is
 * no longer configured is given up and recorded as such.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final List<Channel> channels;
    private final Clock clock;
    private final AlertHistory history;
    private final FaultRegistry faults;
    private final int attempts;
    private final long backoffMillis;
    private final long maxBackoffMillis;
    private final Queue<Notification> inbox = new ConcurrentLinkedQueue<>();
    private final List<Delivery> outbox = new ArrayList<>();
    private final OutboxFile outboxFile;
    private boolean outboxChanged;
    private final Map<String, Counters> counters = new LinkedHashMap<>();
    private final DutyCycleWorker worker;

    private static final class Delivery {
        final Notification notification;
        final Channel channel;
        int attempts;
        long dueMillis;

        Delivery(Notification n, Channel c, long due) {
            this.notification = n;
            this.channel = c;
            this.dueMillis = due;
        }
    }

    /** Written by the worker thread, read by HTTP threads (fields volatile; each written by one thread). */
    private static final class Counters {
        volatile long delivered;
        volatile long failedAttempts;
        volatile long givenUp;
        volatile int waiting;
        volatile String lastError = "";
        volatile long lastErrorAt;
        volatile long lastDeliveredAt;
    }

    public Dispatcher(List<Channel> channels, Clock clock, AlertHistory history, FaultRegistry faults, int attempts,
                      long backoffMillis, long maxBackoffMillis, Path dataDir) {
        this.outboxFile = new OutboxFile(dataDir);
        this.channels = List.copyOf(channels);
        this.clock = clock;
        this.history = history;
        this.faults = faults;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        channels.forEach(c -> counters.put(c.name(), new Counters()));
        this.worker = new DutyCycleWorker("console-alert-notify", new Duty() {
            @Override
            public int doWork() {
                return deliverDue();
            }

            @Override
            public long millisUntilNextRound() {
                return untilNextDue();
            }
        }, 1000, faults);
    }

    public Dispatcher start() {
        worker.start();
        return this;
    }

    /**
     * Queues again the notifications that were waiting when the console last stopped; call once before
     * {@link #start()} (and after the alert history was restored, since give-ups are recorded in it).
     */
    public synchronized void restore() {
        List<OutboxFile.Entry> saved;
        try {
            saved = outboxFile.load(clock.currentTimeMillis());
        } catch (IOException e) {
            faults.record("alert.notify_failed", e.getMessage());
            log.error("{}", e.getMessage());
            return;
        }
        long now = clock.monotonicMillis();
        for (OutboxFile.Entry e : saved) {
            Channel c = channels.stream().filter(x -> x.name().equals(e.channel())).findFirst().orElse(null);
            if (c == null) {
                String why = "channel " + e.channel() + " is no longer configured";
                faults.record("alert.notify_failed", why);
                history.add(clock.currentTimeMillis(), "NOTIFY_FAILED", 0, describe(e.notification()), e.channel(),
                        "waiting at the last stop, given up: " + why);
                outboxChanged = true;
                continue;
            }
            Delivery d = new Delivery(e.notification(), c, now);
            d.attempts = e.attempts();
            outbox.add(d);
        }
        if (!saved.isEmpty()) {
            log.info("{} notification deliveries waiting at the last stop are queued again ({} kept)", saved.size(),
                    outbox.size());
        }
        updateWaiting();
        saveIfChanged();
    }

    /** Queues {@code n} for every channel; any thread. */
    public void submit(Notification n) {
        inbox.add(n);
        worker.wakeup();
    }

    /** Moves submitted notifications into the outbox, one delivery per channel (with the outbox's lock). */
    private void takeSubmitted() {
        long now = clock.monotonicMillis();
        for (Notification n; (n = inbox.poll()) != null; ) {
            for (Channel c : channels) {
                outbox.add(new Delivery(n, c, now));
                outboxChanged = true;
            }
        }
    }

    /** One round on the calling thread (tests, with the worker stopped). */
    public int step() {
        return worker.step();
    }

    private synchronized int deliverDue() {
        takeSubmitted();
        long now = clock.monotonicMillis();
        int done = 0;
        for (Iterator<Delivery> it = outbox.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            if (d.dueMillis > now) {
                continue;
            }
            done++;
            Counters c = counters.get(d.channel.name());
            d.attempts++;
            try {
                d.channel.send(d.notification);
                c.delivered++;
                c.lastDeliveredAt = clock.currentTimeMillis();
                it.remove();
                outboxChanged = true;
                history.add(clock.currentTimeMillis(), "NOTIFIED", 0, describe(d.notification), d.channel.name(),
                        "attempt " + d.attempts);
            } catch (Exception e) {
                c.failedAttempts++;
                c.lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                c.lastErrorAt = clock.currentTimeMillis();
                outboxChanged = true; // the attempt count changed
                if (d.attempts >= attempts) {
                    it.remove();
                    c.givenUp++;
                    faults.record("alert.notify_failed", d.channel.name() + ": " + c.lastError);
                    history.add(clock.currentTimeMillis(), "NOTIFY_FAILED", 0, describe(d.notification),
                            d.channel.name(), "gave up after " + d.attempts + " attempts: " + c.lastError);
                    log.warn("alert notification {} to {} given up after {} attempts: {}", d.notification.id(),
                            d.channel.name(), d.attempts, c.lastError);
                } else {
                    long wait = Math.min(maxBackoffMillis, backoffMillis << Math.min(20, d.attempts - 1));
                    d.dueMillis = now + wait;
                    log.info("alert notification {} to {} failed (attempt {} of {}), retrying in {} ms: {}",
                            d.notification.id(), d.channel.name(), d.attempts, attempts, wait, c.lastError);
                }
            }
        }
        updateWaiting();
        saveIfChanged();
        return done;
    }

    /** Rewrites the outbox file after a change; a failed write is a fault (shown on the Alerts page) and retried. */
    private void saveIfChanged() {
        if (!outboxChanged) {
            return;
        }
        List<OutboxFile.Entry> entries = new ArrayList<>();
        for (Delivery d : outbox) {
            entries.add(new OutboxFile.Entry(d.channel.name(), d.attempts, d.notification));
        }
        try {
            outboxFile.save(entries);
            outboxChanged = false;
            faults.recovered("alert.outbox_write_failed");
        } catch (IOException e) {
            faults.failing("alert.outbox_write_failed", outboxFile.file() + ": " + e.getMessage());
            log.error("could not write the notification outbox {}: {}", outboxFile.file(), e.toString());
        }
    }

    private void updateWaiting() {
        for (Map.Entry<String, Counters> e : counters.entrySet()) {
            e.getValue().waiting = (int) outbox.stream().filter(d -> d.channel.name().equals(e.getKey())).count();
        }
    }

    private synchronized long untilNextDue() {
        if (!inbox.isEmpty()) {
            return 0;
        }
        long now = clock.monotonicMillis();
        long min = Long.MAX_VALUE;
        for (Delivery d : outbox) {
            min = Math.min(min, Math.max(0, d.dueMillis - now));
        }
        return min;
    }

    private static String describe(Notification n) {
        StringBuilder sb = new StringBuilder("notification " + n.id() + ":");
        for (AlertEvent e : n.events()) {
            sb.append(' ').append(e.type()).append(' ').append(AlertEvaluator.subject(e.alert())).append(';');
        }
        return sb.toString();
    }

    /** Per channel, for the UI; any thread. */
    public List<ChannelStats> stats() {
        List<ChannelStats> out = new ArrayList<>();
        counters.forEach((name, c) -> out.add(new ChannelStats(name, c.delivered, c.failedAttempts, c.givenUp,
                c.waiting, c.lastError, c.lastErrorAt, c.lastDeliveredAt)));
        return out;
    }

    public List<Channel> channels() {
        return channels;
    }

    /**
     * Stops the worker (a delivery in progress ends within its channel's timeout) and writes what is still waiting,
     * including notifications submitted after the worker's last round, to the outbox file.
     */
    @Override
    public void close() {
        worker.close();
        synchronized (this) {
            takeSubmitted();
            updateWaiting();
            saveIfChanged();
        }
    }
}
