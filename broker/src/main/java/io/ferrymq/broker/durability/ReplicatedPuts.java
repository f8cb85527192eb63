package io.ferrymq.broker.durability;

import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.ha.ReplicaAck;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The writes the broker makes on a client's behalf (a consumer's send-back to its retry or dead-letter topic, a
 * reply, a scheduled or timer message's delivery to its real topic, a transaction commit): a store put followed,
 * under SYNC_MASTER, by the same wait for the in-sync slaves a producer's send gets. Such a write is
 * {@link Outcome#acknowledged()} only when it is stored <em>and</em> replicated; until then its caller must not
 * answer success nor move any progress (a consumer offset, a delivery offset, a transaction decision) past it,
 * or a master crash right after would lose a message that was acknowledged end to end (issue 15).
 *
 * <p>Every write stored without its slave copies is counted as fault {@value #FAULT_NOT_REPLICATED} (reported by
 * GET_BROKER_RUNTIME_INFO); what the caller then does (answer an error, hold its progress) is its own to say.
 *
 * <p>Threading: any thread. Futures complete on the store's or the {@code ha-source} thread, so chain only light
 * work on them; worker threads that deliver one message after another wait with {@link #await}.
 */
public final class ReplicatedPuts {
    /** Longest a worker thread waits for one put and its slave copies (the store and slave timeouts are shorter). */
    public static final long MAX_WAIT_MILLIS = 120_000;
    /** Fault: an internal write is stored on the master but the slaves did not confirm it. */
    public static final String FAULT_NOT_REPLICATED = "replication.internal_write_not_replicated";

    /**
     * What became of one write.
     *
     * @param result  the store's answer, or null when the put failed without one (see {@code failure})
     * @param failure why the put has no result (an exception, no answer in time), else null
     * @param ack     the slaves' answer for a stored write, null when it was not stored
     */
    public record Outcome(PutResult result, String failure, ReplicaAck ack) {
        static Outcome failed(String why) {
            return new Outcome(null, why, null);
        }

        /** The message is in the master's store (it may still lack its slave copies). */
        public boolean stored() {
            return result != null && result.status().stored();
        }

        /** Stored and held by enough slaves: the only outcome a caller may report as success. */
        public boolean acknowledged() {
            return stored() && ack == ReplicaAck.OK;
        }

        /** Commit-log offset just after the written bytes (-1 when nothing was stored). */
        public long endOffset() {
            return stored() ? result.wroteOffset() + result.wroteBytes() : -1;
        }

        /** Why the write is not acknowledged, for remarks and logs (null when it is). */
        public String describe() {
            if (acknowledged()) {
                return null;
            }
            if (failure != null) {
                return "storing failed: " + failure;
            }
            if (!stored()) {
                return "the store refused it: " + result.status() + (result.reason() == null ? ""
                        : " (" + result.reason() + ")");
            }
            return switch (ack) {
                case TIMEOUT -> "stored on the master at commit-log offset " + result.wroteOffset()
                        + " but the in-sync slaves did not confirm the copy in time (FLUSH_SLAVE_TIMEOUT)";
                case NO_SLAVE -> "stored on the master at commit-log offset " + result.wroteOffset()
                        + " but too few slaves are connected to hold a copy (SLAVE_NOT_AVAILABLE)";
                case OK -> throw new IllegalStateException("acknowledged");
            };
        }
    }

    private final MessageStore store;
    private final FaultRegistry faults;
    private volatile ReplicaWait replicas = ReplicaWait.NONE;

    /** Without a fault registry (tests that do not look at faults). */
    public ReplicatedPuts(MessageStore store) {
        this(store, null);
    }

    /** @param faults where unreplicated writes are counted (null: not counted) */
    public ReplicatedPuts(MessageStore store, FaultRegistry faults) {
        this.store = store;
        this.faults = faults;
    }

    /** Sets the slave wait (the broker's replication, once it exists); until then writes wait for nobody. */
    public void replicateWith(ReplicaWait wait) {
        this.replicas = wait;
    }

    /** Stores {@code m}, then waits for its slave copies. Never completes exceptionally. */
    public CompletableFuture<Outcome> put(MessageToStore m) {
        CompletableFuture<PutResult> put;
        try {
            put = store.put(m);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Outcome.failed(e.toString()));
        }
        return put.handle((r, e) -> e != null || r == null
                        ? CompletableFuture.completedFuture(Outcome.failed(e == null ? "no result" : e.toString()))
                        : replicate(r, m.topic()))
                .thenCompose(f -> f);
    }

    /**
     * Waits for the slave copies of a put made earlier (by the caller, or one that was stored but not yet
     * replicated last time: waiting again instead of storing again adds no duplicate).
     */
    public CompletableFuture<Outcome> replicate(PutResult r) {
        return replicate(r, null);
    }

    private CompletableFuture<Outcome> replicate(PutResult r, String topic) {
        if (r == null || !r.status().stored()) {
            return CompletableFuture.completedFuture(new Outcome(r, r == null ? "no store answer" : null, null));
        }
        CompletableFuture<ReplicaAck> wait;
        try {
            wait = replicas.awaitSlaves(r.wroteOffset() + r.wroteBytes());
        } catch (RuntimeException e) {
            wait = CompletableFuture.completedFuture(ReplicaAck.NO_SLAVE);
        }
        return wait.handle((ack, e) -> {
            Outcome o = new Outcome(r, null, e != null || ack == null ? ReplicaAck.NO_SLAVE : ack);
            if (!o.acknowledged() && faults != null) {
                faults.record(FAULT_NOT_REPLICATED, "a write the broker made for a client"
                        + (topic == null ? "" : " to " + topic) + " is " + o.describe());
            }
            return o;
        });
    }

    /** Waits (at most {@link #MAX_WAIT_MILLIS}) for the slaves to hold the commit log below {@code endOffset}. */
    public ReplicaAck awaitSlaves(long endOffset) {
        try {
            ReplicaAck ack = replicas.awaitSlaves(endOffset).get(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return ack == null ? ReplicaAck.NO_SLAVE : ack;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReplicaAck.TIMEOUT;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return ReplicaAck.TIMEOUT;
        }
    }

    /** Blocks the calling worker thread for {@code f} (at most {@link #MAX_WAIT_MILLIS}). */
    public static Outcome await(CompletableFuture<Outcome> f) {
        try {
            return f.get(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted while waiting for the store");
        } catch (ExecutionException | TimeoutException e) {
            return Outcome.failed("no answer within " + MAX_WAIT_MILLIS + " ms: " + e);
        }
    }

    /** Stores {@code m} and waits for its slave copies on the calling (worker) thread. */
    public Outcome putAndWait(MessageToStore m) {
        return await(put(m));
    }
}
