package io.ferrymq.remoting.protocol.body;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * LOCK_BATCH_MQ answer: the queues locked for the caller ({"lockOKMQSet":[...]}).
 */
public class LockBatchResponseBody {
    private Set<MessageQueue> lockOKMQSet = new HashSet<>();

    public LockBatchResponseBody() {
    }

    public Set<MessageQueue> getLockOKMQSet() {
        return lockOKMQSet;
    }

    public void setLockOKMQSet(Set<MessageQueue> lockOKMQSet) {
        this.lockOKMQSet = lockOKMQSet;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LockBatchResponseBody other)) {
            return false;
        }
        return Objects.equals(lockOKMQSet, other.lockOKMQSet);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lockOKMQSet);
    }

    @Override
    public String toString() {
        return "LockBatchResponseBody{" + "lockOKMQSet=" + lockOKMQSet + '}';
    }
}
