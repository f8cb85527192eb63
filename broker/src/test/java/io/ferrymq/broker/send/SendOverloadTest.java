package io.ferrymq.broker.send;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.testing.FakeMessageStore;
import io.ferrymq.common.ManualClock;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the broker is too busy to take a send: the I/O thread does not queue behind a slow append, an appender
 * stuck past its 1 s limit and a send that queued past waitTimeMillisInSendQueue are answered SYSTEM_BUSY.
 */
class SendOverloadTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FakeMessageStore store = new FakeMessageStore();
    private final BrokerConfig config = new BrokerConfig().brokerName("broker-a");
    private final SendOverload overload = new SendOverload(config, store, clock);

    private RemotingCommand arrivedNow() {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).arrivedAt(clock.nanoTime());
    }

    private static long millis(double ms) {
        return (long) (ms * TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void theIoThreadAppendsWhileTheAppenderIsFreeOrBrieflyHeld() {
        assertTrue(overload.ioThreadMayAppend(), "free");
        store.appendBusyFor(millis(0.5));
        assertTrue(overload.ioThreadMayAppend(), "another append a moment ago: it ends in microseconds");
        assertNull(overload.refusal(arrivedNow()));
    }

    @Test
    void theIoThreadHandsOffWhenAnAppendHasHeldTheLockForLongOrDoesFileIo() {
        store.appendBusyFor(millis(2));
        assertFalse(overload.ioThreadMayAppend(), "held for 2 ms: waiting on the disk");
        assertNull(overload.refusal(arrivedNow()), "the executor still takes it");
        store.appendBusyFor(millis(0.1));
        store.appendDoingFileIo(true);
        assertFalse(overload.ioThreadMayAppend(), "creating a segment or reserving disk blocks");
    }

    @Test
    void anAppenderBusyPastItsLimitRefusesSendsAtOnceOnEitherThread() {
        store.appendBusyFor(millis(1000));
        assertNull(overload.refusal(arrivedNow()), "at the limit a put may still get the lock");
        store.appendBusyFor(millis(1500));
        RemotingCommand busy = overload.refusal(arrivedNow());
        assertEquals(ResponseCode.SYSTEM_BUSY, busy.code());
        assertEquals("[PC_SYNCHRONIZED] broker broker-a busy: its store's appender has been busy for 1500 ms (over "
                + "1000 ms: slow disk or page-cache pressure); try another broker", busy.remark());
        assertTrue(overload.ioThreadMayAppend(), "refused right on the I/O thread, nothing queued");
    }

    @Test
    void aSendThatWaitedLongerThanTheSendQueueBoundIsRefusedBeforeProcessing() {
        RemotingCommand send = arrivedNow();
        clock.advance(200);
        assertNull(overload.refusal(send), "200 ms is within waitTimeMillisInSendQueue's default");
        clock.advance(1);
        RemotingCommand busy = overload.refusal(send);
        assertEquals(ResponseCode.SYSTEM_BUSY, busy.code());
        assertEquals("[TIMEOUT_CLEAN_QUEUE] broker broker-a busy: the send waited 201 ms before processing "
                + "(waitTimeMillisInSendQueue 200); try another broker", busy.remark());

        config.waitTimeMillisInSendQueue(0);
        assertNull(overload.refusal(send), "0 turns the check off");
        config.waitTimeMillisInSendQueue(500);
        assertNull(overload.refusal(send), "read at every send: a runtime change applies at once");
    }

    @Test
    void aCommandNoServerReceivedHasNoQueueTime() {
        clock.advance(10_000);
        assertNull(overload.refusal(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)));
    }
}
