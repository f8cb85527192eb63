package io.ferrymq.broker.pull;

import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.subscription.SubscriptionGroupTable;
import io.ferrymq.broker.testing.FakeMessageStore;
import io.ferrymq.broker.topic.Perm;
import io.ferrymq.broker.topic.TopicConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.ManualClock;
import io.ferrymq.common.fault.FaultRegistry;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageDecoder;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageToStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** PULL_MESSAGE against a fake store: the codes and offsets of docs/protocol.md 5.7, and long polling. */
class PullMessageProcessorTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final int SUSPEND = 2;
    private static final int SUBSCRIPTION = 4;
    private static final int COMMIT = 1;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FaultRegistry faults = new FaultRegistry(clock);
    private final FakeMessageStore store = new FakeMessageStore();
    private final EmbeddedChannel wire = new EmbeddedChannel();
    private final RemotingChannel channel = RemotingChannel.detached(wire);
    private ConsumerOffsetTable offsets;
    private PullMessageProcessor pull;
    private PullRequestHoldService hold;

    @BeforeEach
    void wire() {
        BrokerConfig config = new BrokerConfig().brokerClusterName("C1").brokerName("broker-a");
        TopicConfigTable topics = new TopicConfigTable(dir.resolve("topics.json"), clock);
        topics.put(TopicConfig.of("T", 2, Perm.READ_WRITE));
        offsets = new ConsumerOffsetTable(dir.resolve("offsets.json"), 5000, clock, faults);
        pull = new PullMessageProcessor(config, topics, new SubscriptionGroupTable(dir.resolve("groups.json"), true),
                new ConsumerRegistry(clock), offsets, store, new BrokerStats(clock), clock,
                new io.ferrymq.broker.filter.SubscriptionFilters(config::enablePropertyFilter));
        hold = new PullRequestHoldService(clock, store::maxOffset, pull::release, faults);
        pull.bind(hold, Runnable::run);
    }

    private void put(String body) {
        store.put(MessageToStore.of("T", 0, body.getBytes(StandardCharsets.UTF_8), "", clock.currentTimeMillis(),
                HOST, HOST));
    }

    private static RemotingCommand pullRequest(String topic, long offset, int maxMsgs, int sysFlag) {
        RemotingCommand req = RemotingCommand.request(RequestCode.PULL_MESSAGE);
        req.putExt("consumerGroup", "G");
        req.putExt("topic", topic);
        req.putExt("queueId", "0");
        req.putExt("queueOffset", Long.toString(offset));
        req.putExt("maxMsgNums", Integer.toString(maxMsgs));
        req.putExt("sysFlag", Integer.toString(sysFlag));
        req.putExt("commitOffset", "0");
        req.putExt("suspendTimeoutMillis", "15000");
        req.putExt("subVersion", "0");
        if ((sysFlag & SUBSCRIPTION) != 0) {
            req.putExt("subscription", "*");
            req.putExt("expressionType", "TAG");
        }
        return req;
    }

    private static List<String> bodies(RemotingCommand resp) {
        ByteBuf buf = resp.bodyBuffer();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        buf.release();
        List<String> out = new ArrayList<>();
        for (DecodedMessage m : MessageDecoder.decodeAll(ByteBuffer.wrap(bytes)).messages()) {
            out.add(new String(m.body(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static long ext(RemotingCommand resp, String key) {
        return Long.parseLong(resp.extFields().get(key));
    }

    @Test
    void foundMessagesComeInQueueOrderWithTheOffsetAfterTheLastOne() throws Exception {
        put("m0");
        put("m1");
        put("m2");
        RemotingCommand resp = pull.process(channel, pullRequest("T", 0, 2, SUBSCRIPTION));

        assertEquals(ResponseCode.SUCCESS, resp.code());
        assertEquals(List.of("m0", "m1"), bodies(resp));
        assertEquals(2, ext(resp, "nextBeginOffset"));
        assertEquals(0, ext(resp, "minOffset"));
        assertEquals(3, ext(resp, "maxOffset"));
        assertEquals(0, ext(resp, "suggestWhichBrokerId"));
    }

    @Test
    void aCaughtUpPullWithoutSuspendIsAnsweredNotFoundAtItsOffset() throws Exception {
        put("m0");
        RemotingCommand resp = pull.process(channel, pullRequest("T", 1, 32, SUBSCRIPTION));
        assertEquals(ResponseCode.PULL_NOT_FOUND, resp.code());
        assertEquals(1, ext(resp, "nextBeginOffset"));
        assertEquals(1, ext(resp, "maxOffset"));
    }

    @Test
    void anOffsetBeyondTheQueueIsMovedBackToItsEnd() throws Exception {
        put("m0");
        RemotingCommand resp = pull.process(channel, pullRequest("T", 7, 32, SUBSCRIPTION));
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, resp.code());
        assertEquals(1, ext(resp, "nextBeginOffset"));
    }

    @Test
    void anUnknownTopicAndAnUnknownSubscriptionAreRefused() throws Exception {
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, pull.process(channel, pullRequest("Nope", 0, 1, SUBSCRIPTION))
                .code());
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_EXIST, pull.process(channel, pullRequest("T", 0, 1, 0)).code(),
                "without the subscription flag the broker needs the group's heartbeat");
    }

    @Test
    void theCommitFlagStoresTheConsumersOffsetBeforeAnswering() throws Exception {
        put("m0");
        RemotingCommand req = pullRequest("T", 1, 32, SUBSCRIPTION | COMMIT);
        req.putExt("commitOffset", "1");
        pull.process(channel, req);
        assertEquals(1, offsets.query("G", "T", 0));
    }

    @Test
    void aHeldPullIsAnsweredWithTheMessageThatArrives() throws Exception {
        RemotingCommand held = pull.process(channel, pullRequest("T", 0, 32, SUBSCRIPTION | SUSPEND));
        assertNull(held, "nothing to read yet: the pull is held, not answered");
        hold.step();
        assertNull(wire.readOutbound(), "still held");

        put("late");
        hold.onDispatched("T", 0, 0, 0);
        hold.step();

        wire.runPendingTasks();
        RemotingCommand resp = wire.readOutbound();
        assertNotNull(resp, "the held pull was answered on its channel");
        assertEquals(ResponseCode.SUCCESS, resp.code());
        assertEquals(List.of("late"), bodies(resp));
        assertEquals(1, ext(resp, "nextBeginOffset"));
    }

    @Test
    void aHeldPullIsAnsweredNotFoundWhenItsHoldTimeEnds() throws Exception {
        pull.process(channel, pullRequest("T", 0, 32, SUBSCRIPTION | SUSPEND));
        hold.step();
        clock.advance(15_001);
        hold.step();

        wire.runPendingTasks();
        RemotingCommand resp = wire.readOutbound();
        assertNotNull(resp);
        assertEquals(ResponseCode.PULL_NOT_FOUND, resp.code());
        assertEquals(0, ext(resp, "nextBeginOffset"));
    }
}
