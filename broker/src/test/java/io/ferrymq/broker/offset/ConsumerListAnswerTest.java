package io.ferrymq.broker.offset;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerListSettling;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.common.ManualClock;
import io.ferrymq.remoting.LanguageCode;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.GetConsumerListByGroupResponseBody;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET_CONSUMER_LIST_BY_GROUP: the live members, sorted; nothing while the broker's list is settling. */
class ConsumerListAnswerTest {
    private final ManualClock clock = new ManualClock();
    private final ConsumerRegistry registry = new ConsumerRegistry(clock);
    private final ConsumerListSettling settling = new ConsumerListSettling(clock, () -> 4000, () -> Set.of("old"));
    // the member list needs only the registry and the settling; offsets, topics and the store serve other codes
    private final ConsumerManageProcessor processor = new ConsumerManageProcessor(registry, settling, null, null,
            null, null, offset -> true);

    private void join(String group, String clientId) {
        registry.register(group, new ClientChannel(RemotingChannel.detached(new EmbeddedChannel()), clientId,
                LanguageCode.JAVA, 0, clock.currentTimeMillis()), "CONSUME_PASSIVELY", "CLUSTERING", null, List.of(),
                false);
    }

    private RemotingCommand ask(String group) throws Exception {
        return processor.process(RemotingChannel.detached(new EmbeddedChannel()),
                RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).putExt("consumerGroup", group));
    }

    private static List<String> ids(RemotingCommand r) throws Exception {
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        return Json.parse(r.body(), GetConsumerListByGroupResponseBody.class).getConsumerIdList();
    }

    @Test
    void theLiveMembersSorted() throws Exception {
        join("g", "c2");
        join("g", "c1");
        assertEquals(List.of("c1", "c2"), ids(ask("g")));
        assertEquals(ResponseCode.SYSTEM_ERROR, ask("nobody").code(), "a group without members is an error");
    }

    @Test
    void whileSettlingAGroupThatConsumedHereGetsAnErrorTheClientKeepsItsAllocationOn() throws Exception {
        settling.begin("broker starting");
        join("old", "c1");
        join("new", "c1");
        RemotingCommand r = ask("old");
        assertEquals(ResponseCode.SYSTEM_ERROR, r.code(), "not the partial list [c1]");
        assertTrue(r.remark().contains("not complete yet") && r.remark().contains("4000 ms"), r.remark());
        assertEquals(List.of("c1"), ids(ask("new")), "a group new here is answered at once");
        clock.advance(4000);
        assertEquals(List.of("c1"), ids(ask("old")));
    }
}
