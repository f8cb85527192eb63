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
    private long delayMillis; // 0: announced in the next round (the delay has its own test)
    private final ConsumerIdsChangeNotifier notifier = new ConsumerIdsChangeNotifier(enabled::get, () -> delayMillis,
            () -> againMillis, clock, (member, group) -> {
                if (unreachable.contains(member.clientId())) {
                    throw new java.io.IOException("connection reset");
                }
                notices.add(member.clientId() + "@" + group);
            }, new FaultRegistry(clock));
    private final ConsumerRegistry registry = new ConsumerRegistry(clock);
    private final ClientHousekeeper housekeeper = new ClientHousekeeper(registry, new ProducerRegistry(clock),
            () -> 120_000, clock, new FaultRegistry(clock));

    private static final long SETTLE = 4000;
    private final Set<String> consumingHere = new java.util.HashSet<>(Set.of(GROUP));
    private final ConsumerListSettling settling = new ConsumerListSettling(clock, () -> SETTLE,
            () -> consumingHere);

    ConsumerIdsChangeNotifierTest() {
        registry.setChangeListener(notifier::groupChanged);
        notifier.settleWith(settling, registry);
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
    void aChangeIsAnnouncedOnlyWhenEveryBrokerHasHadTimeToSeeIt() {
        delayMillis = 500;
        join("c1");
        assertEquals(List.of(), round(), "not at once: the newcomer's heartbeat may not have reached the others");
        assertEquals(500, notifier.millisUntilNextRound());
        clock.advance(300);
        join("c2"); // a second change within the delay is announced with the first, not later
        assertEquals(List.of(), round());
        clock.advance(200);
        assertEquals(List.of("c1@g", "c2@g"), round(), "500 ms after the first change");
        assertEquals(List.of(), roundsFor(400));
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
        for (int i = 0; i < 10; i++) {
            clock.advance(AGAIN);
            assertEquals(List.of(), round(), "and only one");
        }
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
    void aMemberSilentLongerThanTheExpiryIsRemovedAndTheOthersNotified() {
        join("c1");
        clock.advance(60_000);
        join("c2");
        round();
        clock.advance(60_001); // c1 last heard from 120,001 ms ago, c2 60,001 ms ago (the expiry is 120 s)
        housekeeper.scan();
        assertEquals(List.of("c2"), registry.group(GROUP).clientIds());
        assertEquals(1, housekeeper.expiredCount());
        assertEquals(List.of("c2@g"), round());
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

    /** Lets {@code millis} pass with a round every 500 ms, as the worker does; returns every notice sent. */
    private List<String> roundsFor(long millis) {
        List<String> all = new ArrayList<>();
        for (long t = 0; t < millis; t += 500) {
            clock.advance(Math.min(500, millis - t));
            all.addAll(round());
        }
        return all;
    }

    @Test
    void afterAStartTheListOfAGroupThatConsumedHereIsHeldBackThenItsMembersAreTold() {
        againMillis = 0; // only the settling's notices
        settling.begin("broker starting");
        join("c1");
        assertEquals(List.of("c1@g"), round(), "a member coming back is announced as usual");
        assertTrue(settling.holdsBack(GROUP), "but the list is not answered: the others are still reconnecting");
        assertTrue(!settling.holdsBack("fresh"), "a group that never consumed here has nobody to wait for");
        roundsFor(500);
        join("c2");
        assertEquals(List.of("c1@g", "c2@g"), round());
        assertEquals(List.of(), roundsFor(SETTLE - 500 - 1));
        assertTrue(settling.holdsBack(GROUP));
        assertEquals(1, notifier.millisUntilNextRound(), "the worker wakes when the period ends");
        clock.advance(1);
        assertTrue(!settling.holdsBack(GROUP), "answered again " + SETTLE + " ms after the start");
        assertEquals(List.of("c1@g", "c2@g"), round(), "and every member is told to rebalance on the full list");
        assertEquals(List.of(), roundsFor(10_000), "once");
    }

    @Test
    void aPauseOfTheProcessHoldsTheListsBackAgain() {
        againMillis = 0;
        join("c1");
        round();
        assertEquals(List.of(), roundsFor(5000));
        assertTrue(!settling.holdsBack(GROUP), "rounds every half second are no pause");
        clock.advance(ConsumerListSettling.PAUSE_MILLIS);
        round();
        assertTrue(settling.holdsBack(GROUP), "no round for " + ConsumerListSettling.PAUSE_MILLIS
                + " ms: the process was stopped and its clients may have dropped their connections");
        assertEquals(List.of("c1@g"), roundsFor(SETTLE), "told when the list is answered again");
        assertTrue(!settling.holdsBack(GROUP));
    }

    @Test
    void aZeroSettleTimeOrNoGroupConsumingHereHoldsNothingBack() {
        consumingHere.clear();
        settling.begin("broker starting");
        assertTrue(!settling.holdsBack(GROUP), "a fresh broker has no group to wait for");
        ConsumerListSettling off = new ConsumerListSettling(clock, () -> 0, () -> Set.of(GROUP));
        off.begin("broker starting");
        assertTrue(!off.holdsBack(GROUP));
        assertEquals(0, off.millisLeft());
    }
}
