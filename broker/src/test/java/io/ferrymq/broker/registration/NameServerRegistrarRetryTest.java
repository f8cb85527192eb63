package io.ferrymq.broker.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.RemotingServer;
import io.ferrymq.remoting.RemotingServerConfig;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name server that refused (or missed) a registration is tried again within a second, not a whole
 * registration period later; healthy name servers are still registered with once a period. The registrar's worker
 * is not started: the test steps {@link NameServerRegistrar#tick()} with a manual clock.
 */
class NameServerRegistrarRetryTest {
    private static final long PERIOD = 5_000;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private RemotingServer healthy;
    private RemotingServer recovering;
    private NameServerRegistrar registrar;

    @AfterEach
    void stop() {
        if (registrar != null) {
            registrar.shutdown(false);
        }
        for (RemotingServer s : new RemotingServer[] {healthy, recovering}) {
            if (s != null) {
                s.shutdown();
            }
        }
    }

    /** A fake name server answering REGISTER_BROKER: refusing the first {@code refusals}, then accepting. */
    private static RemotingServer nameServer(AtomicInteger calls, int refusals) {
        RemotingServer s = new RemotingServer(new RemotingServerConfig().name("fake-namesrv")
                .bindAddress("127.0.0.1").listenPort(0));
        s.registerProcessor(RequestCode.REGISTER_BROKER, (ch, req) -> calls.incrementAndGet() <= refusals
                ? RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "not ready")
                : RemotingCommand.response(ResponseCode.SUCCESS, null), Runnable::run);
        return s.start();
    }

    /** Waits (at most 10 s) until {@code done} holds: registrations are asynchronous calls over loopback. */
    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(done.getAsBoolean(), "timed out waiting for " + what);
    }

    private static void awaitCalls(AtomicInteger calls, int n) throws InterruptedException {
        await(n + " registrations", () -> calls.get() >= n);
        assertEquals(n, calls.get(), "registrations received");
    }

    @Test
    void aRefusedNameServerIsRetriedEverySecondUntilItAcceptsWhileTheOthersWaitForThePeriod() throws Exception {
        AtomicInteger healthyCalls = new AtomicInteger();
        AtomicInteger recoveringCalls = new AtomicInteger();
        healthy = nameServer(healthyCalls, 0);
        recovering = nameServer(recoveringCalls, 2);
        FaultRegistry faults = new FaultRegistry(clock);
        IntSupplier perm = () -> 6;
        registrar = new NameServerRegistrar(
                List.of("127.0.0.1:" + healthy.port(), "127.0.0.1:" + recovering.port()),
                BrokerIdentity.of("c", "broker-a", 0, "127.0.0.1", 10911), "127.0.0.1:10912",
                new TopicConfigTable(dir.resolve("topics.json"), clock), perm, PERIOD, 3_000, clock, faults, null);

        String recoveringAddr = "127.0.0.1:" + recovering.port();
        registrar.tick(); // the first round goes to every name server
        awaitCalls(healthyCalls, 1);
        awaitCalls(recoveringCalls, 1);
        await("the first refusal handled", () -> registrar.failures() == 1);
        clock.advance(1_000);
        registrar.tick(); // only the refusing one is tried again
        awaitCalls(recoveringCalls, 2);
        await("the second refusal handled", () -> registrar.failures() == 2);
        clock.advance(1_000);
        registrar.tick(); // refused again, tried again: now it accepts
        awaitCalls(recoveringCalls, 3);
        await("the acceptance handled", () -> registrar.lastSuccess().containsKey(recoveringAddr));
        clock.advance(1_000);
        registrar.tick(); // registered: nothing is due until the period ends (a retry would be sent right here)
        assertEquals(3, recoveringCalls.get(), "no retry once the name server accepted");
        assertEquals(1, healthyCalls.get(), "the healthy name server waits for the period");
        clock.advance(PERIOD);
        registrar.tick(); // a full round
        awaitCalls(healthyCalls, 2);
        awaitCalls(recoveringCalls, 4);
        assertEquals(2, faults.count(NameServerRegistrar.FAULT_REGISTRATION), "each refusal is counted");
    }
}
