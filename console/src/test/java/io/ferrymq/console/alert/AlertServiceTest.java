package io.ferrymq.console.alert;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.console.alert.notify.Channel;
import io.ferrymq.console.alert.notify.ChannelStats;
import io.ferrymq.console.alert.notify.Dispatcher;
import io.ferrymq.console.alert.signal.SignalSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert service end to end without a cluster: figures from a script, channels that record, its two workers
 * stepped with a {@link ManualClock}, its state in a temporary directory.
 */
class AlertServiceTest {
    private static final long ROUND = 15_000;
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final Script script = new Script();
    private final Recorder mail = new Recorder("mail");
    private final List<AlertService> services = new ArrayList<>();

    /** Figures set by the test: group → backlog. */
    static final class Script implements SignalSource {
        final Map<String, Double> backlog = new ConcurrentHashMap<>();

        @Override
        public Round collect(long now, RuleBook rules) {
            List<Observation> out = new ArrayList<>();
            backlog.forEach((g, v) -> out.add(Observation.of(Condition.GROUP_BACKLOG,
                    Target.group("local", "c1", g, Set.of("T")), v, Map.of("backlog", Double.toString(v)))));
            return new Round(out, Set.of("local"));
        }
    }

    /** A channel that records what it is given, or fails while told to. */
    static final class Recorder implements Channel {
        final String name;
        final List<Notification> got = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        int attempts;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void send(Notification n) {
            attempts++;
            if (failing) {
                throw new IllegalStateException("HTTP 503 from " + name);
            }
            got.add(n);
        }

        List<String> types() {
            List<String> out = new ArrayList<>();
            for (Notification n : got) {
                for (AlertEvent e : n.events()) {
                    out.add(e.type() + " " + e.alert().target().group());
                }
            }
            return out;
        }
    }

    private AlertService service(Channel... channels) {
        AlertSettings s = AlertSettings.parse(Map.of("evaluateIntervalMillis", Long.toString(ROUND),
                "notify.attempts", "3", "notify.backoffMillis", "1000",
                "rule.fast.condition", "group-backlog", "rule.fast.threshold", "100", "rule.fast.forSeconds", "30"));
        AlertService a = new AlertService(s, script, List.of(channels), dir, clock, faults);
        services.add(a);
        return a;
    }

    @AfterEach
    void close() {
        services.forEach(AlertService::close);
    }

    private void rounds(AlertService a, int n) {
        for (int i = 0; i < n; i++) {
            a.step();
            clock.advance(ROUND);
        }
    }

    /** A service with the mail and a failing {@code hook}, stepped until an alert fired and the hook failed once. */
    private AlertService firedWithFailingHook(Recorder hook) {
        hook.failing = true;
        AlertService a = service(mail, hook);
        script.backlog.put("orders", 500.0);
        rounds(a, 2);
        a.step(); // 30 s above the threshold: fires; the mail is delivered, the hook's first attempt fails
        assertEquals(1, hook.attempts);
        assertEquals(1, mail.got.size());
        return a;
    }

    @Test
    void alertsThatFireTogetherArriveInOneNotification() {
        AlertService a = service(mail);
        script.backlog.put("orders", 500.0);
        script.backlog.put("payments", 900.0);
        script.backlog.put("audit", 3.0);
        rounds(a, 4);
        assertEquals(1, mail.got.size(), "one message: " + mail.types());
        assertEquals(List.of("FIRING orders", "FIRING payments"), mail.types().stream().sorted().toList());
        assertEquals(2, a.view().alerts().size());
    }

    @Test
    void aBacklogFiresOnceAndResolvesOnceWithNothingInBetween() {
        AlertService a = service(mail);
        script.backlog.put("orders", 0.0);
        rounds(a, 2);
        script.backlog.put("orders", 500.0);
        rounds(a, 40); // ten minutes of backlog
        script.backlog.put("orders", 20.0);
        rounds(a, 40);
        assertEquals(List.of("FIRING orders", "RESOLVED orders"), mail.types());
    }

