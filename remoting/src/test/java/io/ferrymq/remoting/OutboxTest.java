package io.ferrymq.remoting;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Frames handed over by other threads leave in one flush per burst, in the order each thread queued them. */
class OutboxTest {
    private final AtomicInteger flushes = new AtomicInteger();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    });
    private final Outbox outbox = new Outbox(channel);
    private final List<String> failures = new ArrayList<>();

    @Test
    void answersQueuedBeforeTheLoopRunsLeaveInOneFlushInOrder() {
        for (int i = 0; i < 5; i++) {
            outbox.write("answer-" + i, f -> {
                if (!f.isSuccess()) {
                    failures.add(String.valueOf(f.cause()));
                }
            });
        }
        assertEquals(0, flushes.get(), "nothing is written before the event loop runs the drain");
        channel.runPendingTasks();
        assertEquals(1, flushes.get(), "one flush for the whole burst");
        for (int i = 0; i < 5; i++) {
            assertEquals("answer-" + i, channel.readOutbound());
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void anAnswerQueuedAfterADrainGetsADrainOfItsOwn() {
        outbox.write("first", f -> { });
        channel.runPendingTasks();
        outbox.write("second", f -> { });
        channel.runPendingTasks();
        assertEquals(2, flushes.get());
        assertEquals("first", channel.readOutbound());
        assertEquals("second", channel.readOutbound());
    }

    @Test
    void aDrainWithNothingQueuedDoesNotFlush() {
        outbox.write("only", f -> { });
        channel.runPendingTasks();
        channel.runPendingTasks();
        assertEquals(1, flushes.get());
    }

    @Test
    void aWriteToAClosedConnectionReportsItsFailure() {
        channel.close();
        outbox.write("late", f -> failures.add(f.isSuccess() ? "ok" : "failed"));
        channel.runPendingTasks();
        assertEquals(List.of("failed"), failures);
    }
}
