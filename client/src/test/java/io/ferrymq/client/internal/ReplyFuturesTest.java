package io.ferrymq.client.internal;

import io.ferrymq.common.ManualClock;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.producer.Replies;
import io.ferrymq.client.producer.RequestTimeoutException;
import io.ferrymq.common.message.MessageConst;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyFuturesTest {
    private static ReceivedMessage received(String topic, Map<String, String> props) {
        return new ReceivedMessage(topic, 0, new byte[] {1}, props, "broker-a", 0, 5, 100, 0, 1, null, 2, null, 0,
            10, "ID");
    }

    @Test
    void repliesCompleteTheirOwnRequestOnly() throws Exception {
        ManualClock clock = new ManualClock();
        ReplyFutures f = new ReplyFutures(clock);
        CompletableFuture<ReceivedMessage> a = f.register("a", 1000, "T");
        CompletableFuture<ReceivedMessage> b = f.register("b", 1000, "T");
        ReceivedMessage ra = received("C_REPLY_TOPIC", Map.of(MessageConst.PROPERTY_CORRELATION_ID, "a"));
        assertTrue(f.complete("a", ra));
        assertSame(ra, a.get());
        assertFalse(b.isDone());
        assertFalse(f.complete("a", ra), "a late duplicate matches nothing");
        assertFalse(f.complete("unknown", ra));
        assertEquals(1, f.size());
    }

    @Test
    void expiryFollowsTheInjectedClock() {
        ManualClock clock = new ManualClock();
        ReplyFutures f = new ReplyFutures(clock);
        CompletableFuture<ReceivedMessage> a = f.register("a", 1000, "T");
        CompletableFuture<ReceivedMessage> b = f.register("b", 5000, "T");
        clock.advance(999);
        assertEquals(0, f.expire());
        clock.advance(1);
        assertEquals(1, f.expire());
        ExecutionException e = assertThrows(ExecutionException.class, a::get);
        assertInstanceOf(RequestTimeoutException.class, e.getCause());
        assertFalse(b.isDone());
        assertEquals(1, f.size());
    }

    @Test
    void replierBuildsTheReplyFromTheRequest() {
        ReceivedMessage req = received("Orders", Map.of(MessageConst.PROPERTY_CLUSTER, "C1",
            MessageConst.PROPERTY_CORRELATION_ID, "corr-1", MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT,
            "1.2.3.4@x", MessageConst.PROPERTY_MESSAGE_TTL, "3000"));
        Message reply = Replies.create(req, "ok".getBytes());
        assertEquals("C1_REPLY_TOPIC", reply.topic());
        assertEquals("corr-1", reply.property(MessageConst.PROPERTY_CORRELATION_ID));
        assertEquals("1.2.3.4@x", reply.property(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT));
        assertEquals("3000", reply.property(MessageConst.PROPERTY_MESSAGE_TTL));
        assertEquals("reply", reply.property(MessageConst.PROPERTY_MESSAGE_TYPE));
        assertTrue(MessageCodec.isReply(reply));
        assertTrue(Replies.isRequest(req));
        assertThrows(io.ferrymq.client.ClientException.class,
            () -> Replies.create(received("Orders", Map.of(MessageConst.PROPERTY_CORRELATION_ID, "c",
                MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, "x")), new byte[0]));
    }
}