    @Test
    void aRestartedConsoleDoesNotNotifyAFiringAlertAgain() {
        AlertService first = service(mail);
        script.backlog.put("orders", 500.0);
        rounds(first, 4);
        assertEquals(List.of("FIRING orders"), mail.types());
        first.close();
        assertTrue(Files.exists(first.stateFile()));

        AlertService second = service(mail);
        assertEquals(Alert.Status.FIRING, second.view().alerts().get(0).status(), "restored firing");
        rounds(second, 10);
        assertEquals(List.of("FIRING orders"), mail.types(), "not fired again after the restart");
        script.backlog.put("orders", 0.0);
        rounds(second, 2);
        assertEquals(List.of("FIRING orders", "RESOLVED orders"), mail.types());
    }

    @Test
    void aFailingChannelIsRetriedWithBackoffThenGivenUpAndShownWhileOthersDeliver() {
        Recorder hook = new Recorder("webhook http://127.0.0.1/hook");
        AlertService a = firedWithFailingHook(hook);
        assertEquals(1, mail.got.size(), "mail delivered although the webhook fails");
        clock.advance(999);
        a.dispatcher().step();
        assertEquals(1, hook.attempts, "no retry before the backoff");
        clock.advance(1);
        a.dispatcher().step();
        assertEquals(2, hook.attempts, "retried after 1 s");
        clock.advance(1999);
        a.dispatcher().step();
        assertEquals(2, hook.attempts, "the backoff doubled");
        clock.advance(1);
        a.dispatcher().step();
        assertEquals(3, hook.attempts);
        ChannelStats s = a.channels().stream().filter(c -> c.name().equals(hook.name)).findFirst().orElseThrow();
        assertEquals(3, s.failedAttempts());
        assertEquals(1, s.givenUp());
        assertEquals(0, s.waiting());
        assertTrue(s.lastError().contains("HTTP 503"), s.lastError());
        assertEquals(1, faults.count("alert.notify_failed"));
        assertEquals(1, a.history().find("NOTIFY_FAILED", null, 0, 10).size());
        clock.advance(3_600_000);
        a.dispatcher().step();
        assertEquals(3, hook.attempts, "given up: no more attempts");
    }

    @Test
    void aChannelThatRecoversDeliversTheRetriedNotificationOnce() {
        Recorder hook = new Recorder("hook");
        hook.failing = true;
        AlertService a = service(hook);
        script.backlog.put("orders", 500.0);
        rounds(a, 2);
        a.step();
        hook.failing = false;
        clock.advance(1000);
        a.dispatcher().step();
        clock.advance(60_000);
        a.dispatcher().step();
        assertEquals(List.of("FIRING orders"), hook.types());
        assertEquals(1, a.channels().get(0).delivered());
    }

    @Test
    void aNotificationWaitingForItsRetryAtStopIsDeliveredOnceAfterTheRestart() {
        Recorder hook = new Recorder("hook");
        AlertService first = firedWithFailingHook(hook);
        assertEquals(1, first.channels().get(1).waiting());
        first.close();

        hook.failing = false;
        AlertService second = service(mail, hook);
        assertEquals(1, second.channels().get(1).waiting(), "queued again from the outbox file");
        second.dispatcher().step();
        assertEquals(List.of("FIRING orders"), hook.types(), "delivered after the restart");
        assertEquals(List.of("FIRING orders"), mail.types(), "the mail, delivered before the stop, is not sent again");
        rounds(second, 5);
        assertEquals(List.of("FIRING orders"), hook.types(), "once");
        assertEquals(0, second.channels().get(1).waiting());
        second.close();
        AlertService third = service(mail, hook);
        third.dispatcher().step();
        assertEquals(List.of("FIRING orders"), hook.types(), "the outbox file was emptied by the delivery");
        assertEquals(1, third.history().find("NOTIFIED", "orders", 0, 10).stream()
                .filter(e -> e.by().equals("hook")).count(), "the delivery after the restart is in the history");
    }

