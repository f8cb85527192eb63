package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TopicRouteTest {
    private static TopicRoute route(Map<Long, String> bAddrs) {
        return new TopicRoute("T",
            List.of(new TopicRoute.QueueInfo("broker-b", 2, 2, 6), new TopicRoute.QueueInfo("broker-a", 3, 2, 6),
                new TopicRoute.QueueInfo("broker-c", 1, 1, 4)),
            List.of(new TopicRoute.BrokerInfo("C", "broker-a", Map.of(0L, "h:1", 1L, "h:2")),
                new TopicRoute.BrokerInfo("C", "broker-b", bAddrs),
                new TopicRoute.BrokerInfo("C", "broker-c", Map.of(0L, "h:5"))),
            null);
    }

    @Test
    void publishQueuesAreWritableQueuesOfGroupsWithAMaster() {
        TopicRoute r = route(Map.of(1L, "h:4"));
        assertEquals(List.of(new MessageQueue("T", "broker-a", 0), new MessageQueue("T", "broker-a", 1)),
            r.publishQueues());
        assertEquals(2 + 3 + 1, r.subscribeQueues().size());
        assertEquals(new MessageQueue("T", "broker-a", 0), r.subscribeQueues().get(0));
    }

    @Test
    void readAddressFollowsSuggestionAndFallsBackToSlaveWithoutMaster() {
        TopicRoute r = route(Map.of(1L, "h:4"));
        assertEquals("h:1", r.readAddress("broker-a", 0));
        assertEquals("h:2", r.readAddress("broker-a", 1));
        assertEquals("h:1", r.readAddress("broker-a", 7));
        assertEquals("h:4", r.readAddress("broker-b", 0));
        assertNull(r.readAddress("nope", 0));
    }

    @Test
    void orderTopicConfDecidesPublishQueues() {
        TopicRoute r = new TopicRoute("T", List.of(), List.of(), "broker-a:2;broker-b:1");
        assertEquals(3, r.publishQueues().size());
        assertEquals(new MessageQueue("T", "broker-b", 0), r.publishQueues().get(2));
    }
}
