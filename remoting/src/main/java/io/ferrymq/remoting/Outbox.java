package io.ferrymq.remoting;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the frames of one connection that other threads hand it, and flushes them together: one event-loop task,
 * one write system call and (usually) one TCP segment for every frame queued while the loop was busy, instead of
 * one task and one system call each.
 *
 * <p>Why: answers completed off the I/O thread come in bursts (a slave's acknowledgement completes every send it
 * covers, a flush completes every send it made durable, send-executor threads finish together), and clients send
 * all their producer threads' requests over one connection. Writing each with {@code writeAndFlush} costs the
 * writer a system call and the peer a wake-up per frame; on a 2-core machine that is a measurable share of both
 * sides' CPU.
 *
 * <p>Threading: {@link #write} from any thread; the drain runs on the channel's event loop. Frames of one thread
 * leave in the order it queued them. A frame written on the event loop itself does not come here (the caller
 * writes it directly; flush consolidation in the pipeline covers that case).
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private final Channel channel;
    private final Queue<Queued> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    private record Queued(Object frame, ChannelFutureListener onWritten) {
    }

    Outbox(Channel channel) {
        this.channel = channel;
    }

    /** Queues {@code frame}; it is written and flushed with the others queued before the drain runs. */
    void write(Object frame, ChannelFutureListener onWritten) {
        queued.add(new Queued(frame, onWritten));
        // One drain in flight is enough: it clears the flag before it polls, so a frame added after its last poll
        // wins the flag and schedules the next drain.
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down with the transport: nothing will be written on this connection
                int dropped = queued.size();
                queued.clear();
                log.info("connection {} is closing with its transport: {} queued answer(s) not sent", channel, dropped);
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        Queued q;
        while ((q = queued.poll()) != null) {
            channel.write(q.frame).addListener(q.onWritten);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
