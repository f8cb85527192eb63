package io.ferrymq.broker.transaction;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.remoting.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends check-backs to producers known from heartbeats: one live channel of the group, picked at random so a
 * group of several producers shares the checks (RocketMQ picks one the same way). Thread-safe.
 */
public final class ProducerCheckBack implements CheckBackSender {
    private static final Logger log = LoggerFactory.getLogger(ProducerCheckBack.class);
    private static final long SEND_TIMEOUT_MILLIS = 3000;

    private final ProducerRegistry producers;

    public ProducerCheckBack(ProducerRegistry producers) {
        this.producers = producers;
    }

    @Override
    public String send(String producerGroup, RemotingCommand request) {
        List<ClientChannel> live = new ArrayList<>();
        for (ClientChannel c : producers.members(producerGroup)) {
            if (c.channel().isActive()) {
                live.add(c);
            }
        }
        if (live.isEmpty()) {
            return null;
        }
        ClientChannel target = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        try {
            target.channel().invokeOneway(request, SEND_TIMEOUT_MILLIS);
            return target.channel().remoteAddress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.warn("check-back to producer {} of group {} failed: {}", target.clientId(), producerGroup,
                    e.toString());
            return null;
        }
    }
}
