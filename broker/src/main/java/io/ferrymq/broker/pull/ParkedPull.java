package io.ferrymq.broker.pull;

import io.ferrymq.broker.client.Subscription;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;

/**
 * A pull held by the {@link PullRequestHoldService}: the request to re-run, the offset it waits beyond, its
 * subscription (to ignore arrivals it would filter out) and its deadline on the monotonic clock.
 */
public record ParkedPull(RemotingChannel channel, RemotingCommand request, String topic, int queueId, long offset,
                         Subscription subscription, long deadlineMillis) {
    /** Whether the requester is still connected (a null channel, used by tests, counts as connected). */
    boolean isAlive() {
        return channel == null || channel.isActive();
    }

    boolean matchesTagsCode(long tagsCode) {
        return subscription == null || subscription.matchesTagsCode(tagsCode);
    }
}
