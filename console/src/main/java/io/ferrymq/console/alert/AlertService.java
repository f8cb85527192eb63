package io.ferrymq.console.alert;

import io.ferrymq.common.Clock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.worker.DutyCycleWorker;
import io.ferrymq.console.alert.notify.Channel;
import io.ferrymq.console.alert.notify.ChannelStats;
import io.ferrymq.console.alert.notify.Dispatcher;
import io.ferrymq.console.alert.notify.EmailChannel;
import io.ferrymq.console.alert.notify.WebhookChannel;
import io.ferrymq.console.alert.signal.ClusterSignals;
import io.ferrymq.console.alert.signal.SignalSource;
import io.ferrymq.console.cluster.ClusterSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The console's alerting: every {@code alert.evaluateIntervalMillis} its worker ({@code console-alerts}) reads the
 * figures ({@link SignalSource}), evaluates the rules ({@link AlertEvaluator}), hands the round's events as one
 * {@link Notification} to the {@link Dispatcher}, and writes the state file ({@link AlertStore}) when something
 * worth keeping changed. The worker's thread owns the evaluator, rules, silences and the signal memory; HTTP
 * threads read the published view and send changes (acknowledge, rules, silences) as commands to the worker
 * ({@link #call}), which applies and saves them before answering. Tests leave it stopped and call {@link #step()}.
 */
public final class AlertService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    private static final long COMMAND_TIMEOUT_MILLIS = 30_000;

    private final AlertSettings settings;
    private final SignalSource source;
    private final Clock clock;
    private final FaultRegistry faults;
    private final AlertStore store;
    private final AlertHistory history;
    private final AlertEvaluator evaluator;
    private final Dispatcher dispatcher;
    private final DutyCycleWorker worker;
    private RuleBook rules;
    private final List<Silence> silences = new ArrayList<>();
    private long nextSilenceId = 1;
    private long nextNotificationId;
    private List<String> savedShape = List.of();
    private volatile View view;
    /** The figures of the last round, for the metric history (it keeps what only this worker reads). */
    private volatile SignalSource.Round lastRound;

    /**
     * What HTTP threads read: the rules, silences and alerts after the last round or command.
     *
     * @param alerts      pending and firing alerts
     * @param rules       the rule book
     * @param silences    silences in force
     * @param lastRoundAt wall time of the last evaluation (0 before the first)
     * @param rounds      evaluation rounds so far
     */
    public record View(List<Alert> alerts, RuleBook rules, List<Silence> silences, long lastRoundAt, long rounds) {
    }

    public AlertService(AlertSettings settings, SignalSource source, List<Channel> channels, Path dataDir, Clock clock,
                        FaultRegistry faults) {
        this.settings = settings;
        this.source = source;
        this.clock = clock;
        this.faults = faults;
        this.store = new AlertStore(dataDir);
        this.history = new AlertHistory(settings.historyMillis());
        this.evaluator = new AlertEvaluator(history, settings.repeatIntervalMillis());
        this.dispatcher = new Dispatcher(channels, clock, history, faults, settings.get(AlertSettings.NOTIFY_ATTEMPTS),
                settings.get(AlertSettings.NOTIFY_BACKOFF), settings.get(AlertSettings.NOTIFY_MAX_BACKOFF),
                dataDir);
        this.nextNotificationId = clock.currentTimeMillis();
        this.rules = RuleBook.defaults();
        restore();
        dispatcher.restore();
        for (Rule r : settings.rules()) {
            rules = rules.withConfigured(r);
        }
        this.worker = DutyCycleWorker.periodic("console-alerts", clock, settings.evaluateIntervalMillis(),
                this::round, faults);
        publish(0);
    }

    /** The alerting of a console: its clusters' snapshots, channels from the settings. */
    public static AlertService forConsole(AlertSettings settings, Map<String, ClusterSet> sets, Path dataDir,
                                          Clock clock, FaultRegistry faults) {
        return new AlertService(settings, new ClusterSignals(sets, settings), channels(settings), dataDir, clock,
                faults);
    }

    /** The channels the settings describe: mail when an SMTP host is set, one per webhook URL. */
    public static List<Channel> channels(AlertSettings s) {
        List<Channel> out = new ArrayList<>();
        if (s.mail()) {
            out.add(new EmailChannel(s));
        }
        for (String url : s.webhookUrls()) {
            out.add(new WebhookChannel(url, s.get(AlertSettings.CONSOLE_URL), s.get(AlertSettings.NOTIFY_TIMEOUT)));
        }
        return out;
    }

    private void restore() {
        AlertStore.State st;
        try {
            st = store.load(clock.currentTimeMillis());
        } catch (IOException e) {
            faults.record("alert.state_unreadable", e.getMessage());
            log.error("{}", e.getMessage());
            return;
        }
        for (Map<String, String> r : st.rules()) {
            String id = r.get("id");
            try {
                Rule rule = Rule.parse(id, r, "true".equals(r.get("builtIn")));
                rules = rules.with(rule);
            } catch (IllegalArgumentException e) {
                faults.record("alert.rule_unreadable", "rule " + id + " in " + store.file() + ": " + e.getMessage());
                log.error("alert rule {} in {} is not valid and is ignored: {}", id, store.file(), e.getMessage());
            }
        }
        silences.addAll(st.silences());
        nextSilenceId = st.nextSilenceId();
        evaluator.restore(st.alerts(), st.nextAlertId());
        history.restore(st.history());
        source.restore(st.knownBrokers(), st.lastConsumers());
        savedShape = shape();
        log.info("alert state restored from {}: {} alerts ({} firing), {} silences, {} history entries",
                store.file(), st.alerts().size(), st.alerts().stream().filter(Alert::firing).count(),
                st.silences().size(), st.history().size());
    }

    public AlertService start() {
        if (settings.enabled()) {
            dispatcher.start();
            worker.start();
        }
        return this;
    }

    /** One evaluation round and the notification worker's round, on the calling thread (tests). */
    public void step() {
        worker.step();
        dispatcher.step();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    private void round() throws IOException {
        long now = clock.currentTimeMillis();
        SignalSource.Round r = source.collect(now, rules);
        lastRound = r;
        List<AlertEvent> events = evaluator.evaluate(now, r.observations(), r.completeSets(), rules, silences);
        if (!events.isEmpty()) {
            dispatcher.submit(new Notification(nextNotificationId++, now, events));
        }
        silences.removeIf(s -> {
            if (!s.active(now)) {
                history.add(now, "SILENCE_EXPIRED", 0, describe(s), "console", "");
                return true;
            }
            return false;
        });
        history.prune(now);
        boolean memory = source.takeMemoryChanged();
        publish(now);
        List<String> shape = shape();
        if (history.takeDirty() | memory || !shape.equals(savedShape)) {
            save(shape);
        }
    }

    /** Alert ids, states, notified and ack/silence marks: what must survive a restart. */
    private List<String> shape() {
        List<String> s = new ArrayList<>();
        for (Alert a : evaluator.alerts()) {
            s.add(a.id() + " " + a.status() + " " + a.notified() + " " + a.lastNotifiedAt() + " " + a.ackedBy() + " "
                    + a.silencedBy());
        }
        return s;
    }

    private void save(List<String> shape) throws IOException {
        List<Map<String, String>> ruleFields = new ArrayList<>();
        for (Rule r : rules.changed()) {
            if (rules.configured(r.id())) {
                continue; // the configuration file says it again at start
            }
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("id", r.id());
            m.put("builtIn", Boolean.toString(r.builtIn()));
            m.putAll(r.fields());
            ruleFields.add(m);
        }
        try {
            store.save(new AlertStore.State(evaluator.nextId(), nextSilenceId, ruleFields, List.copyOf(silences),
                    evaluator.alerts(), history.all(), source.knownBrokers(), source.lastConsumers()));
            savedShape = shape;
            faults.recovered("alert.state_write_failed");
        } catch (IOException e) {
            faults.failing("alert.state_write_failed", store.file() + ": " + e.getMessage());
            throw e;
        }
    }

    private void publish(long now) {
        View v = view;
        view = new View(evaluator.alerts(), rules, List.copyOf(silences), now == 0 && v != null ? v.lastRoundAt() : now,
                worker == null ? 0 : worker.rounds());
    }

    // ------------------------------------------------------------------ commands from the API

    /** Runs {@code command} on the worker's thread, saves the state, and returns its result; any thread. */
    private <T> T call(Supplier<T> command) {
        if (!worker.isRunning()) {
            // stopped (alerting disabled, or a test driving step()): the caller's thread is the only one
            synchronized (this) {
                return apply(command);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                f.complete(apply(command));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the alert worker did not take the change within "
                    + COMMAND_TIMEOUT_MILLIS + " ms; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private <T> T apply(Supplier<T> command) {
        T result = command.get();
        publish(clock.currentTimeMillis());
        try {
            save(shape());
        } catch (IOException e) {
            throw new IllegalStateException("the change is in effect but could not be saved to " + store.file()
                    + ": " + e.getMessage() + " (it is lost at restart; check the disk)");
        }
        return result;
    }

    /** Acknowledges firing alert {@code id}; false when there is none. */
    public boolean acknowledge(long id, String user) {
        return call(() -> evaluator.acknowledge(id, user, clock.currentTimeMillis()));
    }

    /** Adds or replaces a rule; returns the rule before (null when new). */
    public Rule putRule(Rule rule, String user) {
        return call(() -> {
            if (rules.configured(rule.id())) {
                throw new IllegalArgumentException("rule " + rule.id() + " is set in the console configuration "
                        + "file; change it there");
            }
            Rule before = rules.get(rule.id());
            rules = rules.with(rule);
            history.add(clock.currentTimeMillis(), "RULE_CHANGED", 0, "rule " + rule.id(), user,
                    rule.fields().toString());
            return before;
        });
    }

    /** Deletes a rule (a built-in one goes back to its defaults); returns the rule before. */
    public Rule deleteRule(String id, String user) {
        return call(() -> {
            if (rules.configured(id)) {
                throw new IllegalArgumentException("rule " + id + " is set in the console configuration file; "
                        + "remove it there");
            }
            Rule before = rules.get(id);
            if (before == null) {
                throw new java.util.NoSuchElementException("no rule " + id);
            }
            rules = rules.without(id);
            history.add(clock.currentTimeMillis(), "RULE_DELETED", 0, "rule " + id, user,
                    before.builtIn() ? "reset to the built-in defaults" : "");
            return before;
        });
    }

    /** Adds a silence of {@code rule} (a rule or condition id, or *) and {@code target} pattern until a time. */
    public Silence addSilence(String rule, String target, long untilMillis, String comment, String user) {
        return call(() -> {
            long now = clock.currentTimeMillis();
            if (untilMillis <= now) {
                throw new IllegalArgumentException("the silence would end in the past; give a later 'until'");
            }
            if (!rule.equals("*") && rules.get(rule) == null && !isCondition(rule)) {
                throw new IllegalArgumentException("'" + rule + "' is neither a rule id nor a condition; known "
                        + "conditions: " + Condition.ids());
            }
            Silence s = new Silence(nextSilenceId++, rule, target, untilMillis, user, now, comment);
            silences.add(s);
            history.add(now, "SILENCE_ADDED", 0, describe(s), user, s.comment());
            return s;
        });
    }

    private static boolean isCondition(String id) {
        try {
            Condition.parse(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Ends silence {@code id} now; returns it (null when there is none). */
    public Silence removeSilence(long id, String user) {
        return call(() -> {
            for (Silence s : silences) {
                if (s.id() == id) {
                    silences.remove(s);
                    history.add(clock.currentTimeMillis(), "SILENCE_REMOVED", 0, describe(s), user, "");
                    return s;
                }
            }
            return null;
        });
    }

    private static String describe(Silence s) {
        return "silence " + s.id() + " of " + s.rule() + " for " + s.target() + " until "
                + java.time.Instant.ofEpochMilli(s.untilMillis());
    }

    // ------------------------------------------------------------------ reads (any thread)

    public View view() {
        return view;
    }

    /** Wall time of the console's clock. */
    public long now() {
        return clock.currentTimeMillis();
    }

    /** The figures read in the last evaluation round (null before the first). */
    public SignalSource.Round lastRound() {
        return lastRound;
    }

    public AlertHistory history() {
        return history;
    }

    public List<ChannelStats> channels() {
        return dispatcher.stats();
    }

    public AlertSettings settings() {
        return settings;
    }

    public FaultRegistry faults() {
        return faults;
    }

    public long signalCallFailures() {
        return source.callFailures();
    }

    public long failedRounds() {
        return worker.failures();
    }

    public Path stateFile() {
        return store.file();
    }

    /** Finds a pending or firing alert by id. */
    public Alert alert(long id) {
        for (Alert a : view.alerts()) {
            if (a.id() == id) {
                return a;
            }
        }
        return null;
    }

    /**
     * Stops evaluation, then the notifications (what still waits is kept in the outbox file), then writes the state
     * once more so the history of the last deliveries is kept too.
     */
    @Override
    public void close() {
        worker.close();
        dispatcher.close();
        synchronized (this) {
            if (history.takeDirty()) {
                try {
                    save(shape());
                } catch (IOException e) {
                    log.error("the alert state could not be written at stop: {}", e.toString());
                }
            }
        }
    }
}
