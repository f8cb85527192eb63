package io.ferrymq.broker.send;

import java.util.concurrent.ThreadLocalRandom;

/** Small pieces shared by the write paths (send, send-back, reply, schedule). */
public final class InboundMessages {
    private InboundMessages() {
    }

    /** {@code queueId} when non-negative, else a random queue below {@code queues}. */
    public static int chooseQueue(int queueId, int queues) {
        if (queueId >= 0) {
            return queueId;
        }
        return ThreadLocalRandom.current().nextInt(Math.max(1, queues));
    }
}