    @Test
    void aNotificationSubmittedJustBeforeStopIsKeptAndOneForARemovedChannelIsGivenUpVisibly() {
        Recorder hook = new Recorder("hook");
        AlertHistory history = new AlertHistory(7L * 86_400_000);
        Notification n = new Notification(7, clock.currentTimeMillis(), List.of(new AlertEvent(AlertEvent.Type.FIRING,
                new Alert(1, "k", Condition.GROUP_BACKLOG, Target.group("local", "c1", "orders", Set.of("T")), "fast",
                        Severity.WARNING, Alert.Status.FIRING, 500, 100, 50, Map.of("backlog", "500"), 1, 2, 0, 0,
                        false, "", 0, 0))));
        Dispatcher first = new Dispatcher(List.of(hook), clock, history, faults, 3, 1000, 60_000, dir);
        first.submit(n); // the worker never ran a round: the stop comes first
        first.close();
        assertTrue(hook.got.isEmpty());

        Dispatcher again = new Dispatcher(List.of(hook), clock, history, faults, 3, 1000, 60_000, dir);
        again.restore();
        again.step();
        assertEquals(List.of("FIRING orders"), hook.types(), "kept at stop, delivered after the restart");
        assertEquals(n, hook.got.get(0), "the notification as it was submitted");

        first = new Dispatcher(List.of(hook), clock, history, faults, 3, 1000, 60_000, dir);
        first.submit(n);
        first.close();
        Dispatcher withoutHook = new Dispatcher(List.of(mail), clock, history, faults, 3, 1000, 60_000, dir);
        withoutHook.restore(); // the webhook was removed from the configuration meanwhile
        withoutHook.step();
        assertTrue(mail.got.isEmpty(), "not re-routed to another channel");
        List<HistoryEntry> failed = history.find("NOTIFY_FAILED", null, 0, 10);
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).detail().contains("channel hook is no longer configured"), failed.toString());
        assertEquals(1, faults.count("alert.notify_failed"));
    }

    @Test
    void rulesSilencesAcknowledgementsAndHistorySurviveARestart() {
        AlertService first = service(mail);
        script.backlog.put("orders", 500.0);
        rounds(first, 4);
        long id = first.view().alerts().get(0).id();
        assertTrue(first.acknowledge(id, "alice"));
        first.putRule(Rule.parse("payments", Map.of("condition", "group-backlog", "group", "payments",
                "threshold", "5"), false), "admin");
        Silence s = first.addSilence("group-backlog", "audit*", clock.currentTimeMillis() + 3_600_000, "batch job",
                "bob");
        first.close();

        AlertService second = service(mail);
        assertEquals("alice", second.view().alerts().get(0).ackedBy());
        assertNotNull(second.view().rules().get("payments"));
        assertEquals(5, second.view().rules().get("payments").threshold());
        assertEquals(List.of(s), second.view().silences());
        assertTrue(second.history().find("ACKNOWLEDGED", null, 0, 10).size() == 1);
        assertTrue(second.history().find("FIRED", null, 0, 10).size() == 1);
    }

    @Test
    void anUnreadableStateFileIsKeptAsideAndTheConsoleStartsEmpty() throws Exception {
        Path file = dir.resolve("alerts").resolve("alerts.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{ not json");
        AlertService a = service(mail);
        assertTrue(a.view().alerts().isEmpty());
        assertEquals(1, faults.count("alert.state_unreadable"));
        try (var files = Files.list(file.getParent())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("alerts.json.unreadable-")));
        }
    }

    @Test
    void historyIsKeptForAWeek() {
        AlertService a = service(mail);
        script.backlog.put("orders", 500.0);
        rounds(a, 4);
        assertEquals(1, a.history().find("FIRED", null, 0, 10).size());
        script.backlog.remove("orders");
        clock.advance(7L * 86_400_000 + ROUND);
        rounds(a, 1);
        assertTrue(a.history().find("FIRED", null, 0, 10).isEmpty(), "older than a week: pruned");
    }
}
