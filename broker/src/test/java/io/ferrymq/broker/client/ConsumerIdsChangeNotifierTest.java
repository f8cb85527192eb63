package io.ferrymq.broker.client;

import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.remoting.LanguageCode;
import io.ferrymq.remoting.RemotingChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When and to whom the broker sends NOTIFY_CONSUMER_IDS_CHANGED. The registry is wired to the notifier as in the
 * broker; the notifier's worker is not started: each {@code round()} is one round of it, the clock is stepped.
 */
class ConsumerIdsChangeNotifierTest {
    private static final String GROUP = "g";
    private static final long AGAIN = 1500;

    private final ManualClock clock = new ManualClock();
    private final List<String> notices = new ArrayList<>();
    private final Set<String> unreachable = new java.util.HashSet<>();
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private long againMillis = AGAIN;
    private final ConsumerIdsChangeNotifier notifier = new ConsumerIdsChangeNotifier(enabled::get, () -> againMillis,
            clock, (member, group) -> {
                if (unreachable.contains(member.clientId())) {
                    throw new java.io.IOException("connection reset");
                }
                notices.add(member.clientId() + "@" + group);
            }, new FaultRegistry(clock));
    private final ConsumerRegistry registry = new ConsumerRegistry(clock);
    private final ClientHousekeeper housekeeper = new ClientHousekeeper(registry, new ProducerRegistry(clock),
            () -> 120_000, clock, new FaultRegistry(clock));

    ConsumerIdsChangeNotifierTest() {
        registry.setChangeListener(notifier::groupChanged);
    }

    private RemotingChannel join(String clientId) {
        return join(clientId, "CLUSTERING");
    }

    private RemotingChannel join(String clientId, String model) {
        RemotingChannel ch = RemotingChannel.detached(new EmbeddedChannel());
        registry.register(GROUP, new ClientChannel(ch, clientId, LanguageCode.JAVA, 0, clock.currentTimeMillis()),
                "CONSUME_PASSIVELY", model, "CONSUME_FROM_FIRST_OFFSET", List.of(), false);
        return ch;
    }

    /** One round of the notifier's worker; returns the notices it sent, sorted. */
    private List<String> round() {
        notices.clear();
        notifier.doWork();
        List<String> out = new ArrayList<>(notices);
        out.sort(null);
        return out;
    }

    @Test
    void aMemberJoiningMakesTheBrokerNotifyEveryMemberAtOnce() {
        join("c1");
        assertEquals(List.of("c1@g"), round());
        join("c2");
        assertEquals(List.of("c1@g", "c2@g"), round(), "the old member and the newcomer, in the next round");
        assertEquals(List.of(), round(), "each change is announced once at once");
    }

    @Test
    void aHeartbeatOfAKnownMemberIsNoChange() {
        RemotingChannel ch = join("c1");
        round();
        registry.register(GROUP, new ClientChannel(ch, "c1", LanguageCode.JAVA, 0, clock.currentTimeMillis()),
                "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_FIRST_OFFSET", List.of(), false);
        assertEquals(List.of(), round());
    }

    @Test
    void onceTheGroupHasBeenQuietEveryMemberIsNotifiedOnceMore() {
        join("c1");
        join("c2");
        round();
        clock.advance(AGAIN - 1);
        assertEquals(List.of(), round(), "not before the quiet time");
        assertEquals(1, notifier.millisUntilNextRound(), "the worker idles exactly until the second notice");
        clock.advance(1);
        assertEquals(List.of("c1@g", "c2@g"), round(), "the second notice, to every member");
        clock.advance(10 * AGAIN);
        assertEquals(List.of(), round(), "and only one");
        assertEquals(Long.MAX_VALUE, notifier.millisUntilNextRound());
    }

    @Test
    void aFurtherChangeIsAnnouncedAtOnceAndPushesTheSecondNoticeBack() {
        join("c1");
        round();
        clock.advance(1000);
        join("c2");
        assertEquals(List.of("c1@g", "c2@g"), round());
        clock.advance(AGAIN - 1000);
        assertEquals(List.of(), round(), "the first change's second notice is superseded");
        clock.advance(1000);
        assertEquals(List.of("c1@g", "c2@g"), round(), "quiet for " + AGAIN + " ms after the last change");
    }

    @Test
    void aClosedConnectionIsRemovedAndTheOthersNotified() {
        join("c1");
        RemotingChannel c2 = join("c2");
        join("c3");
        round();
        c2.close();
        housekeeper.onClose(c2);
        assertEquals(List.of("c1", "c3"), registry.group(GROUP).clientIds(), "gone from the member list at once");
        assertEquals(List.of("c1@g", "c3@g"), round(), "the others are told in the next round");
    }

    @Test
    void aMemberUnregisteringIsRemovedAndTheOthersNotified() {
        join("c1");
        RemotingChannel c2 = join("c2");
        round();
        registry.unregister(GROUP, c2);
        assertEquals(List.of("c1"), registry.group(GROUP).clientIds());
        assertEquals(List.of("c1@g"), round());
    }

    @Test
    void aMemberThatCannotBeNotifiedIsCountedAndTheOthersStillAre() {
        join("c1");
        join("c2");
        join("c3");
        unreachable.add("c2");
        assertEquals(List.of("c1@g", "c3@g"), round());
        assertEquals(1, notifier.failedCount());
        assertEquals(2, notifier.sentCount());
    }

    @Test
    void withoutAQuietTimeOnlyTheFirstNoticeIsSent() {
        againMillis = 0;
        join("c1");
        assertEquals(List.of("c1@g"), round());
        clock.advance(60_000);
        assertEquals(List.of(), round());
        assertEquals(0, notifier.secondNoticesPending());
    }

    @Test
    void broadcastingGroupsAndADisabledSwitchSendNothing() {
        join("b1", "BROADCASTING");
        assertEquals(List.of(), round(), "broadcasting consumers do not rebalance");
        enabled.set(false);
        ConsumerRegistry other = new ConsumerRegistry(clock);
        other.setChangeListener(notifier::groupChanged);
        other.register("h", new ClientChannel(RemotingChannel.detached(new EmbeddedChannel()), "c1", LanguageCode.JAVA,
                0, clock.currentTimeMillis()), "CONSUME_PASSIVELY", "CLUSTERING", null, List.of(), false);
        assertEquals(List.of(), round(), "notifyConsumerIdsChangedEnable=false");
        assertTrue(notifier.secondNoticesPending() == 0);
    }
}
