package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.Json;
import io.ferrymq.remoting.protocol.JsonBodyException;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fastjson2 2.0.53 never returns from parsing a '/' (a comment start) inside an array inside an object, e.g.
 * {@code {"a":[1/]}}: found by the console's BodyFuzzTest (its input hung the fuzzer). In a JSON header that is one
 * 40-byte frame pinning a server I/O thread at full CPU forever; in a REGISTER_BROKER body, one request pinning a
 * name-server thread. JSON has no comments and no peer sends them: every JSON FerryMQ reads from the network is
 * refused with the declared error when it has one, at once.
 */
class JsonHangTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static io.netty.buffer.ByteBuf jsonFrameWithoutLength(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeInt(h.length).writeBytes(h);
    }

    @Test
    void aCommentInAJsonHeaderIsAFrameErrorNotAHang() {
        for (String header : new String[] {"{\"code\":1,\"extFields\":{\"a\":[1/]}}", "{\"code\":[1/]}",
            "{\"remark\":{\"a\":[1/]}}", "{\"code\":1,\"extFields\":{\"a\":\"x\"}/*c*/}"}) {
            FrameFormatException e = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(FrameFormatException.class, () -> FrameCodec.decode(jsonFrameWithoutLength(header))),
                    header);
            assertTrue(e.getMessage().contains("comment"), e.getMessage());
        }
    }

    @Test
    void aSlashInsideAStringIsStillAccepted() {
        RemotingCommand cmd = assertTimeoutPreemptively(BOUND,
                () -> FrameCodec.decode(jsonFrameWithoutLength("{\"code\":1,\"extFields\":{\"a\":\"x/y \\\" /\"}}")));
        assertTrue(cmd.extFields().get("a").equals("x/y \" /"), cmd.extFields().toString());
    }

    @Test
    void aCommentInAJsonBodyIsAJsonBodyExceptionNotAHang() {
        byte[] body = "{\"a\":[1/]}".getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(BOUND, () -> assertThrows(JsonBodyException.class, () -> Json.parse(body, Map.class)));
        assertTimeoutPreemptively(BOUND, () -> assertThrows(JsonBodyException.class,
                () -> Json.parseList("[[1/]]".getBytes(StandardCharsets.UTF_8), String.class)));
        assertTimeoutPreemptively(BOUND, () -> assertThrows(JsonBodyException.class,
                () -> RegisterBrokerBody.decode("{\"filterServerList\":[[1/]]}".getBytes(StandardCharsets.UTF_8), false)));
    }
}
