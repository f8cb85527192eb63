package io.ferrymq.broker.send;

import io.ferrymq.remoting.HostPort;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Small pieces shared by the write paths (send, send-back, reply, schedule). */
public final class InboundMessages {
    private InboundMessages() {
    }

    /** The peer of a channel as a socket address (the message's BORNHOST). */
    public static InetSocketAddress bornHost(String remoteAddress) {
        try {
            HostPort hp = HostPort.parse(remoteAddress);
            return new InetSocketAddress(hp.host(), hp.port());
        } catch (IllegalArgumentException e) {
            return new InetSocketAddress("127.0.0.1", 0);
        }
    }

    /** {@code queueId} when non-negative, else a random queue below {@code queues}. */
    public static int chooseQueue(int queueId, int queues) {
        if (queueId >= 0) {
            return queueId;
        }
        return ThreadLocalRandom.current().nextInt(Math.max(1, queues));
    }
}
