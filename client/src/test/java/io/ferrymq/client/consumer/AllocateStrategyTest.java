package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocateStrategyTest {
    private static List<MessageQueue> queues(int n) {
        List<MessageQueue> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MessageQueue("T", "broker-" + (char) ('a' + i / 4), i % 4));
        }
        return out;
    }

    private static List<String> ids(int c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            out.add("10.0.0.1@c" + i);
        }
        return out;
    }

    private static List<List<MessageQueue>> allocateAll(AllocateStrategy s, int n, int c) {
        List<List<MessageQueue>> out = new ArrayList<>();
        for (String id : ids(c)) {
            out.add(s.allocate("G", id, queues(n), ids(c)));
        }
        return out;
    }

    @Test
    void averagelyEightOverTwoIsFourFour() {
        List<List<MessageQueue>> a = allocateAll(new AllocateAveragely(), 8, 2);
        assertEquals(queues(8).subList(0, 4), a.get(0));
        assertEquals(queues(8).subList(4, 8), a.get(1));
    }

    @Test
    void averagelyEightOverThreeIsContiguousThreeThreeTwo() {
        List<List<MessageQueue>> a = allocateAll(new AllocateAveragely(), 8, 3);
        assertEquals(queues(8).subList(0, 3), a.get(0));
        assertEquals(queues(8).subList(3, 6), a.get(1));
        assertEquals(queues(8).subList(6, 8), a.get(2));
    }

    @Test
    void averagelyTenConsumersLeaveTwoIdle() {
        List<List<MessageQueue>> a = allocateAll(new AllocateAveragely(), 8, 10);
        for (int i = 0; i < 8; i++) {
            assertEquals(List.of(queues(8).get(i)), a.get(i), "consumer " + i);
        }
        assertTrue(a.get(8).isEmpty());
        assertTrue(a.get(9).isEmpty());
    }

    @Test
    void averagelyMatchesTheReferenceFormulaForManyShapes() {
        // reference: RocketMQ AllocateMessageQueueAveragely as given in the docs/protocol.md (5.5)
        for (int n = 0; n <= 20; n++) {
            for (int c = 1; c <= 12; c++) {
                List<List<MessageQueue>> a = allocateAll(new AllocateAveragely(), n, c);
                Set<MessageQueue> seen = new HashSet<>();
                for (int i = 0; i < c; i++) {
                    int r = n == 0 ? 0 : n % c;
                    int count = n <= c ? 1 : (i < r ? n / c + 1 : n / c);
                    int start = i < r ? i * count : i * count + r;
                    int take = Math.max(0, Math.min(count, n - start));
                    if (n == 0) {
                        take = 0;
                    }
                    assertEquals(take, a.get(i).size(), "n=" + n + " c=" + c + " i=" + i);
                    for (int k = 0; k < take; k++) {
                        assertEquals(queues(n).get(start + k), a.get(i).get(k));
                    }
                    for (MessageQueue q : a.get(i)) {
                        assertTrue(seen.add(q), "queue given twice: " + q);
                    }
                }
                assertEquals(n, seen.size(), "all queues allocated for n=" + n + " c=" + c);
            }
        }
    }

    @Test
    void unknownConsumerGetsNothing() {
        assertTrue(new AllocateAveragely().allocate("G", "other", queues(8), ids(2)).isEmpty());
        assertTrue(new AllocateRoundRobin().allocate("G", "other", queues(8), ids(2)).isEmpty());
    }

    @Test
    void roundRobinDealsQueues() {
        List<List<MessageQueue>> a = allocateAll(new AllocateRoundRobin(), 8, 3);
        List<MessageQueue> q = queues(8);
        assertEquals(List.of(q.get(0), q.get(3), q.get(6)), a.get(0));
        assertEquals(List.of(q.get(1), q.get(4), q.get(7)), a.get(1));
        assertEquals(List.of(q.get(2), q.get(5)), a.get(2));
    }

    @Test
    void machineRoomTakesOnlyQueuesOfItsRooms() {
        List<MessageQueue> all = new ArrayList<>();
        for (String b : List.of("hz@broker-a", "sh@broker-b", "hz@broker-c")) {
            for (int i = 0; i < 4; i++) {
                all.add(new MessageQueue("T", b, i));
            }
        }
        AllocateByMachineRoom s = new AllocateByMachineRoom(Set.of("hz"));
        List<String> cids = ids(3);
        Set<MessageQueue> union = new HashSet<>();
        int total = 0;
        for (String id : cids) {
            List<MessageQueue> got = s.allocate("G", id, all, cids);
            total += got.size();
            union.addAll(got);
            got.forEach(q -> assertTrue(q.brokerName().startsWith("hz@")));
        }
        assertEquals(8, total);
        assertEquals(8, union.size());
    }
}
