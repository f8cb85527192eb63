package io.ferrymq.broker.testing;

import io.ferrymq.broker.durability.ReplicaWait;
import io.ferrymq.store.ha.ReplicaAck;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake slave for SYNC_MASTER tests: answers every wait with the outcome the test set ({@link #answer}), at once,
 * and records the end offsets it was asked about.
 */
public final class ScriptedReplicaWait implements ReplicaWait {
    private volatile ReplicaAck answer;
    private final List<Long> asked = new CopyOnWriteArrayList<>();

    public ScriptedReplicaWait(ReplicaAck answer) {
        this.answer = answer;
    }

    /** What every later wait answers: OK (the slave holds it), TIMEOUT (it did not ack), NO_SLAVE. */
    public void answer(ReplicaAck ack) {
        this.answer = ack;
    }

    /** End offsets waited for so far, in order. */
    public List<Long> asked() {
        return asked;
    }

    @Override
    public CompletableFuture<ReplicaAck> awaitSlaves(long endOffset) {
        asked.add(endOffset);
        return CompletableFuture.completedFuture(answer);
    }
}
